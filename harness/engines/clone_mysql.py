"""Copy a MySQL-family database into a new one on the same server, entirely server-side.

Tables are recreated from `SHOW CREATE TABLE` (columns, indexes, foreign keys, defaults, charset, collation and the
AUTO_INCREMENT counter all come with it), rows are copied with `INSERT ... SELECT` without the round trip through the
client, and views, triggers and routines follow. Foreign-key and unique checks are off while copying: the source
already satisfied them. See docs/engines.md for why this beat the alternatives.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

_NO_CHECKS = "SET SESSION foreign_key_checks = 0, unique_checks = 0"
_RESTORE_CHECKS = "SET SESSION foreign_key_checks = 1, unique_checks = 1"


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _rows(connection: Connection, sql: str, params: dict[str, str]) -> Sequence[tuple[str, ...]]:
    return [tuple(str(value) for value in row) for row in connection.exec_driver_sql(sql, params).all()]


def clone_schema(connection: Connection, source: str, target: str) -> None:
    """Create `target` as a copy of `source` (schema objects and rows); `target` must not exist yet."""
    charset, collation = _rows(
        connection,
        "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
        "WHERE SCHEMA_NAME = %(s)s",
        {"s": source},
    )[0]
    connection.exec_driver_sql(f"CREATE DATABASE {_q(target)} CHARACTER SET {charset} COLLATE {collation}")
    saved_mode = connection.exec_driver_sql("SELECT @@SESSION.sql_mode").scalar_one()
    connection.exec_driver_sql(f"USE {_q(target)}")
    connection.exec_driver_sql(_NO_CHECKS)
    # Rows keep their own AUTO_INCREMENT values, including 0.
    connection.exec_driver_sql("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'")
    try:
        tables = [name for (name,) in _rows(
            connection,
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %(s)s "
            "AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
            {"s": source},
        )]
        for table in tables:
            _copy_table(connection, source, target, table)
        _copy_views(connection, source, target)
        _copy_triggers(connection, source)
        _copy_routines(connection, source)
    finally:
        connection.exec_driver_sql(_RESTORE_CHECKS)
        connection.exec_driver_sql("SET SESSION sql_mode = %(m)s", {"m": saved_mode})


def _copy_table(connection: Connection, source: str, target: str, table: str) -> None:
    create = connection.exec_driver_sql(f"SHOW CREATE TABLE {_q(source)}.{_q(table)}").one()[1]
    connection.exec_driver_sql(create)
    columns = [name for (name,) in _rows(
        connection,
        "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %(s)s AND TABLE_NAME = %(t)s "
        "AND EXTRA NOT LIKE '%%VIRTUAL GENERATED%%' AND EXTRA NOT LIKE '%%STORED GENERATED%%' "
        "AND EXTRA NOT LIKE '%%PERSISTENT GENERATED%%' ORDER BY ORDINAL_POSITION",
        {"s": source, "t": table},
    )]
    listed = ", ".join(_q(column) for column in columns)
    connection.exec_driver_sql(
        f"INSERT INTO {_q(target)}.{_q(table)} ({listed}) SELECT {listed} FROM {_q(source)}.{_q(table)}"
    )


def _copy_views(connection: Connection, source: str, target: str) -> None:
    """Views name their tables with the source schema; they are re-pointed at the copy.

    Views may read other views, so creation is retried until every view exists or no progress is made.
    """
    pending = [name for (name,) in _rows(
        connection,
        "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %(s)s ORDER BY TABLE_NAME",
        {"s": source},
    )]
    statements = {
        name: connection.exec_driver_sql(f"SHOW CREATE VIEW {_q(source)}.{_q(name)}").one()[1].replace(
            f"{_q(source)}.", f"{_q(target)}."
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
        row = connection.exec_driver_sql(f"SHOW CREATE TRIGGER {_q(source)}.{_q(name)}").one()
        _with_sql_mode(connection, str(row[1]), str(row[2]))


def _copy_routines(connection: Connection, source: str) -> None:
    for name, kind in _rows(
        connection,
        "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = %(s)s "
        "ORDER BY ROUTINE_TYPE, ROUTINE_NAME",
        {"s": source},
    ):
        row = connection.exec_driver_sql(f"SHOW CREATE {kind} {_q(source)}.{_q(name)}").one()
        if row[2] is None:
            raise PermissionError(f"no privilege to read the definition of {kind.lower()} {source}.{name}")
        _with_sql_mode(connection, str(row[1]), str(row[2]))


def _with_sql_mode(connection: Connection, sql_mode: str, statement: str) -> None:
    connection.exec_driver_sql("SET SESSION sql_mode = %(m)s", {"m": sql_mode})
    try:
        connection.exec_driver_sql(statement)
    finally:
        connection.exec_driver_sql("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'")
