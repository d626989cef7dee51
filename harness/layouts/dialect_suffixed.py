"""One directory, the dialect in the file name: `NNN_name.<dialect>.up.sql` / `NNN_name.<dialect>.down.sql`.

A migration with no file (or an empty one) for a dialect does nothing on that dialect; its version is still recorded,
so every dialect walks the same versions.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness.dialects import Dialect
from harness.layouts.files import Collector, read_text, sql_files
from harness.layouts.history import ForeignHistory, Script, SetAside
from harness.layouts.pop import HARNESS_FILES
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.tool_dialects import harness_dialect, is_dialect_name

NAME = "dialect-suffixed"
SUMMARY = "NNN_name.<dialect>.up.sql / .down.sql in one directory (dialects: mysql, postgres, sqlite3, cockroach...)"
FILE = re.compile(r"^(?P<version>\d+)_(?P<name>.+)\.(?P<dialect>[A-Za-z0-9]+)\.(?P<direction>up|down)\.sql$")


def accepts(path: Path) -> bool:
    match = FILE.match(path.name)
    return match is not None and is_dialect_name(match.group("dialect"))


def detect(root: Path) -> bool:
    return any(accepts(path) for path in sql_files(root))


def _aside_reason(path: Path) -> str:
    match = FILE.match(path.name)
    if match is not None and match.group("dialect") == "autocommit":
        return "an .autocommit file (ory/popx): read this directory with --layout pop"
    if match is not None:
        return f"{match.group('dialect')!r} is no dialect name this layout knows"
    if path.name.endswith((".up.sql", ".down.sql", ".fizz")):
        return "no dialect in the name: with the pop layout (--layout pop) it serves every dialect without its own"
    return "not a migration file name (NNN_name.<dialect>.up|down.sql)"


def read(root: Path) -> ForeignHistory:
    collector = Collector()
    present: set[Dialect] = set()
    set_aside: set[str] = set()
    aside_files: list[SetAside] = []
    for path in sql_files(root):
        match = FILE.match(path.name)
        if match is None or not accepts(path):
            if path.name not in HARNESS_FILES:
                aside_files.append(SetAside(path, _aside_reason(path)))
            continue
        dialect = harness_dialect(match.group("dialect"))
        if dialect is None:
            set_aside.add(match.group("dialect"))
            aside_files.append(SetAside(path, f"no engine here runs {match.group('dialect')}"))
            continue
        present.add(dialect)
        collector.add(
            str(int(match.group("version"))),
            match.group("name"),
            dialect,
            match.group("direction"),
            Script(path, read_text(path)),
        )
    if not present:
        raise ScenarioError(
            f"{root}: dialect-suffixed migrations only for {', '.join(sorted(set_aside)) or 'no dialect'}, which no "
            f"engine here runs; add NNN_name.mysql.up.sql or NNN_name.postgres.up.sql files"
        )
    return ForeignHistory(
        NAME,
        root,
        collector.migrations(root, NAME),
        {dialect: root for dialect in sorted(present)},
        set_aside=tuple(sorted(set_aside)),
        set_aside_files=tuple(aside_files),
    )
