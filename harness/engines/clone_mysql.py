"""Copy a MySQL-family database into a new one on the same server.

Tables are made with `CREATE TABLE ... LIKE` and their foreign keys added again (clone_mysql_keys.py: that way the
indexes InnoDB made for foreign keys stay InnoDB's own, so every later DDL acts on the clone as on the source);
rows are copied by a `RowCopier` (server-side `INSERT ... SELECT` here, tablespace files for local servers, see
clone_mysql_tablespace.py); the AUTO_INCREMENT counters are set to the source's; views, triggers and routines follow.
Foreign-key and unique checks are off while copying: the source already satisfied them.
See docs/engines.md for the measurements behind the choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from harness.dialects import server_family
from harness.engines.clone_mysql_keys import (
    SERVER_RULES,
    TableKeys,
    checks,
    create_tables,
    foreign_keys,
    quote,
    read_indexes,
)

_NO_CHECKS = "SET SESSION foreign_key_checks = 0, unique_checks = 0"
_RESTORE_CHECKS = "SET SESSION foreign_key_checks = 1, unique_checks = 1"
# Rows keep their own AUTO_INCREMENT values, including 0.
_COPY_MODE = "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'"


@dataclass(frozen=True)
class Table:
    """A base table of the source, with what the row copiers need to know about it."""

    name: str
    create: str  # SHOW CREATE TABLE
    engine: str
    partitioned: bool
    fulltext: bool
    auto_increment: int | None
    columns: tuple[str, ...]  # stored columns, in order (generated ones are computed by the server)
    definition: TableKeys  # its foreign keys and indexes, to make the copy's the same
    counter_column: str | None = None  # the AUTO_INCREMENT column, if any


class RowCopier(Protocol):
    def copy(self, connection: Connection, source: str, target: str, tables: Sequence[Table]) -> None:
        """Fill the (existing, empty) target tables with the source's rows; the session is USE-ing `target`."""
        ...


class InsertSelect:
    """Server-side `INSERT ... SELECT`: no round trip through the client; works on every provider."""

    def copy(self, connection: Connection, source: str, target: str, tables: Sequence[Table]) -> None:
        for table in filled_tables(connection, source, tables):
            insert_select(connection, source, target, table)


def filled_tables(connection: Connection, source: str, tables: Sequence[Table]) -> list[Table]:
    """The tables that hold at least one row, found exactly with one query: empty ones need no copy at all."""
    if not tables:
        return []
    probe = " UNION ALL ".join(
        f"SELECT {index} FROM DUAL WHERE EXISTS (SELECT 1 FROM {quote(source)}.{quote(table.name)})"
        for index, table in enumerate(tables)
    )
    filled = {int(row[0]) for row in connection.exec_driver_sql(probe).all()}
    return [table for index, table in enumerate(tables) if index in filled]


def insert_select(connection: Connection, source: str, target: str, table: Table) -> None:
    listed = ", ".join(quote(column) for column in table.columns)
    connection.exec_driver_sql(
        f"INSERT INTO {quote(target)}.{quote(table.name)} ({listed}) "
        f"SELECT {listed} FROM {quote(source)}.{quote(table.name)}"
    )


def _rows(connection: Connection, sql: str, params: dict[str, str]) -> Sequence[tuple[str, ...]]:
    return [
        tuple("" if value is None else str(value) for value in row)
        for row in connection.exec_driver_sql(sql, params).all()
    ]


