"""How rows reach each dialect: multi-row INSERTs (MySQL/MariaDB), COPY (PostgreSQL), INSERT ... SELECT for the
generated tables; and, for very large loads, secondary indexes built once after the rows instead of row by row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from sqlalchemy import Connection, text

STATEMENT_CHARS = 2_000_000  # per multi-row INSERT; well under the servers' default max_allowed_packet


class Writer(Protocol):
    backslash: bool

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int: ...

    def generate(self, statement: str) -> int: ...

    def deferred_indexes(self, table: str) -> Any: ...


def _dbapi(connection: Connection) -> Any:
    raw = connection.connection.dbapi_connection
    if raw is None:
        raise RuntimeError("the connection has no open database connection to seed through")
    return raw


class MySQLWriter:
    def __init__(self, connection: Connection) -> None:
        self.cursor = _dbapi(connection).cursor()
        modes = str(connection.execute(text("SELECT @@SESSION.sql_mode")).scalar_one())
        self.backslash = "NO_BACKSLASH_ESCAPES" not in modes.upper()

    def literal(self, value: object) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, dt.datetime):
            return f"'{value:%Y-%m-%d %H:%M:%S}'"
        raw = str(value)
        if self.backslash:
            raw = raw.replace("\\", "\\\\")
        return "'" + raw.replace("'", "''") + "'"

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        head = f"INSERT INTO `{table}` ({', '.join(f'`{c}`' for c in columns)}) VALUES "
        literal = self.literal
        count = 0
        for chunk in _chunks("(" + ",".join([literal(v) for v in row]) + ")" for row in rows):
            self.cursor.execute(head + ",".join(chunk))
            count += len(chunk)
        return count

    def generate(self, statement: str) -> int:
        self.cursor.execute(statement)
        return int(self.cursor.rowcount)

    @contextmanager
    def deferred_indexes(self, table: str) -> Iterator[None]:
        """Drop the secondary indexes, load, add them back exactly as they were (names, columns, prefixes,
        order, uniqueness, comments). MySQL commits around DDL, so this is only worth it for huge loads."""
        self.cursor.execute(
            "SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, INDEX_COMMENT "
            "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s "
            "AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME, SEQ_IN_INDEX",
            (table,),
        )
        indexes: dict[str, tuple[bool, list[str], str]] = {}
        for name, non_unique, column, sub_part, collation, comment in self.cursor.fetchall():
            part = f"`{column}`" + (f"({sub_part})" if sub_part else "") + (" DESC" if collation == "D" else "")
            indexes.setdefault(name, (not int(non_unique), [], comment or ""))[1].append(part)
        if indexes:
            self.cursor.execute(f"ALTER TABLE `{table}` " + ", ".join(f"DROP INDEX `{name}`" for name in indexes))
        yield
        if indexes:
            clauses = [
                f"ADD {'UNIQUE ' if unique else ''}INDEX `{name}` ({', '.join(parts)})"
                + (f" COMMENT {self.literal(comment)}" if comment else "")
                for name, (unique, parts, comment) in indexes.items()
            ]
            self.cursor.execute(f"ALTER TABLE `{table}` " + ", ".join(clauses))


class PostgreSQLWriter:
    backslash = False

    def __init__(self, connection: Connection) -> None:
        self.raw = _dbapi(connection)

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
        count = 0
        with self.raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def generate(self, statement: str) -> int:
        with self.raw.cursor() as cursor:
            cursor.execute(statement)
            return int(cursor.rowcount)

    @contextmanager
    def deferred_indexes(self, table: str) -> Iterator[None]:
        """Drop the indexes no constraint owns, load, recreate them from their own definitions; all in the
        caller's transaction, so nothing is visible half-done."""
        with self.raw.cursor() as cursor:
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid), obj_description(x.indexrelid, 'pg_class') "
                "FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "JOIN pg_namespace n ON n.oid = t.relnamespace "
                "WHERE n.nspname = current_schema() AND t.relname = %s "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
                (table,),
            )
            indexes = cursor.fetchall()
            for name, _, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        yield
        with self.raw.cursor() as cursor:
            for name, definition, comment in indexes:
                cursor.execute(definition)
                if comment is not None:
                    cursor.execute(f'COMMENT ON INDEX "{name}" IS %s', (comment,))


def _chunks(tuples: Iterable[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    length = 0
    for item in tuples:
        chunk.append(item)
        length += len(item) + 1
        if length >= STATEMENT_CHARS:
            yield chunk
            chunk, length = [], 0
    if chunk:
        yield chunk
