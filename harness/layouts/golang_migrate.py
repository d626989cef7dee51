"""golang-migrate: `NNN_name.up.sql` / `NNN_name.down.sql`, one directory per dialect (or one for every dialect)."""

from __future__ import annotations

import re
from pathlib import Path

from harness.layouts.dialects import is_dialect_name
from harness.layouts.files import Collector, detect_in, dialect_directories, read_text, sql_files
from harness.layouts.model import ForeignHistory, Script

NAME = "golang-migrate"
SUMMARY = "NNN_name.up.sql / NNN_name.down.sql, one directory per dialect (postgres/, mysql/) or one for all"
FILE = re.compile(r"^(?P<version>\d+)_(?P<name>.*)\.(?P<direction>up|down)\.sql$")


def accepts(path: Path) -> bool:
    match = FILE.match(path.name)
    if match is None:
        return False
    # `001_init.postgres.up.sql` belongs to the dialect-suffixed layout
    infix = match.group("name").rsplit(".", 1)
    return not (len(infix) == 2 and is_dialect_name(infix[1]))


def detect(root: Path) -> bool:
    return detect_in(root, accepts)


def read(root: Path) -> ForeignHistory:
    directories, set_aside = dialect_directories(root, accepts, NAME)
    collector = Collector()
    for dialect, directory in directories.items():
        for path in sql_files(directory):
            match = FILE.match(path.name)
            if match is None or not accepts(path):
                continue
            # golang-migrate parses the prefix as an unsigned integer: 0007 and 7 are the same version
            version = str(int(match.group("version")))
            collector.add(
                version, match.group("name"), dialect, match.group("direction"), Script(path, read_text(path))
            )
    return ForeignHistory(NAME, root, collector.migrations(root, NAME), directories, set_aside=set_aside)