def read_tables(connection: Connection, source: str) -> list[Table]:
    """Every base table of `source`, read with five catalog queries (and SHOW CREATE TABLE per table)."""
    params = {"s": source}
    indexes = read_indexes(connection, source)
    columns: dict[str, list[str]] = {}
    for table, column in _rows(
        connection,
        "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %(s)s "
        "AND EXTRA NOT LIKE '%%VIRTUAL GENERATED%%' AND EXTRA NOT LIKE '%%STORED GENERATED%%' "
        "AND EXTRA NOT LIKE '%%PERSISTENT GENERATED%%' ORDER BY TABLE_NAME, ORDINAL_POSITION",
        params,
    ):
        columns.setdefault(table, []).append(column)
    fulltext = {
        name
        for (name,) in _rows(
            connection,
            "SELECT DISTINCT TABLE_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %(s)s "
            "AND INDEX_TYPE = 'FULLTEXT'",
            params,
        )
    }
    counted = {
        table: column
        for table, column in _rows(
            connection,
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %(s)s "
            "AND EXTRA LIKE '%%auto_increment%%'",
            params,
        )
    }
    tables: list[Table] = []
    for name, engine, options, counter in _rows(
        connection,
        "SELECT TABLE_NAME, ENGINE, CREATE_OPTIONS, AUTO_INCREMENT FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = %(s)s AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
        params,
    ):
        create = str(connection.exec_driver_sql(f"SHOW CREATE TABLE {quote(source)}.{quote(name)}").one()[1])
        tables.append(
            Table(
                name=name,
                create=create,
                engine=engine.lower(),
                partitioned="partitioned" in options.lower(),
                fulltext=name in fulltext,
                auto_increment=int(counter) if counter else None,
                columns=tuple(columns.get(name, ())),
                definition=TableKeys(
                    name, foreign_keys(create), tuple(sorted(indexes.get(name, {}).items())), checks(create)
                ),
                counter_column=counted.get(name),
            )
        )
    return tables


def clone_schema(connection: Connection, source: str, target: str, rows: RowCopier | None = None) -> None:
    """Create `target` as a copy of `source` (schema objects and rows); `target` must not exist yet."""
    charset, collation = _rows(
        connection,
        "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
        "WHERE SCHEMA_NAME = %(s)s",
        {"s": source},
    )[0]
    restore_expiry = _live_statistics(connection)
    try:
        _clone(connection, source, target, rows, charset, collation)
    finally:
        if restore_expiry is not None:
            connection.exec_driver_sql(restore_expiry)


