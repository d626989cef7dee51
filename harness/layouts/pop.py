"""gobuffalo/pop and ory/popx: `NNN_name[.<dialect>][.autocommit].up.sql` / `.down.sql`, all in one directory.

The rules pop (and popx, which Ory's services use) follow, as this reader follows them:

- A file without a dialect (`NNN_name.up.sql`) serves every dialect that has no file of its own for that version;
  a dialect's own file (`NNN_name.postgres.up.sql`) wins over it.
- `.autocommit` (popx) runs the file outside a transaction (e.g. `CREATE INDEX CONCURRENTLY` on PostgreSQL).
- Versions are the digits as written (14 for pop's timestamps, 20 for popx's), recorded as text and ordered as text.
- pop's dialect names: `postgres` (also `postgresql`, `pg`, `pgx`), `mysql`, `mariadb`, `cockroach` (`cockroachdb`,
  `crdb`), `sqlite3` (`sqlite`). The harness replays pop's `mysql` files on the MySQL family (MariaDB servers
  included, as services that configure pop's mysql dialect on MariaDB run them) and `postgres` files on PostgreSQL.

Every file the reader does not run is kept in `set_aside_files` with the reason: a `.fizz` file, a file for a dialect
no engine here runs, a dialect-less file every dialect here overrides, a name that matches no rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from harness.dialects import DIALECTS, Dialect
from harness.layouts.files import Collector, read_text, sql_files
from harness.layouts.history import ForeignHistory, Script, SetAside, text_ordering
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.tool_dialects import ToolDialect

NAME = "pop"
SUMMARY = (
    "NNN_name[.<dialect>][.autocommit].up.sql / .down.sql in one directory (gobuffalo/pop, ory/popx); "
    "dialect-less files serve every dialect without its own"
)
FILE = re.compile(
    r"^(?P<version>\d+)_(?P<name>[^.]+)(?:\.(?P<dialect>[a-z0-9]+))?(?P<autocommit>\.autocommit)?"
    r"\.(?P<direction>up|down)\.(?P<kind>sql|fizz)$"
)
SYNONYMS = {
    "postgresql": "postgres", "pg": "postgres", "pgx": "postgres", "cockroachdb": "cockroach", "crdb": "cockroach",
    "sqlite": "sqlite3",
}  # fmt: skip
HARNESS_DIALECTS: dict[ToolDialect, Dialect] = {"postgres": "postgresql", "mysql": "mysql"}
SET_ASIDE_DIALECTS = {
    "mariadb": "pop runs .mariadb. files only with its mariadb dialect; the harness replays pop's mysql dialect on "
    "the MySQL family",
    "cockroach": "no engine here runs CockroachDB",
    "sqlite3": "no engine here runs SQLite",
}
SUPERSEDES = ("golang-migrate", "dialect-suffixed")
"""Layouts whose files a pop directory also holds: when pop's marks are there, the directory is pop's."""
HARNESS_FILES = frozenset({"releases.toml", "scenario.toml"})
"""Files of the harness's own beside the migrations: never migrations, never listed as set aside."""


Key = TypeVar("Key", tuple[str, str], tuple[str, str, Dialect])


@dataclass(frozen=True)
class PopFile:
    path: Path
    version: str
    name: str
    dialect: ToolDialect | None  # pop's canonical name; None for a file that serves every dialect
    direction: str
    kind: str  # sql | fizz
    autocommit: bool


def parse(path: Path) -> PopFile | None:
    match = FILE.match(path.name)
    if match is None:
        return None
    dialect, autocommit = match.group("dialect"), bool(match.group("autocommit"))
    if dialect == "autocommit" and not autocommit:  # `NNN_name.autocommit.up.sql`: no dialect, autocommit
        dialect, autocommit = None, True
    if dialect is not None:
        dialect = SYNONYMS.get(dialect, dialect)
    version, name = match.group("version"), match.group("name")
    return PopFile(path, version, name, dialect, match.group("direction"), match.group("kind"), autocommit)


