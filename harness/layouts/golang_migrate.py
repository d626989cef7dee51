"""golang-migrate: `NNN_name.up.sql` / `NNN_name.down.sql`, one directory per dialect (or one for every dialect)."""

from __future__ import annotations

import re
from pathlib import Path

from harness.layouts.dialects import is_dialect_name
from harness.layouts.files import Collector, detect_in, dialect_directories, read_text, sql_files
from harness.layouts.model import ForeignHistory, Script
from harness.scenario import ScenarioError

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
    names: dict[str, dict[str, str]] = {}  # version -> dialect directory -> migration name
    for dialect, directory in directories.items():
        for path in sql_files(directory):
            match = FILE.match(path.name)
            if match is None or not accepts(path):
                continue
            # golang-migrate parses the prefix as an unsigned integer: 0007 and 7 are the same version
            version = str(int(match.group("version")))
            names.setdefault(version, {})[directory.name] = match.group("name")
            collector.add(
                version, match.group("name"), dialect, match.group("direction"), Script(path, read_text(path))
            )
    _refuse_independent_numbering(root, names)
    return ForeignHistory(NAME, root, collector.migrations(root, NAME), directories, set_aside=set_aside)


def _refuse_independent_numbering(root: Path, names: dict[str, dict[str, str]]) -> None:
    """Dialect directories numbered independently (mysql `8_rollouts`, postgres `10_rollouts`) cannot be paired by
    number: merged, one dialect's messages would name the other's migrations. Said, rather than merged silently."""
    differing = [(version, by_dir) for version, by_dir in names.items() if len(set(by_dir.values())) > 1]
    if not differing:
        return
    shown = "; ".join(
        ", ".join(f"{directory}/{version}_{name}" for directory, name in sorted(by_dir.items()))
        for version, by_dir in sorted(differing, key=lambda item: int(item[0]))[:3]
    )
    more = f" and {len(differing) - 3} more" if len(differing) > 3 else ""
    raise ScenarioError(
        f"{root}: the dialect directories are numbered independently ({shown}{more}); the harness pairs "
        f"migrations by number across dialects, so it would name one dialect's migrations in the other's results. "
        f"Verify each directory on its own (--scenario {root}/<dialect> with that dialect's engines), or renumber "
        f"so that one number is one change in every dialect"
    )
