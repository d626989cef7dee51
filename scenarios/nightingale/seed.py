"""Deterministic, realistic Nightingale data for the schema at any version, fast enough for a million events.

    seed(connection, version="v7.4.0", dialect="mysql", size=100, batch=0) -> {"target": 100, ...}

- The same arguments give the same rows, on MySQL/MariaDB and PostgreSQL alike (explicit ids everywhere).
- `size` is the number of rows of the big tables (alert_his_event, target); the others scale down from it.
- `batch` shifts every key and unique value, so a database can be seeded again later (say between two upgrade
  stops) without collisions: batch b uses ids from b * 10,000,000 + 1.
- Which tables and columns exist is read from the database itself, so a seed of version V fits a database that
  was installed at V or upgraded to it.

The rows are described in seeding/: small tables as Python rows (multi-row INSERTs on MySQL, COPY on
PostgreSQL), the big ones as one INSERT ... SELECT each that the server expands from a number series. Loads of
LARGE_LOAD rows or more build the big tables' secondary indexes once, after the rows. Finally PostgreSQL's
sequences are moved past the explicit ids.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from operator import itemgetter
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Connection, text

LARGE_LOAD = 100_000


def _seeding() -> ModuleType:
    """The package seeding/ next to this file (the harness imports this file by path, not as a package)."""
    name = "nightingale_scenario_seeding"
    if name in sys.modules:
        return sys.modules[name]
    init = Path(__file__).with_name("seeding") / "__init__.py"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(init.parent)])
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the seeding package next to {__file__}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def seed(connection: Connection, *, version: str, dialect: str, size: int = 100, batch: int = 0) -> dict[str, int]:
    seeding = _seeding()
    if dialect not in ("mysql", "postgresql"):
        raise ValueError(f"unknown dialect {dialect!r}: expected mysql or postgresql")
    plan = seeding.Plan.of(version, size, batch)
    present = _columns(connection, dialect)
    writer = seeding.MySQLWriter(connection) if dialect == "mysql" else seeding.PostgreSQLWriter(connection)
    counts: dict[str, int] = {}
    for table, columns, values in seeding.tables(plan, frozenset(present)):
        # Rows carry every column the table has at the newest version; older schemas simply lack some.
        wanted = [column for column in columns if column in present[table]]
        counts[table] = counts.get(table, 0) + writer.write(table, wanted, _project(columns, wanted, values))
    sql = seeding.Sql(dialect, writer.backslash)
    for build in seeding.BULK:
        bulk = build(sql, plan)
        if bulk.table not in present:
            continue
        deferred = writer.deferred_indexes(bulk.table) if plan.big >= LARGE_LOAD else nullcontext()
        with deferred:
            counts[bulk.table] = counts.get(bulk.table, 0) + writer.generate(bulk.statement(present[bulk.table]))
    if dialect == "postgresql":
        _advance_sequences(connection, [table for table, count in counts.items() if count])
    return counts


def _columns(connection: Connection, dialect: str) -> dict[str, list[str]]:
    where = "DATABASE()" if dialect == "mysql" else "current_schema()"
    result = connection.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            f"WHERE table_schema = {where} ORDER BY table_name, ordinal_position"
        )
    )
    present: dict[str, list[str]] = {}
    for table, column in result:
        present.setdefault(str(table), []).append(str(column))
    return present


def _project(columns: Sequence[str], wanted: Sequence[str], values: Iterable[Sequence[object]]) -> Iterable[Any]:
    if list(columns) == list(wanted):
        return values
    pick = itemgetter(*[columns.index(column) for column in wanted])
    if len(wanted) == 1:
        return ((pick(row),) for row in values)
    return (pick(row) for row in values)


def _advance_sequences(connection: Connection, tables: Sequence[str]) -> None:
    """Explicit ids leave serial sequences behind; move each past its column's largest value."""
    serial = connection.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'"
        )
    ).all()
    wanted = set(tables)
    for table, column in serial:
        if table in wanted:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), (SELECT max({column}) FROM {table}))"
                )
            )
