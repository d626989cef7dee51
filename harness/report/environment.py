"""Facts about the machine a run happened on, recorded in report.json's optional `environment`."""

from __future__ import annotations

import os
import platform
import re
import sys
from collections import Counter
from collections.abc import Sequence

from harness import __version__
from harness.report.json_contract import JsonValue, Report

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


# Shown first, in this order, with these labels; other keys follow as recorded.
_LABELS = {
    "harness_version": "harness version",
    "python": "Python",
    "implementation": "implementation",
    "platform": "platform",
    "machine": "machine",
    "cpu_count": "CPU count",
}


SET_ASIDE_LABEL = "files set aside"  # summary.md lists these itself


def environment_rows(report: Report) -> list[tuple[str, str]]:
    """(label, value) rows for the environment block of summary.md and report.html.

    The harness version, the CPU count and every server's version are always there: a value the run did not
    record reads "not recorded", so its absence is visible rather than silent.
    """
    recorded = dict(report.environment or {})
    rows = [
        (label, _text(recorded.pop(key)) if key in recorded else "not recorded")
        for key, label in _LABELS.items()
        if key in recorded or key in ("harness_version", "cpu_count")
    ]
    for engine in report.engines:
        if engine.started:
            where = f" ({engine.provider})" if engine.provider else ""
            rows.append((f"server {engine.spec}", f"{engine.server_version}{where}"))
        else:
            rows.append((f"server {engine.spec}", "not started" + (f": {engine.reason}" if engine.reason else "")))
    set_aside = recorded.pop("set_aside", None)
    if isinstance(set_aside, list) and set_aside:
        rows.append((SET_ASIDE_LABEL, _set_aside_text(set_aside)))
    rows += [(key, _text(value)) for key, value in recorded.items()]
    return rows


def _set_aside_text(entries: list[JsonValue]) -> str:
    """`2146 (1271 sqlite3-only, 869 cockroach-only, ...)`: counted by reason, as a layout reader gave them."""
    reasons = Counter(str(entry.get("reason", "")) if isinstance(entry, dict) else "" for entry in entries)
    by_reason = ", ".join(f"{count} {reason}" for reason, count in reasons.most_common())
    return f"{len(entries)} ({by_reason}; every file in report.json)"


def _text(value: JsonValue) -> str:
    if isinstance(value, list):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}={_text(item)}" for key, item in value.items() if item is not None)
    return str(value)
