"""The upgrade's statements replayed one by one on a fresh install of the start version: what each one does.

What a statement does to the previous release depends on the statement and the schema, not on the rows, so the
replay runs on an empty database where it is quick. Per statement it records:

- which tables it rewrote: the tables' identities (PostgreSQL `relfilenode`, InnoDB table id) before and after;
- which write-blocking table locks it held while it worked (`locks.py`);
- how long it took on the empty database: its cost that does not grow with the table;
- and, for the workload queries given to watch, the first statement after which each of them fails: the
  statement that broke the previous release, even when the workload only noticed at a later one (PostgreSQL
  commits a version's statements together; a query may not run again until a later statement is running).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from harness.db import connect
from harness.engines.server_api import Server
from harness.online.findings import Breakage
from harness.online.locks import Execute, HeldLock, lock_reader
from harness.online.params import ParamValues, first_line, read_param_values
from harness.online.server_activity import online_dialect
from harness.online.workload import WorkloadQuery
from harness.runners.system_under_test import Runner, StatementTime

Step = tuple[str, int]


@dataclass(frozen=True)
class StepProbe:
    rewrote: tuple[str, ...]
    locks: tuple[HeldLock, ...]
    seconds: float  # on the empty database


@dataclass(frozen=True)
class Probe:
    steps: dict[Step, StepProbe] = field(default_factory=dict)  # statements after one that fails here are unknown
    breakages: dict[str, Breakage] = field(default_factory=dict)  # watched query -> where it first failed


def probe_statements(
    server: Server,
    runner: Runner,
    start: str,
    statements: Sequence[StatementTime],
    watch: Sequence[WorkloadQuery] = (),
    values: ParamValues | None = None,
) -> Probe | None:
    """Replay `statements` on a fresh install of `start`; None when that install fails. `values`: parameter values
    of the watched queries read on a seeded database, for sources that find nothing on the empty one."""
    dialect = online_dialect(server.dialect)
    locks = lock_reader(server.dialect)
    database = server.create_database()
    try:
        url = server.url(database)
        if not runner.install(url, start).ok:
            return None
        probe = Probe()
        with connect(url, autocommit=True) as connection, connect(url) as queries:
            watched = _runnable(queries, watch, values)
            before = dialect.table_identities(connection)
            for statement in _last_attempts(statements):
                try:
                    held, seconds = locks.run(connection, _executor(connection), statement.statement)
                except connection.dialect.loaded_dbapi.Error:
                    break
                after = dialect.table_identities(connection)
                rewrote = tuple(
                    sorted(table for table, identity in before.items() if after.get(table, identity) != identity)
                )
                held = held + tuple(
                    lock
                    for lock in locks.copied(statement.statement, rewrote)
                    if lock.table not in {known.table for known in held}
                )
                probe.steps[(statement.version, statement.step)] = StepProbe(rewrote, held, seconds)
                before = after
                pending = [query for query in watched if query.name not in probe.breakages]
                for query, error in _failing(queries, pending, values):
                    probe.breakages[query.name] = Breakage(query.name, statement, error)
        return probe
    finally:
        server.drop_database(database)


def _runnable(
    connection: Connection, queries: Sequence[WorkloadQuery], values: ParamValues | None
) -> list[WorkloadQuery]:
    """The watched queries that run on the start version's empty database (the others cannot be followed)."""
    failing = {query.name for query, _ in _failing(connection, queries, values)}
    return [query for query in queries if query.name not in failing]


def _failing(
    connection: Connection, queries: Sequence[WorkloadQuery], known: ParamValues | None
) -> list[tuple[WorkloadQuery, str]]:
    """Each query run once in a transaction that is rolled back; those that fail, with the server's message.

    A parameter whose source finds no rows on the empty database takes a value from `known` (read on a seeded
    database), else NULL: the query is run for its schema, which rows it meets does not matter here.
    """
    if not queries:
        return []
    empty = read_param_values(connection, queries)
    connection.rollback()
    choices = {**(known.choices if known else {}), **empty.choices}
    values = ParamValues(
        {
            (query.name, param.name): choices.get((query.name, param.name), (None,))
            for query in queries
            for param in query.params
        }
    )
    rng = random.Random("probe")
    failed = []
    for query in queries:
        try:
            result = connection.execute(text(query.sql), values.draw(query, rng))
            if result.returns_rows:
                result.fetchall()
        except DBAPIError as err:
            failed.append((query, first_line(err)))
        finally:
            connection.rollback()
    return failed


def _last_attempts(statements: Sequence[StatementTime]) -> list[StatementTime]:
    """A statement retried after a lock timeout appears once per attempt; the replay runs it once."""
    latest = {(s.version, s.step): s for s in statements}
    return list(latest.values())


def _executor(connection: Connection) -> Execute:
    def execute(sql: str) -> None:
        # The driver's own cursor: the statement goes to the server as written, as the runner sends it.
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql)
        finally:
            cursor.close()

    return execute
