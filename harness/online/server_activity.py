"""What the online checks read from each server: who runs what, who waits for which lock, and table identities.

One class per dialect, registered in `ONLINE_DIALECTS`. Times come back as the server's epoch seconds.
PostgreSQL: `pg_stat_activity` (statement and transaction start) and `pg_locks` (`waitstart`, the lock waited for,
`pg_blocking_pids`); a table's identity is its `relfilenode`, which a rewrite replaces.
MySQL family: `information_schema.PROCESSLIST` (a `Waiting for ... lock` state is a metadata or table lock wait;
`TIME_MS` dates it), InnoDB's lock-wait tables for row locks (`information_schema.INNODB_LOCK_WAITS` on MariaDB and
MySQL 5.7, `performance_schema.data_lock_waits` on MySQL 8+); a table's identity is its InnoDB table id, which a
rebuild replaces. A sampler that cannot see row-lock waits fails the online case, saying why: a check that could
not see blocking would pass for the wrong reason.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from harness.dialects import TRAITS, VARIANTS, Dialect, variant_of
from harness.failures import CheckFailed


@dataclass(frozen=True)
class SessionState:
    """One other session on the database at one moment."""

    session: int
    active: bool  # running a statement now
    statement: str
    started: float | None  # when the current statement started
    transaction_started: float | None
    lock: str | None = None  # the lock it waits for, when it waits for one
    wait_started: float | None = None
    blockers: tuple[int, ...] = ()  # sessions holding that lock, when the server says


class LockWaitsUnseen(CheckFailed):
    """The server does not let the sampler see row-lock waits: the online case fails with the reason."""


class OnlineDialect(Protocol):
    name: Dialect
    session_id_sql: str
    now_sql: str

    def session_settings(self, connection: Connection, timeout_s: float) -> tuple[str, ...]:
        """Settings for a workload session: bounded statements and lock waits."""
        ...

    def server_bounds_statements(self, connection: Connection) -> bool:
        """Whether the session settings stop every kind of workload statement past the timeout; when not, the
        workers cancel an overdue statement themselves with `cancel_sql`."""
        ...

    def cancel_sql(self, session: int) -> str:
        """Stop the statement session `session` runs, keeping its connection."""
        ...

    def sample(self, connection: Connection) -> tuple[float, list[SessionState]]:
        """The server's time and every other session on the current database."""
        ...

    def table_identities(self, connection: Connection) -> dict[str, str]:
        """Table name -> an identity that changes when the table is rewritten."""
        ...


def _rows(connection: Connection, sql: str) -> Sequence[Any]:
    return connection.execute(text(sql)).all()


def _float(value: object) -> float | None:
    return None if value is None else float(str(value))


class PostgreSQLOnline:
    name: Dialect = "postgresql"
    session_id_sql = "SELECT pg_backend_pid()"
    now_sql = "SELECT extract(epoch FROM clock_timestamp())::float8"
    _SAMPLE: ClassVar[str] = """
        SELECT a.pid, a.state = 'active', coalesce(a.query, ''),
               extract(epoch FROM a.query_start)::float8, extract(epoch FROM a.xact_start)::float8,
               CASE WHEN a.wait_event_type = 'Lock' THEN (
                   SELECT string_agg(DISTINCT CASE WHEN c.relname IS NOT NULL
                       THEN 'a lock on ' || c.relname || ' (' || l.mode || ')'
                       ELSE 'a ' || l.locktype || ' lock (' || l.mode || ')' END, ', ')
                   FROM pg_locks l LEFT JOIN pg_class c ON c.oid = l.relation
                   WHERE l.pid = a.pid AND NOT l.granted) END,
               CASE WHEN a.wait_event_type = 'Lock' THEN (
                   SELECT extract(epoch FROM min(l.waitstart))::float8 FROM pg_locks l
                   WHERE l.pid = a.pid AND NOT l.granted) END,
               CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END,
               extract(epoch FROM clock_timestamp())::float8
        FROM pg_stat_activity a
        WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
    """

    def session_settings(self, connection: Connection, timeout_s: float) -> tuple[str, ...]:
        return (VARIANTS["postgresql"].statement_timeout_sql(timeout_s),)

    def server_bounds_statements(self, connection: Connection) -> bool:
        return VARIANTS["postgresql"].server_bounds_statements

    def cancel_sql(self, session: int) -> str:
        return f"SELECT pg_cancel_backend({int(session)})"

    def sample(self, connection: Connection) -> tuple[float, list[SessionState]]:
        rows = _rows(connection, self._SAMPLE)
        if not rows:
            now = connection.execute(text(self.now_sql)).scalar_one()
            return float(now), []
        states = []
        for pid, active, query, started, xact, lock, wait_started, blockers, _ in rows:
            waiting = lock is not None
            states.append(
                SessionState(
                    int(pid),
                    bool(active),
                    str(query),
                    _float(started),
                    _float(xact),
                    lock,
                    (_float(wait_started) or _float(started)) if waiting else None,
                    tuple(int(b) for b in blockers or ()),
                )
            )
        return float(rows[0][-1]), states

    def table_identities(self, connection: Connection) -> dict[str, str]:
        rows = _rows(
            connection,
            """
            SELECT c.relname, c.relfilenode::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm') AND n.nspname = current_schema()
        """,
        )
        return {str(name): str(node) for name, node in rows}


