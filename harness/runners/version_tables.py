"""Where migration tools record what they applied, read the same way for every tool.

One reader per known table shape: golang-migrate's `schema_migrations(version, dirty)`, dbmate's
`schema_migrations(version)`, pop's `schema_migration(version)`, `flyway_schema_history`, `alembic_version`,
Liquibase's `DATABASECHANGELOG` and Atlas's `atlas_schema_revisions`. The replay runner and the command runner both
read through these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, inspect

from harness.layouts.history import ordering
from harness.runners.system_under_test import Attempt


@dataclass(frozen=True)
class Recorded:
    """The tool's own word on the database: its last applied migration, and whether it left that one unfinished."""

    version: str | None
    state: str = ""  # "" when clean; "dirty", "failed", "partial 2/5" otherwise

    @property
    def label(self) -> str | None:
        if self.version is None:
            return None
        return f"{self.version} ({self.state})" if self.state else self.version


@dataclass(frozen=True)
class VersionTable:
    tool: str
    table: str
    read: Callable[[Connection, str], Recorded]  # (connection, actual table name)
    rows: Callable[[Connection, str], list[tuple[str, ...]]]
    attempts: Callable[[Connection, str], list[Attempt]] = lambda connection, table: []
    extra_tables: tuple[str, ...] = ()

    @property
    def own_tables(self) -> frozenset[str]:
        names = (self.table, *self.extra_tables)
        return frozenset(name for table in names for name in (table, table.lower()))

    def table_name(self, connection: Connection) -> str | None:
        """The table as the server spells it (Liquibase's is upper case on MySQL, lower case on PostgreSQL)."""
        wanted = self.table.lower()
        return next((name for name in inspect(connection).get_table_names() if name.lower() == wanted), None)

    def current(self, connection: Connection) -> Recorded:
        table = self.table_name(connection)
        return Recorded(None) if table is None else self.read(connection, table)

    def all_rows(self, connection: Connection) -> list[tuple[str, ...]]:
        table = self.table_name(connection)
        return [] if table is None else self.rows(connection, table)

    def all_attempts(self, connection: Connection) -> list[Attempt]:
        table = self.table_name(connection)
        return [] if table is None else self.attempts(connection, table)


def _fetch(connection: Connection, sql: str) -> Sequence[Sequence[object]]:
    return [tuple(row) for row in connection.exec_driver_sql(sql).fetchall()]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _truthy(value: object) -> bool:
    return value in (True, 1, "1", "t", "true")


def _newest(versions: Sequence[str]) -> str | None:
    return max(versions, key=ordering, default=None)


def _golang_migrate_read(connection: Connection, table: str) -> Recorded:
    rows = _fetch(connection, f"SELECT version, dirty FROM {table}")
    if not rows:
        return Recorded(None)
    version, dirty = rows[0]
    return Recorded(_text(version), "dirty" if _truthy(dirty) else "")


def _golang_migrate_rows(connection: Connection, table: str) -> list[tuple[str, ...]]:
    return [(_text(v), str(_truthy(d))) for v, d in _fetch(connection, f"SELECT version, dirty FROM {table}")]


def _dbmate_versions(connection: Connection, table: str) -> list[str]:
    return [_text(row[0]) for row in _fetch(connection, f"SELECT version FROM {table}")]


def _pop_versions(connection: Connection, table: str) -> list[str]:
    return [_text(row[0]) for row in _fetch(connection, f"SELECT version FROM {table}")]


def _pop_read(connection: Connection, table: str) -> Recorded:
    # pop applies and orders migrations by version text (a 14-digit version after a 20-digit one of an earlier year)
    return Recorded(max(_pop_versions(connection, table), default=None))


FLYWAY_COLUMNS = "installed_rank, version, description, type, script, checksum, success"


def _flyway_rows(connection: Connection, table: str) -> list[tuple[str, ...]]:
    rows = _fetch(connection, f"SELECT {FLYWAY_COLUMNS} FROM {table} ORDER BY installed_rank")
    return [(*(_text(value) for value in row[:-1]), str(_truthy(row[-1]))) for row in rows]


