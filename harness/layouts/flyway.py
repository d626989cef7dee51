"""Flyway: `V<version>__<description>.sql`, optional `U<version>__<description>.sql` undo.

Versions are dotted (`V1_2__x.sql` and `V1.2__x.sql` are both version 1.2, as Flyway records them); files sit in one
directory for every dialect or in one directory per vendor (`mysql/`, `postgresql/`).
"""

from __future__ import annotations

import re
from pathlib import Path

from harness.layouts.files import Collector, detect_in, dialect_directories, read_text, sql_files
from harness.layouts.history import ForeignHistory, Script
from harness.layouts.scenario_error import ScenarioError

NAME = "flyway"
SUMMARY = "V<version>__<description>.sql, optional U<version>__<description>.sql undo (one directory per vendor or one)"
FILE = re.compile(r"^(?P<prefix>[VU])(?P<version>\d+(?:[._]\d+)*)__(?P<description>.+)\.sql$")
REPEATABLE = re.compile(r"^R__.+\.sql$")


def accepts(path: Path) -> bool:
    match = FILE.match(path.name)
    return match is not None and match.group("prefix") == "V"


def detect(root: Path) -> bool:
    return detect_in(root, accepts)


def read(root: Path) -> ForeignHistory:
    directories, set_aside = dialect_directories(root, accepts, NAME)
    collector = Collector()
    for dialect, directory in directories.items():
        for path in sql_files(directory):
            if REPEATABLE.match(path.name):
                raise ScenarioError(
                    f"{path}: repeatable migrations (R__) have no version, so the harness cannot place them on an "
                    f"upgrade path; move its SQL into a versioned V file or leave it out of the verified copy"
                )
            match = FILE.match(path.name)
            if match is None:
                continue
            version = match.group("version").replace("_", ".")
            direction = "up" if match.group("prefix") == "V" else "down"
            collector.add(
                version, match.group("description").replace("_", " "), dialect, direction, Script(path, read_text(path))
            )
    return ForeignHistory(NAME, root, collector.migrations(root, NAME), directories, set_aside=set_aside)
