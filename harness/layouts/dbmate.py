"""dbmate: `<version>_<name>.sql`, one file per migration with `-- migrate:up` and `-- migrate:down` sections.

A marker may carry options; `transaction:false` runs that section outside a transaction, as dbmate does.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness.layouts.files import Collector, detect_in, dialect_directories, read_text, sql_files
from harness.layouts.history import ForeignHistory, Script
from harness.layouts.scenario_error import ScenarioError

NAME = "dbmate"
SUMMARY = "<version>_<name>.sql, one file with -- migrate:up and -- migrate:down sections"
FILE = re.compile(r"^(?P<version>\d+)_(?P<name>.*)\.sql$")
MARKER = re.compile(r"^--\s*migrate:(?P<direction>up|down)(?P<options>[^\n]*)$", re.MULTILINE)


def _has_up_marker(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return any(line.lstrip("\ufeff").startswith("-- migrate:up") for line in handle)
    except OSError:
        return False


def accepts(path: Path) -> bool:
    return FILE.match(path.name) is not None and _has_up_marker(path)


def detect(root: Path) -> bool:
    return detect_in(root, accepts)


def sections(path: Path, text: str) -> dict[str, Script]:
    """`up` and (when present) `down` scripts of one dbmate file."""
    markers = list(MARKER.finditer(text))
    if not markers or markers[0].group("direction") != "up":
        raise ScenarioError(f"{path}: a dbmate migration must start with a `-- migrate:up` line")
    preamble = text[: markers[0].start()]
    if any(line.strip() and not line.strip().startswith("--") for line in preamble.splitlines()):
        raise ScenarioError(f"{path}: SQL before `-- migrate:up` belongs to no section; move it below the marker")
    found: dict[str, Script] = {}
    for position, marker in enumerate(markers):
        direction = marker.group("direction")
        if direction in found:
            raise ScenarioError(f"{path}: more than one `-- migrate:{direction}` section; keep one")
        end = markers[position + 1].start() if position + 1 < len(markers) else len(text)
        options = dict(option.split(":", 1) for option in marker.group("options").split() if ":" in option)
        transaction = options.get("transaction", "true").lower() != "false"
        found[direction] = Script(path, text[marker.end() : end].strip("\n") + "\n", transaction)
    return found


def read(root: Path) -> ForeignHistory:
    directories, set_aside = dialect_directories(root, accepts, NAME)
    collector = Collector()
    for dialect, directory in directories.items():
        for path in sql_files(directory):
            match = FILE.match(path.name)
            if match is None or not accepts(path):
                continue
            for direction, script in sections(path, read_text(path)).items():
                # dbmate records the version as the text of the prefix, leading zeros and all
                collector.add(match.group("version"), match.group("name"), dialect, direction, script)
    return ForeignHistory(NAME, root, collector.migrations(root, NAME), directories, set_aside=set_aside)
