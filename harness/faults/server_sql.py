"""The SQL of fault injection, one class per dialect: the statements inserted into the scripts, and what the
harness runs on the server to watch the runner's sessions, end them, and hold locks against them.

The inserted barrier and gate statements first take a lock named after their token that nobody else holds (an
advisory lock on PostgreSQL, a user-level lock on the MySQL family); the session holding it is the runner's session
that has reached the statement. The harness asks the server's lock table who holds it - never the text of what a
session runs, which a runner sending a whole file in one execution shows as the whole file (truncated on PostgreSQL
after 1 kB), long before the inserted statement is reached.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from harness.dialects import Dialect, quote
from harness.faults.tables import LockTarget

BARRIER = "uh-barrier-"
GATE = "uh-gate-"
_OPEN = "uh-open-"


@dataclass(frozen=True)
class ServerSession:
    """A session of the watched database that is not one of the harness's own."""

    id: int
    query: str
    active: bool  # running a statement now
    waiting_for_lock: bool  # waiting for a table lock (not for an advisory or user-level lock)
    statement: str = ""  # tells one statement of the session from the next (its start time, or its text)


def same_statement(query: str, sql: str) -> bool:
    """Whether a session's current query is `sql` (whitespace aside; servers may truncate long query texts)."""
    seen, wanted = " ".join(query.split()), " ".join(sql.split())
    return bool(seen) and (seen == wanted or (len(seen) >= 200 and wanted.startswith(seen[:200])))


class FaultSQL(Protocol):
    def failing(self, token: str) -> str:
        """A statement that fails: a SELECT from a table that does not exist."""
        ...

    def barrier(self, token: str) -> str:
        """A statement that takes the lock `BARRIER + token` (see holder), then waits for an hour."""
        ...

    def gate(self, token: str) -> str:
        """A statement that takes the lock `GATE + token`, then waits until the harness releases the gate `token`."""
        ...

    def holder(self, connection: Connection, name: str) -> int | None:
        """The session holding the lock `name` taken by a barrier or gate statement; None before one runs."""
        ...

    def hold_gate(self, connection: Connection, token: str) -> None: ...

    def release_gate(self, connection: Connection, token: str) -> None: ...

    def own_id(self, connection: Connection) -> int: ...

    def sessions(self, connection: Connection, database: str) -> list[ServerSession]: ...

    def terminate(self, connection: Connection, session: int) -> None:
        """End a session on the server, as when the network drops it."""
        ...

    def lock_table(self, connection: Connection, target: LockTarget) -> str | None:
        """Hold a lock on the table that conflicts with what the statement needs; the reason when impossible."""
        ...

    def unlock_tables(self, connection: Connection) -> None: ...


def _key(token: str) -> int:
    return int.from_bytes(hashlib.sha256(token.encode()).digest()[:7], "big")


# PostgreSQL table lock modes, weakest first, and the modes each conflicts with (the documented matrix).
_PG_MODES = (
    "ACCESS SHARE",
    "ROW SHARE",
    "ROW EXCLUSIVE",
    "SHARE UPDATE EXCLUSIVE",
    "SHARE",
    "SHARE ROW EXCLUSIVE",
    "EXCLUSIVE",
    "ACCESS EXCLUSIVE",
)
_PG_CONFLICTS = {
    "ACCESS SHARE": {"ACCESS EXCLUSIVE"},
    "ROW SHARE": {"EXCLUSIVE", "ACCESS EXCLUSIVE"},
    "ROW EXCLUSIVE": {"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"},
    "SHARE UPDATE EXCLUSIVE": {
        "SHARE UPDATE EXCLUSIVE",
        "SHARE",
        "SHARE ROW EXCLUSIVE",
        "EXCLUSIVE",
        "ACCESS EXCLUSIVE",
    },
    "SHARE": {"ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"},
    "SHARE ROW EXCLUSIVE": {
        "ROW EXCLUSIVE",
        "SHARE UPDATE EXCLUSIVE",
        "SHARE",
        "SHARE ROW EXCLUSIVE",
        "EXCLUSIVE",
        "ACCESS EXCLUSIVE",
    },
    "EXCLUSIVE": set(_PG_MODES[1:]),
    "ACCESS EXCLUSIVE": set(_PG_MODES),
}
_PG_LOCK_NAMES = {mode.title().replace(" ", "") + "Lock": mode for mode in _PG_MODES}  # pg_locks.mode spelling
_PG_NEEDS = {
    "ddl": "ACCESS EXCLUSIVE",
    "index": "SHARE",
    "concurrent-index": "SHARE UPDATE EXCLUSIVE",
    "comment": "SHARE UPDATE EXCLUSIVE",
    "dml": "ROW EXCLUSIVE",
}


def pg_mode_against(need: str, held: set[str]) -> str | None:
    """The weakest mode that blocks a statement needing `need` while compatible with the modes already `held`."""
    for mode in _PG_MODES:
        if need in _PG_CONFLICTS[mode] and not held & _PG_CONFLICTS[mode]:
            return mode
    return None


