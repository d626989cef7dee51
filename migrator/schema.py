"""`verify`: the live schema against a fresh install of the recorded version, as readable differences.

The fresh install goes into a scratch schema inside a transaction that is rolled back (PostgreSQL) or into a
uniquely named scratch database that is always dropped (MySQL/MariaDB). Both snapshots are read by the same catalog
queries on the same server, so their spellings of types and defaults agree. Column order is not compared.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from migrator.errors import DatabaseError, RefusedError
from migrator.session import Session
from migrator.source import Statement

SANDBOX_PREFIX = "migrator_verify_"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    default: str | None
    extra: str


@dataclass(frozen=True)
class Index:
    name: str
    columns: str
    unique: bool
    primary: bool
    method: str


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, Column]
    indexes: dict[str, Index]


Snapshot = dict[str, Table]


def snapshot(session: Session, schema: str) -> Snapshot:
    dialect = session.dialect
    tables = {str(row[0]): Table(str(row[0]), {}, {}) for row in session.rows(dialect.snapshot_tables_sql, (schema,))}
    for table, name, type_, nullable, default, extra in session.rows(dialect.snapshot_columns_sql, (schema,)):
        if str(table) in tables:
            tables[str(table)].columns[str(name)] = Column(
                str(name), str(type_), bool(nullable), None if default is None else str(default), str(extra or "")
            )
    for table, name, unique, primary, columns, method in session.rows(dialect.snapshot_indexes_sql, (schema,)):
        if str(table) in tables:
            tables[str(table)].indexes[str(name)] = Index(
                str(name), str(columns), bool(unique), bool(primary), str(method or "")
            )
    return tables


def fresh_install_snapshot(session: Session, version: str, statements: Sequence[Statement]) -> Snapshot:
    """Install `statements` into a scratch schema or database, snapshot it, and remove it again."""
    dialect = session.dialect
    name = SANDBOX_PREFIX + uuid.uuid4().hex[:12]
    live = session.server.schema
    create, drop = dialect.sandbox_sql(name)
    if dialect.sandbox_in_transaction:
        session.begin()
    try:
        session.run_all(create)
        session.run_all(dialect.use_sql(name))
        for number, statement in enumerate(statements, start=1):
            try:
                session.run(statement.sql)
            except DatabaseError as err:
                raise RefusedError(
                    f"verify: statement {number} of the {version} install script fails on this server "
                    f"(line {statement.line}): {err}"
                ) from err
        return snapshot(session, name)
    finally:
        if dialect.sandbox_in_transaction:
            session.rollback()
        else:
            session.run_all(dialect.use_sql(live))
            session.run_all(drop)


def differences(expected: Snapshot, actual: Snapshot, version: str) -> list[str]:
    """What differs between the fresh install of `version` (expected) and the live schema (actual)."""
    found: list[str] = []
    fresh = f"the fresh install of {version}"
    for name in sorted(expected.keys() - actual.keys()):
        found.append(f"table {name}: missing ({fresh} has it)")
    for name in sorted(actual.keys() - expected.keys()):
        found.append(f"table {name}: not in {fresh}")
    for name in sorted(expected.keys() & actual.keys()):
        found.extend(_table_differences(expected[name], actual[name], fresh))
    return found


def _table_differences(expected: Table, actual: Table, fresh: str) -> list[str]:
    found: list[str] = []
    where = f"table {expected.name}"
    for name in sorted(expected.columns.keys() - actual.columns.keys()):
        found.append(f"{where}, column {name}: missing ({fresh} has {_column(expected.columns[name])})")
    for name in sorted(actual.columns.keys() - expected.columns.keys()):
        found.append(f"{where}, column {name}: not in {fresh} (live: {_column(actual.columns[name])})")
    for name in sorted(expected.columns.keys() & actual.columns.keys()):
        want, have = expected.columns[name], actual.columns[name]
        for field, wanted, got in (
            ("type", want.type, have.type),
            ("nullable", _yes(want.nullable), _yes(have.nullable)),
            ("default", str(want.default), str(have.default)),
            ("extra", want.extra, have.extra),
        ):
            if wanted != got:
                found.append(f"{where}, column {name}: {field} is {got}, {fresh} has {wanted}")
    for name in sorted(expected.indexes.keys() - actual.indexes.keys()):
        found.append(f"{where}, index {name}: missing ({fresh} has {_index(expected.indexes[name])})")
    for name in sorted(actual.indexes.keys() - expected.indexes.keys()):
        found.append(f"{where}, index {name}: not in {fresh} (live: {_index(actual.indexes[name])})")
    for name in sorted(expected.indexes.keys() & actual.indexes.keys()):
        if expected.indexes[name] != actual.indexes[name]:
            live, wanted = _index(actual.indexes[name]), _index(expected.indexes[name])
            found.append(f"{where}, index {name}: live {live}, {fresh} has {wanted}")
    return found


def _column(column: Column) -> str:
    text = f"{column.type} {'NULL' if column.nullable else 'NOT NULL'}"
    if column.default is not None:
        text += f" DEFAULT {column.default}"
    return text + (f" {column.extra}" if column.extra else "")


def _index(index: Index) -> str:
    kind = "PRIMARY KEY" if index.primary else "UNIQUE" if index.unique else "INDEX"
    return f"{kind} ({index.columns}) {index.method}".rstrip()


def _yes(value: bool) -> str:
    return "yes" if value else "no"
