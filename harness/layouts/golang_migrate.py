"""golang-migrate: `NNN_name.up.sql` / `NNN_name.down.sql`, one directory per dialect (or one for every dialect)."""

from __future__ import annotations

import re
from pathlib import Path

from harness.dialects import Dialect
from harness.layouts.files import Collector, detect_in, dialect_directories, read_text, sql_files
from harness.layouts.history import ForeignHistory, Script
from harness.layouts.tool_dialects import is_dialect_name

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
    together = Collector()
    own: dict[Dialect, Collector] = {dialect: Collector() for dialect in directories}
    names: dict[str, dict[str, str]] = {}  # version -> dialect directory -> migration name
    for dialect, directory in directories.items():
        for path in sql_files(directory):
            match = FILE.match(path.name)
            if match is None or not accepts(path):
                continue
            # golang-migrate parses the prefix as an unsigned integer: 0007 and 7 are the same version
            version = str(int(match.group("version")))
            names.setdefault(version, {})[directory.name] = match.group("name")
            script = Script(path, read_text(path))
            together.add(version, match.group("name"), dialect, match.group("direction"), script)
            own[dialect].add(version, match.group("name"), dialect, match.group("direction"), script)
    if not independently_numbered(names):
        return ForeignHistory(NAME, root, together.migrations(root, NAME), directories, set_aside=set_aside)
    # Paired by number, one dialect's messages would name the other's migrations: each dialect keeps its own
    # sequence, and releases.toml says where each release ends in each (checked when the releases are read).
    return ForeignHistory(
        NAME, root, (), directories, set_aside=set_aside,
        dialect_histories={
            dialect: ForeignHistory(NAME, root, collector.migrations(directories[dialect], NAME),
                                    {dialect: directories[dialect]})
            for dialect, collector in own.items()
        },
    )  # fmt: skip


def independently_numbered(names: dict[str, dict[str, str]]) -> bool:
    """Some number names different migrations in two dialect directories (mysql `8_rollouts`, postgres
    `8_enable_citext`). A number only one directory has is not that: it is a migration with nothing to do elsewhere."""
    return any(len(set(by_directory.values())) > 1 for by_directory in names.values())


def numbering_example(history: ForeignHistory) -> str:
    """The first differing numbers of independently numbered directories, for messages: `mysql/2_add_flag_owner,
    postgres/2_enable_citext; ...`."""
    by_number: dict[str, dict[str, str]] = {}
    for dialect, own in sorted(history.dialect_histories.items()):
        for migration in own.migrations:
            by_number.setdefault(migration.version, {})[history.directories[dialect].name] = migration.name
    differing = sorted(
        ((version, by_dir) for version, by_dir in by_number.items() if len(set(by_dir.values())) > 1),
        key=lambda item: int(item[0]),
    )
    shown = "; ".join(
        ", ".join(f"{directory}/{version}_{name}" for directory, name in sorted(by_dir.items()))
        for version, by_dir in differing[:2]
    )
    return shown + (f" and {len(differing) - 2} more" if len(differing) > 2 else "")
