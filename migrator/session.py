"""One database connection in autocommit mode; the runner issues BEGIN/COMMIT itself and times every statement.

Statements without parameters go to the driver as they are written (no placeholder processing), so a `%` or `:name`
in a migration means what it means in SQL.

A connection the server drops (a terminated session, a restarted proxy) is replaced on the next use, never in the
middle of a transaction: the statement that saw the drop fails as usual, the transaction is gone with the old
connection, and the rollback that follows (undo statements, the failed attempt's history row) runs on a new one,
set up again by the `setup` callback (locks, session settings).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from migrator.dialects import Dialect, ServerInfo, with_driver
from migrator.errors import DatabaseError

Row = tuple[Any, ...]

# Error codes after which the connection is gone even if the driver still holds an open socket: MySQL-family
# "server has gone away", "lost connection", "connection was killed"; PostgreSQL "admin shutdown", "crash shutdown".
CONNECTION_DROPPED = frozenset({"2006", "2013", "1927", "4031", "57P01", "57P02", "57P03", "08006", "08003"})


class Session:
    """A connection that reports errors as DatabaseError(code, message) and adds up the time spent in SQL."""

    def __init__(self, url: URL, dialect: Dialect) -> None:
        self.dialect = dialect
        self.url = with_driver(url)
        self.sql_seconds = 0.0
        self.in_transaction = False
        self.reconnects = 0
        self._dropped = False
        self._setup: Callable[[Session], None] | None = None
        self._errors = dialect.driver_errors()
        self._connect()
        self.server = self._server_info()

    def _connect(self) -> None:
        engine = create_engine(self.url, poolclass=NullPool)
        connect_errors: tuple[type[BaseException], ...] = (SQLAlchemyError, *self._errors)
        try:
            self._proxy = engine.raw_connection()
        except connect_errors as err:
            shown = self.url.render_as_string(hide_password=True)
            original = getattr(err, "orig", None) or err
            raise DatabaseError(
                f"cannot connect to {shown}: {_first_line(original)}", self.dialect.error_code(original)
            ) from err
        finally:
            engine.dispose()
        self._connection = self._proxy.dbapi_connection
        self.dialect.set_autocommit(self._connection)

    def set_up_with(self, setup: Callable[[Session], None]) -> None:
        """Run `setup` now and again on every replacement connection."""
        self._setup = setup
        setup(self)

    def _usable_connection(self) -> Any:
        if not (self._dropped or _lost(self._connection)):
            return self._connection
        self._dropped = False
        self.in_transaction = False
        self.close()
        self._connect()
        self.reconnects += 1
        if self._setup is not None:
            self._setup(self)
        return self._connection

    def _server_info(self) -> ServerInfo:
        version, database, schema = self.row(self.dialect.server_sql)
        if not schema:
            shown = self.url.render_as_string(hide_password=True)
            raise DatabaseError(f"{shown} names no database (or schema) to manage: add it to the URL")
        return ServerInfo(str(version), str(database), str(schema))

    def run(self, sql: str, params: Sequence[object] | None = None) -> int:
        """Execute one statement; return the number of rows it affected."""
        cursor = self._usable_connection().cursor()
        started = time.perf_counter()
        try:
            if params is None:
                cursor.execute(sql)
            else:
                cursor.execute(sql, tuple(params))
            return int(cursor.rowcount)
        except self._errors as err:
            raise self._failed(err, sql) from err
        finally:
            self.sql_seconds += time.perf_counter() - started
            cursor.close()

    def _failed(self, err: BaseException, sql: str) -> DatabaseError:
        code = self.dialect.error_code(err)
        self._dropped = self._dropped or code in CONNECTION_DROPPED
        return DatabaseError(_first_line(err, whole=True), code, sql)

    def rows(self, sql: str, params: Sequence[object] | None = None) -> list[Row]:
        cursor = self._usable_connection().cursor()
        started = time.perf_counter()
        try:
            cursor.execute(sql, tuple(params) if params is not None else None)
            return [tuple(row) for row in cursor.fetchall()]
        except self._errors as err:
            raise self._failed(err, sql) from err
        finally:
            self.sql_seconds += time.perf_counter() - started
            cursor.close()

    def row(self, sql: str, params: Sequence[object] | None = None) -> Row:
        rows = self.rows(sql, params)
        if len(rows) != 1:
            raise DatabaseError(f"expected one row, got {len(rows)}", None, sql)
        return rows[0]

    def scalar(self, sql: str, params: Sequence[object] | None = None) -> Any:
        return self.row(sql, params)[0]

    def run_all(self, statements: Sequence[str]) -> None:
        for sql in statements:
            self.run(sql)

    def begin(self) -> None:
        self.run(self.dialect.begin_sql)
        self.in_transaction = True

    def commit(self) -> None:
        self.run("COMMIT")
        self.in_transaction = False

    def rollback(self) -> None:
        """Roll back the open transaction, if any; a connection that is gone has nothing left to roll back."""
        if not self.in_transaction:
            return
        self.in_transaction = False
        if not (self._dropped or _lost(self._connection)):
            self.run("ROLLBACK")

    def close(self) -> None:
        # Closing a broken connection must not hide the error that broke it.
        with contextlib.suppress(Exception):
            self._proxy.close()


def _lost(connection: Any) -> bool:
    """Whether the driver gave up on the connection (psycopg: `closed`; pymysql: not `open` after a lost socket)."""
    return getattr(connection, "closed", False) is True or getattr(connection, "open", True) is False


def _first_line(error: BaseException, *, whole: bool = False) -> str:
    """The driver's message without its traceback-like decorations (psycopg appends LINE/caret lines)."""
    args: tuple[object, ...] = tuple(getattr(error, "args", ()))
    if len(args) >= 2 and isinstance(args[0], int):  # pymysql: (errno, message)
        return str(args[1])
    text = str(error).strip()
    lines = text.splitlines()
    if whole:
        kept = [line for line in lines if not line.startswith(("LINE ", " ")) and line.strip() != "^"]
        return "\n".join(kept) or text
    return lines[0] if lines else text
