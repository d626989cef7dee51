"""Facts about the machine a run happened on, recorded in report.json's optional `environment`."""

from __future__ import annotations

import os
import platform
import re
import sys
from collections.abc import Sequence

from harness import __version__
from harness.report.model import JsonValue

# `scheme://user:secret@host` -> keep the user, hide the secret (engine specs may be URLs with passwords).
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*):[^@\s]*@", re.IGNORECASE)


def mask_passwords(text: str) -> str:
    return _URL_PASSWORD.sub(lambda m: f"{m.group('head')}:***@", text)


def collect_environment(pytest_args: Sequence[str] = ()) -> dict[str, JsonValue]:
    """What a reader needs to judge timings and reproduce the run; never includes URLs or credentials."""
    return {
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count() or 1,
        "harness_version": __version__,
        "pytest_args": [mask_passwords(arg) for arg in pytest_args],
    }
