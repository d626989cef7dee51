"""Which statements rewrite a table: replayed one by one on a fresh install of the start version.

Whether a statement rewrites a table depends on the statement and the schema, not on the rows, so the replay runs
on an empty database where it is quick. After each statement the tables' identities (PostgreSQL `relfilenode`,
InnoDB table id) are compared with those before it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from harness.db import connect
from harness.engines.base import Server
from harness.online.dialects import online_dialect
from harness.runners.base import Runner, StatementTime

Rewrites = dict[tuple[str, int], tuple[str, ...]]


def probe_rewrites(server: Server, runner: Runner, start: str, statements: Sequence[StatementTime]) -> Rewrites | None:
    """(version, step) -> tables it rewrote; statements after one that fails here are left out (unknown)."""
    dialect = online_dialect(server.dialect)
    database = server.create_database()
    try:
        url = server.url(database)
        if not runner.install(url, start).ok:
            return None
        found: Rewrites = {}
        with connect(url, autocommit=True) as connection:
            before = dialect.table_identities(connection)
            for statement in _last_attempts(statements):
                try:
                    _execute(connection, statement.statement)
                except connection.dialect.loaded_dbapi.Error:
                    break
                after = dialect.table_identities(connection)
                found[(statement.version, statement.step)] = tuple(
                    sorted(table for table, identity in before.items() if after.get(table, identity) != identity)
                )
                before = after
        return found
    finally:
        server.drop_database(database)


def _last_attempts(statements: Sequence[StatementTime]) -> list[StatementTime]:
    """A statement retried after a lock timeout appears once per attempt; the replay runs it once."""
    latest = {(s.version, s.step): s for s in statements}
    return list(latest.values())


def _execute(connection: Connection, sql: str) -> None:
    # The driver's own cursor: the statement goes to the server as written, as the runner sends it.
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
    finally:
        cursor.close()