def _flyway_read(connection: Connection, table: str) -> Recorded:
    applied: set[str] = set()
    failed: str | None = None
    for _rank, version, _description, kind, _script, _checksum, success in _flyway_rows(connection, table):
        if not version:
            continue  # schema-creation and similar marker rows carry no version
        if success != "True":
            failed = version
        elif kind.startswith("UNDO"):
            applied.discard(version)
            failed = None
        else:
            applied.add(version)
            failed = None
    if failed is not None:
        return Recorded(failed, "failed")
    return Recorded(_newest(list(applied)))


def _flyway_attempts(connection: Connection, table: str) -> list[Attempt]:
    return [
        Attempt(version, "rollback" if kind.startswith("UNDO") else "upgrade", "success" if ok == "True" else "failed")
        for _rank, version, _description, kind, _script, _checksum, ok in _flyway_rows(connection, table)
        if version
    ]


def _alembic_read(connection: Connection, table: str) -> Recorded:
    heads = sorted(_text(row[0]) for row in _fetch(connection, f"SELECT version_num FROM {table}"))
    return Recorded(",".join(heads) or None)


def _alembic_rows(connection: Connection, table: str) -> list[tuple[str, ...]]:
    return [(_text(row[0]),) for row in _fetch(connection, f"SELECT version_num FROM {table} ORDER BY version_num")]


def _liquibase_rows(connection: Connection, table: str) -> list[tuple[str, ...]]:
    rows = _fetch(connection, f"SELECT id, author, filename, exectype, md5sum, tag FROM {table} ORDER BY orderexecuted")
    return [tuple(_text(value) for value in row) for row in rows]


def _liquibase_read(connection: Connection, table: str) -> Recorded:
    rows = _liquibase_rows(connection, table)
    return Recorded(rows[-1][0] if rows else None)


def _atlas_rows(connection: Connection, table: str) -> list[tuple[str, ...]]:
    rows = _fetch(connection, f"SELECT version, description, type, applied, total, hash FROM {table}")
    return sorted((tuple(_text(value) for value in row) for row in rows), key=lambda row: ordering(row[0]))


def _atlas_read(connection: Connection, table: str) -> Recorded:
    rows = _atlas_rows(connection, table)
    if not rows:
        return Recorded(None)
    version, _description, _kind, applied, total, _hash = rows[-1]
    return Recorded(version, "" if applied == total else f"partial {applied}/{total}")


GOLANG_MIGRATE = VersionTable("golang-migrate", "schema_migrations", _golang_migrate_read, _golang_migrate_rows)
DBMATE = VersionTable(
    "dbmate",
    "schema_migrations",
    lambda connection, table: Recorded(_newest(_dbmate_versions(connection, table))),
    lambda connection, table: [(v,) for v in sorted(_dbmate_versions(connection, table))],
)
POP = VersionTable(
    "pop",
    "schema_migration",
    _pop_read,
    lambda connection, table: [(v,) for v in sorted(_pop_versions(connection, table))],
)
FLYWAY = VersionTable("flyway", "flyway_schema_history", _flyway_read, _flyway_rows, _flyway_attempts)
ALEMBIC = VersionTable("alembic", "alembic_version", _alembic_read, _alembic_rows)
LIQUIBASE = VersionTable(
    "liquibase", "DATABASECHANGELOG", _liquibase_read, _liquibase_rows, extra_tables=("DATABASECHANGELOGLOCK",)
)
ATLAS = VersionTable("atlas", "atlas_schema_revisions", _atlas_read, _atlas_rows)

KNOWN: dict[str, VersionTable] = {
    # by table name (golang-migrate owns the bare `schema_migrations`) and by tool name
    "schema_migrations": GOLANG_MIGRATE,
    "golang-migrate": GOLANG_MIGRATE,
    "dbmate": DBMATE,
    "schema_migration": POP,
    "pop": POP,
    "popx": POP,
    "flyway_schema_history": FLYWAY,
    "flyway": FLYWAY,
    "alembic_version": ALEMBIC,
    "alembic": ALEMBIC,
    "databasechangelog": LIQUIBASE,
    "liquibase": LIQUIBASE,
    "atlas_schema_revisions": ATLAS,
    "atlas": ATLAS,
}


def known_table(name: str) -> VersionTable | None:
    return KNOWN.get(name.lower())