class PostgresFaults:
    def failing(self, token: str) -> str:
        return f"SELECT * FROM uh_missing_{token}"

    def barrier(self, token: str) -> str:
        return (
            f"SELECT pg_advisory_xact_lock({_key(BARRIER + token)}) IS NULL, pg_sleep(3600) IS NULL, '{BARRIER}{token}'"
        )

    def gate(self, token: str) -> str:
        return (
            f"SELECT pg_advisory_xact_lock({_key(GATE + token)}) IS NULL, "
            f"pg_advisory_xact_lock({_key(token)}) IS NULL, '{GATE}{token}'"
        )

    def holder(self, connection: Connection, name: str) -> int | None:
        # a bigint advisory key is stored as classid (high half), objid (low half), objsubid 1
        pid = connection.exec_driver_sql(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 "
            "AND ((classid::bigint << 32) | objid::bigint) = %(key)s",
            {"key": _key(name)},
        ).scalar()
        return None if pid is None else int(pid)

    def hold_gate(self, connection: Connection, token: str) -> None:
        connection.exec_driver_sql(f"SELECT pg_advisory_lock({_key(token)})")

    def release_gate(self, connection: Connection, token: str) -> None:
        connection.exec_driver_sql(f"SELECT pg_advisory_unlock({_key(token)})")

    def own_id(self, connection: Connection) -> int:
        return int(connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())

    def sessions(self, connection: Connection, database: str) -> list[ServerSession]:
        rows = connection.exec_driver_sql(
            "SELECT pid, coalesce(query, ''), state = 'active', "
            "coalesce(wait_event_type, '') = 'Lock' AND wait_event = 'relation', coalesce(query_start::text, '') "
            "FROM pg_stat_activity WHERE datname = %(db)s AND pid <> pg_backend_pid()",
            {"db": database},
        )
        return [ServerSession(int(r[0]), str(r[1]), bool(r[2]), bool(r[3]), str(r[4])) for r in rows]

    def terminate(self, connection: Connection, session: int) -> None:
        connection.exec_driver_sql("SELECT pg_terminate_backend(%(pid)s)", {"pid": session})

    def lock_table(self, connection: Connection, target: LockTarget) -> str | None:
        visible = connection.exec_driver_sql("SELECT to_regclass(%(t)s) IS NOT NULL", {"t": target.table}).scalar()
        if not visible:
            return (
                f"table {target.table} is created earlier in this version, inside the runner's uncommitted "
                "transaction, so no other session can see or lock it"
            )
        held = {
            _PG_LOCK_NAMES.get(str(row[0]), str(row[0]))
            for row in connection.exec_driver_sql(
                "SELECT mode FROM pg_locks WHERE relation = to_regclass(%(t)s) AND granted AND pid <> pg_backend_pid()",
                {"t": target.table},
            )
        }
        mode = pg_mode_against(_PG_NEEDS[target.kind], held)
        if mode is None:
            return (
                f"the runner's own transaction already holds {', '.join(sorted(held))} on {target.table} (an earlier "
                "step of the version took it), so no other session can hold a lock this statement needs"
            )
        connection.exec_driver_sql("BEGIN")
        try:
            connection.exec_driver_sql(f"LOCK TABLE {quote('postgresql', target.table)} IN {mode} MODE NOWAIT")
        except DBAPIError as err:
            connection.exec_driver_sql("ROLLBACK")
            return f"cannot lock {target.table} in {mode} mode: {str(err.orig).strip().splitlines()[0]}"
        return None

    def unlock_tables(self, connection: Connection) -> None:
        connection.exec_driver_sql("ROLLBACK")


class MySQLFaults:
    def failing(self, token: str) -> str:
        return f"SELECT * FROM uh_missing_{token}"

    def barrier(self, token: str) -> str:
        return f"SELECT GET_LOCK('{BARRIER}{token}', 0), SLEEP(3600)"

    def gate(self, token: str) -> str:
        return f"SELECT GET_LOCK('{GATE}{token}', 0), GET_LOCK('{_OPEN}{token}', 3600)"

    def holder(self, connection: Connection, name: str) -> int | None:
        session = connection.exec_driver_sql("SELECT IS_USED_LOCK(%(name)s)", {"name": name}).scalar()
        return None if session is None else int(session)

    def hold_gate(self, connection: Connection, token: str) -> None:
        connection.exec_driver_sql(f"SELECT GET_LOCK('{_OPEN}{token}', 10)")

    def release_gate(self, connection: Connection, token: str) -> None:
        connection.exec_driver_sql(f"SELECT RELEASE_LOCK('{_OPEN}{token}')")

    def own_id(self, connection: Connection) -> int:
        return int(connection.exec_driver_sql("SELECT CONNECTION_ID()").scalar_one())

    def sessions(self, connection: Connection, database: str) -> list[ServerSession]:
        rows = connection.exec_driver_sql(
            "SELECT id, COALESCE(info, ''), command = 'Query', COALESCE(state, '') LIKE 'Waiting for%%lock%%' "
            "FROM information_schema.processlist WHERE db = %(db)s AND id <> CONNECTION_ID()",
            {"db": database},
        )
        # the MySQL family shows the statement running now, also inside a multi-statement execution
        return [ServerSession(int(r[0]), str(r[1]), bool(r[2]), bool(r[3]), str(r[1])) for r in rows]

    def terminate(self, connection: Connection, session: int) -> None:
        try:
            connection.exec_driver_sql(f"KILL {int(session)}")
        except DBAPIError as err:
            if getattr(err.orig, "args", (None,))[0] != 1094:  # unknown thread: it is gone already
                raise

    def lock_table(self, connection: Connection, target: LockTarget) -> str | None:
        connection.exec_driver_sql("SET SESSION lock_wait_timeout = 5")
        try:
            connection.exec_driver_sql(f"LOCK TABLES {quote('mysql', target.table)} WRITE")
        except DBAPIError as err:
            return f"cannot lock {target.table}: {err.orig}"
        return None

    def unlock_tables(self, connection: Connection) -> None:
        connection.exec_driver_sql("UNLOCK TABLES")


FAULT_SQL: dict[Dialect, FaultSQL] = {"postgresql": PostgresFaults(), "mysql": MySQLFaults()}