def detect(root: Path) -> bool:
    """pop's marks: an `.autocommit` or `.fizz` file, or dialect-less and dialect files side by side (which neither
    golang-migrate nor the dialect-suffixed layout has)."""
    parsed = [found for path in sql_files(root) if (found := parse(path)) is not None]
    if any(found.autocommit or found.kind == "fizz" for found in parsed):
        return True
    return any(found.dialect is None for found in parsed) and any(found.dialect is not None for found in parsed)


def _aside_reason(found: PopFile) -> str | None:
    if found.kind == "fizz":
        return (
            "fizz is pop's own migration language, which the harness does not translate; generate the SQL "
            "(soda generate sql, one file per dialect) to verify this migration"
        )
    if found.dialect is None or found.dialect in HARNESS_DIALECTS:
        return None
    if found.dialect in SET_ASIDE_DIALECTS:
        return SET_ASIDE_DIALECTS[found.dialect]
    return f"pop does not know the dialect {found.dialect!r} and ignores the file"


def read(root: Path) -> ForeignHistory:
    own: dict[tuple[str, str, Dialect], PopFile] = {}  # (version, direction, harness dialect) -> file
    shared: dict[tuple[str, str], PopFile] = {}  # (version, direction) -> dialect-less file
    names: dict[str, str] = {}
    aside: list[SetAside] = []
    for path in sorted(root.iterdir()):
        if path.is_dir():
            aside.append(SetAside(path, "a directory: pop reads the migrations in the top directory"))
            continue
        if path.name in HARNESS_FILES:
            continue
        found = parse(path)
        if found is None:
            aside.append(SetAside(path, "not a migration file name (NNN_name[.dialect][.autocommit].up|down.sql)"))
            continue
        reason = _aside_reason(found)
        if reason is not None:
            aside.append(SetAside(path, reason))
            continue
        names.setdefault(found.version, found.name)
        if found.dialect is None:
            _keep(shared, (found.version, found.direction), found)
        else:
            _keep(own, (found.version, found.direction, HARNESS_DIALECTS[found.dialect]), found)
    dialects: list[Dialect] = sorted(set(DIALECTS) if shared else {dialect for _v, _d, dialect in own})
    if not dialects:
        raise ScenarioError(
            f"{root}: no pop migrations for PostgreSQL or the MySQL family here "
            f"({len(aside)} files set aside); add NNN_name.up.sql or NNN_name.postgres.up.sql files"
        )
    collector = Collector()
    used: set[Path] = set()
    for (version, direction, dialect), found in own.items():
        collector.add(version, names[version], dialect, direction, _script(found))
        used.add(found.path)
    for (version, direction), found in shared.items():
        for dialect in dialects:
            if (version, direction, dialect) not in own:
                collector.add(version, names[version], dialect, direction, _script(found))
                used.add(found.path)
        if found.path not in used:
            aside.append(SetAside(found.path, "every dialect here has its own file for this version"))
    migrations = collector.migrations(root, NAME, order=text_ordering)
    return ForeignHistory(
        NAME, root, migrations, {dialect: root for dialect in dialects},
        set_aside=tuple(sorted({f.dialect for f in _parsed(aside) if f.dialect and f.dialect not in HARNESS_DIALECTS})),
        set_aside_files=tuple(sorted(aside, key=lambda entry: entry.path.name)),
    )  # fmt: skip


def _keep(found: dict[Key, PopFile], key: Key, file: PopFile) -> None:
    previous = found.get(key)
    if previous is not None:
        raise ScenarioError(
            f"{file.path}: version {file.version} already has this file ({previous.path.name}); "
            f"pop would run only one of them - delete or renumber one"
        )
    found[key] = file


def _script(found: PopFile) -> Script:
    return Script(found.path, read_text(found.path), transaction=not found.autocommit)


def _parsed(aside: list[SetAside]) -> list[PopFile]:
    return [found for entry in aside if (found := parse(entry.path)) is not None]