class MySQLOnline:
    name: Dialect = "mysql"
    session_id_sql = "SELECT CONNECTION_ID()"
    now_sql = "SELECT UNIX_TIMESTAMP(NOW(6))"
    _PROCESSLIST: ClassVar[str] = """
        SELECT ID, COMMAND, COALESCE(STATE, ''), COALESCE(INFO, ''), {elapsed_ms}, UNIX_TIMESTAMP(NOW(6))
        FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()
    """
    _ROW_LOCK_WAITS: ClassVar[dict[str, str]] = {
        # MariaDB, MySQL 5.7
        "information_schema": """
            SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id, UNIX_TIMESTAMP(r.trx_wait_started)
            FROM information_schema.INNODB_LOCK_WAITS w
            JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
            JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
        """,
        # MySQL 8+
        "performance_schema": """
            SELECT r.trx_mysql_thread_id, b.trx_mysql_thread_id, UNIX_TIMESTAMP(r.trx_wait_started)
            FROM performance_schema.data_lock_waits w
            JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID
            JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID
        """,
    }
    _IDENTITIES: ClassVar[tuple[str, ...]] = tuple(
        f"SELECT SUBSTRING(NAME, CHAR_LENGTH(DATABASE()) + 2), TABLE_ID FROM information_schema.{view} "
        "WHERE LEFT(NAME, CHAR_LENGTH(DATABASE()) + 1) = CONCAT(DATABASE(), '/')"
        for view in ("INNODB_SYS_TABLES", "INNODB_TABLES")  # MariaDB, MySQL 8
    )

    # InnoDB refreshes the snapshot behind its INNODB_TRX / INNODB_LOCK_WAITS views only when nobody read them
    # for 0.1 s: read every sampling interval, they would show the first snapshot for ever.
    ROW_LOCK_REFRESH_S: ClassVar[float] = 0.15

    def __init__(self) -> None:
        self._elapsed_ms: str | None = None
        self._row_lock_source: str | None = None
        self._row_waits: dict[int, tuple[int, float]] = {}
        self._row_waits_read = float("-inf")

    def session_settings(self, connection: Connection, timeout_s: float) -> tuple[str, ...]:
        # MySQL bounds read-only SELECTs only; the workers cancel other statements (server_bounds_statements).
        statement = variant_of(connection).statement_timeout_sql(timeout_s)
        return (*TRAITS["mysql"].lock_timeout_sql(timeout_s), statement)

    def server_bounds_statements(self, connection: Connection) -> bool:
        return variant_of(connection).server_bounds_statements

    def cancel_sql(self, session: int) -> str:
        return f"KILL QUERY {int(session)}"

    def sample(self, connection: Connection) -> tuple[float, list[SessionState]]:
        if self._elapsed_ms is None:
            has_ms = connection.execute(
                text(
                    "SELECT COUNT(*) FROM information_schema.COLUMNS "
                    "WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'PROCESSLIST' "
                    "AND COLUMN_NAME = 'TIME_MS'"
                )
            ).scalar_one()
            self._elapsed_ms = "TIME_MS" if has_ms else "TIME * 1000"  # MySQL counts whole seconds only
        rows = _rows(connection, self._PROCESSLIST.format(elapsed_ms=self._elapsed_ms))
        row_waits = self._row_lock_waits(connection)
        now = float(rows[0][-1]) if rows else float(connection.execute(text(self.now_sql)).scalar_one())
        states = []
        for session, command, state, info, elapsed_ms, _ in rows:
            active = command == "Query"
            started = now - float(elapsed_ms) / 1000 if active else None
            lock: str | None = None
            wait_started: float | None = None
            blockers: tuple[int, ...] = ()
            if active and state.startswith("Waiting for") and state.endswith("lock"):
                lock, wait_started = "the " + state.removeprefix("Waiting for "), started
            elif active and int(session) in row_waits and not _later_query(started, row_waits[int(session)][1]):
                holder, since = row_waits[int(session)]
                lock, blockers = "a row lock", (holder,)
                wait_started = max(since, started) if started is not None else since
            states.append(SessionState(int(session), active, str(info), started, None, lock, wait_started, blockers))
        return now, states

    def _row_lock_waits(self, connection: Connection) -> dict[int, tuple[int, float]]:
        """Waiting session -> (holding session, when the wait began); at most ROW_LOCK_REFRESH_S old."""
        if time.monotonic() - self._row_waits_read < self.ROW_LOCK_REFRESH_S:
            return self._row_waits
        source = self._row_lock_source or self.row_lock_source(connection)
        try:
            rows = _rows(connection, self._ROW_LOCK_WAITS[source])
        except DBAPIError as err:
            raise LockWaitsUnseen(
                f"the lock sampler cannot read row-lock waits from {source}: {err.orig}",
                {"why it matters": "a statement holding row locks could block the workload unseen"},
            ) from err
        self._row_waits_read = time.monotonic()
        self._row_waits = {int(waiter): (int(holder), float(since)) for waiter, holder, since in rows}
        return self._row_waits

    def row_lock_source(self, connection: Connection) -> str:
        """Where this server shows row-lock waits; raises LockWaitsUnseen when it shows them nowhere."""
        present = {
            str(schema).lower()
            for (schema,) in _rows(
                connection,
                """
            SELECT TABLE_SCHEMA FROM information_schema.TABLES
            WHERE (TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'INNODB_LOCK_WAITS')
               OR (TABLE_SCHEMA = 'performance_schema' AND TABLE_NAME = 'data_lock_waits')
        """,
            )
        }
        if "information_schema" in present:
            source = "information_schema"
        elif "performance_schema" in present:
            # With performance_schema off the table exists but stays empty: every wait would go unseen.
            if not int(connection.execute(text("SELECT @@performance_schema")).scalar_one()):
                raise LockWaitsUnseen(
                    "the lock sampler cannot see row-lock waits: performance_schema is off on this server",
                    {"to fix": "start the server with --performance-schema=ON (MySQL's default)"},
                )
            source = "performance_schema"
        else:
            raise LockWaitsUnseen(
                "the lock sampler cannot see row-lock waits: this server has neither "
                "information_schema.INNODB_LOCK_WAITS nor performance_schema.data_lock_waits"
            )
        self._row_lock_source = source
        return source

    def table_identities(self, connection: Connection) -> dict[str, str]:
        for sql in self._IDENTITIES:
            try:
                return {str(name): str(table_id) for name, table_id in _rows(connection, sql)}
            except DBAPIError:
                continue
        return {}


def _later_query(started: float | None, wait_since: float) -> bool:
    """The session's current statement began after that row-lock wait (the views' snapshot is a little old, and
    `trx_wait_started` has whole seconds): the wait was its previous statement's."""
    return started is not None and started > wait_since + 1.0


def online_dialect(dialect: Dialect) -> OnlineDialect:
    factories: dict[Dialect, type[PostgreSQLOnline] | type[MySQLOnline]] = {
        "postgresql": PostgreSQLOnline,
        "mysql": MySQLOnline,
    }
    return factories[dialect]()