def _clone(
    connection: Connection,
    source: str,
    target: str,
    rows: RowCopier | None,
    charset: str,
    collation: str,
) -> None:
    tables = read_tables(connection, source)
    connection.exec_driver_sql(f"CREATE DATABASE {quote(target)} CHARACTER SET {charset} COLLATE {collation}")
    saved_mode = connection.exec_driver_sql("SELECT @@SESSION.sql_mode").scalar_one()
    connection.exec_driver_sql(f"USE {quote(target)}")
    connection.exec_driver_sql(_NO_CHECKS)
    connection.exec_driver_sql(_COPY_MODE)
    # Committed rows without waiting on another session's row locks (INSERT ... SELECT locks its source rows
    # under REPEATABLE READ).
    connection.exec_driver_sql("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
    try:
        make_tables(connection, source, tables)
        (rows or InsertSelect()).copy(connection, source, target, tables)
        set_counters(connection, target, tables)
        _copy_views(connection, source, target)
        _copy_triggers(connection, source)
        _copy_routines(connection, source)
    finally:
        connection.exec_driver_sql(_RESTORE_CHECKS)
        connection.exec_driver_sql("SET SESSION sql_mode = %(m)s", {"m": saved_mode})


def make_tables(connection: Connection, source: str, tables: Sequence[Table]) -> None:
    """Create empty copies of `tables` in the current schema (see clone_mysql_keys.py)."""
    create_tables(connection, source, [table.definition for table in tables], SERVER_RULES[server_family(connection)])


def set_counters(connection: Connection, target: str, tables: Sequence[Table]) -> None:
    """Give the copy's AUTO_INCREMENT counters the source's values where copying the rows did not (deleted rows,
    an AUTO_INCREMENT table option; `CREATE TABLE ... LIKE` starts every counter at 1; an imported tablespace).

    Never below the copy's largest value + 1: MySQL 8+ can report a counter of 1 for a table whose tablespace was
    imported once its definition has been reopened, and a copy made from that report would collide on its next
    insert."""
    made = {
        name: counter
        for name, counter in _rows(
            connection,
            "SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = %(s)s",
            {"s": target},
        )
    }
    largest = _largest_counted(connection, target, tables)
    for table in tables:
        if table.counter_column is None and table.auto_increment is None:
            continue
        wanted = max(table.auto_increment or 1, largest.get(table.name, 0) + 1)
        if made.get(table.name) != str(wanted):
            connection.exec_driver_sql(f"ALTER TABLE {quote(table.name)} AUTO_INCREMENT = {wanted}")


def _largest_counted(connection: Connection, target: str, tables: Sequence[Table]) -> dict[str, int]:
    """The largest value of each AUTO_INCREMENT column in the copy, with one query (an index lookup per table)."""
    counted = [table for table in tables if table.counter_column is not None]
    if not counted:
        return {}
    probe = " UNION ALL ".join(
        f"SELECT {index}, MAX({quote(table.counter_column or '')}) FROM {quote(target)}.{quote(table.name)}"
        for index, table in enumerate(counted)
    )
    return {
        counted[int(index)].name: int(value)
        for index, value in connection.exec_driver_sql(probe).all()
        if value is not None and int(value) > 0
    }


def _live_statistics(connection: Connection) -> str | None:
    """MySQL 8+ answers information_schema.TABLES (AUTO_INCREMENT among it) from a cache unless told not to; returns
    the statement that restores the session's setting (None where there is no such cache: MariaDB, MySQL 5.7)."""
    found = connection.exec_driver_sql("SHOW SESSION VARIABLES LIKE 'information_schema_stats_expiry'").first()
    if found is None:
        return None
    connection.exec_driver_sql("SET SESSION information_schema_stats_expiry = 0")
    return f"SET SESSION information_schema_stats_expiry = {int(found[1])}"


def _copy_views(connection: Connection, source: str, target: str) -> None:
    """Views name their tables with the source schema; they are re-pointed at the copy.

    Views may read other views, so creation is retried until every view exists or no progress is made.
    """
    pending = [
        name
        for (name,) in _rows(
            connection,
            "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %(s)s ORDER BY TABLE_NAME",
            {"s": source},
        )
    ]
    statements = {
        name: str(connection.exec_driver_sql(f"SHOW CREATE VIEW {quote(source)}.{quote(name)}").one()[1]).replace(
            f"{quote(source)}.", f"{quote(target)}."
        )
        for name in pending
    }
    while pending:
        failed: list[str] = []
        last_error: DBAPIError | None = None
        for name in pending:
            try:
                connection.exec_driver_sql(statements[name])
            except DBAPIError as err:
                failed.append(name)
                last_error = err
        if len(failed) == len(pending) and last_error is not None:
            raise last_error
        pending = failed


def _copy_triggers(connection: Connection, source: str) -> None:
    """Created after the rows are in, so they do not fire on the copy; each keeps its own sql_mode."""
    for (name,) in _rows(
        connection,
        "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %(s)s "
        "ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER",
        {"s": source},
    ):
        row = connection.exec_driver_sql(f"SHOW CREATE TRIGGER {quote(source)}.{quote(name)}").one()
        _with_sql_mode(connection, str(row[1]), str(row[2]))


def _copy_routines(connection: Connection, source: str) -> None:
    for name, kind in _rows(
        connection,
        "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %(s)s "
        "ORDER BY ROUTINE_TYPE, ROUTINE_NAME",
        {"s": source},
    ):
        row = connection.exec_driver_sql(f"SHOW CREATE {kind} {quote(source)}.{quote(name)}").one()
        if row[2] is None:
            raise PermissionError(f"no privilege to read the definition of {kind.lower()} {source}.{name}")
        _with_sql_mode(connection, str(row[1]), str(row[2]))


def _with_sql_mode(connection: Connection, sql_mode: str, statement: str) -> None:
    connection.exec_driver_sql("SET SESSION sql_mode = %(m)s", {"m": sql_mode})
    try:
        connection.exec_driver_sql(statement)
    finally:
        connection.exec_driver_sql(_COPY_MODE)
