"""The rerun check's logic: each data step of a version, run a second time right after its first run, changes nothing.

A step runs twice in production more often than a history's author thinks: on the MySQL family a statement's effect
and the runner's record of it are two commits for most runners (DDL commits implicitly), so a crash between them
runs the step again on the next start, and an operator who repairs a failed upgrade and runs it again re-executes
every step of the version. A backfill that lost its `WHERE NOT EXISTS` guard then inserts its rows twice, an
`UPDATE ... SET x = x * 100` multiplies twice, and no other check notices: none of them runs an applied step again.

On a clone of the seeded previous version the harness runs the version's steps in order, on one session, as a
runner does. After each data step (INSERT, UPDATE, DELETE, REPLACE, MERGE, also behind `WITH`) has run and
committed, it runs the same statement again inside a transaction, reads every row, compares them with the rows
after the first run and rolls the second run back, so the next step starts from the state a single run leaves.

DDL steps run once and are not run again: a second `CREATE`/`ALTER` fails outright on a column or table that
exists (an error the runner reports, not data quietly changed), and DDL that can repeat (`IF NOT EXISTS`) changes no
rows. A second run that the server refuses (a unique key rejects the duplicate rows) changes nothing either, and is
not reported: the data stays right, and whether the runner recovers from the refusal is what `rollback` checks.

A runner whose steps are not SQL files (Alembic: revisions are Python, their statements exist only as the revision
runs) is watched instead (`rerun_watched`): the real upgrade runs on the clone, and right after a data statement
it sends, the same statement (with its parameters) runs again inside a savepoint of the runner's own transaction;
the rows are read after the first and the second run and the savepoint is rolled back, so the runner carries on
from what one run leaves. Alembic's unit of re-running is the revision, never a statement: it runs an applied
revision again whenever the revision's `alembic_version` update did not commit, from the revision's first statement.
On MySQL-family servers a DDL statement commits the revision's earlier statements implicitly, so a crash later in
that revision leaves them applied and the next `alembic upgrade` runs them again (then fails, loudly, on the DDL
that is already there); an operator who retries a revision after a repair, or `stamp`s back, does the same on any
server. So only the data statements a second run of the revision reaches before its first DDL are run twice:
after a `CREATE TABLE` or `ADD COLUMN` the second run of the revision stops with an error at that DDL, and a
backfill of a table the revision itself creates cannot run twice unnoticed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast, runtime_checkable

from sqlalchemy import Connection, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from harness.data import DataSnapshot, RowDifference, Value, read_data, read_product_schema, snapshot_differences
from harness.db import connect
from harness.engines.server_api import Server
from harness.faults.scripts import StepText
from harness.inspect import Schema
from harness.runners.system_under_test import RunOutcome
from harness.volatile import VolatileColumns
from migrator.errors import MigratorError
from migrator.sqltext import split

RERUN_KINDS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"})
# statements a second run of an Alembic revision fails on or repeats harmlessly, and that end what it re-runs
DDL_KINDS = frozenset({"CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "COMMENT"})


class StepFailed(Exception):
    """A step failed on its first run, which the upgrade check reports; the message says which and why."""


@dataclass(frozen=True)
class StepRerun:
    """One data step's second run: the rows it changed (first run -> second run), each rendered with its values,
    or the server's refusal."""

    step: StepText
    differences: tuple[RowDifference, ...]
    changes: tuple[str, ...] = ()
    refused: str | None = None

    def render(self, limit: int = 20) -> str:
        lines = list(self.changes[:limit])
        if len(self.changes) > limit:
            lines.append(f"... and {len(self.changes) - limit} more rows changed by the second run")
        return "\n".join(lines)


def statement_kind(sql: str) -> str:
    """The statement's verb as the migrator reads it (`WITH ... UPDATE` is an UPDATE); UNKNOWN when unreadable."""
    try:
        statements = split(sql, 1, Path("step.sql"))
    except MigratorError:
        return "UNKNOWN"
    return statements[0].kind if statements else "UNKNOWN"


def is_data_step(step: StepText) -> bool:
    return not step.nontransactional and statement_kind(step.sql) in RERUN_KINDS


def rerun_steps(
    server: Server,
    database: str,
    steps: tuple[StepText, ...],
    excluded: frozenset[str],
    volatile: VolatileColumns | None = None,
) -> list[StepRerun]:
    """Run `steps` in order on `database`, each data step a second time as described above; tables in `excluded`
    (the runner's own) are not compared, `volatile` columns (stamped from the clock) by kind, not value. Raises
    StepFailed when a step fails on its first run."""
    url = server.url(database)
    reruns: list[StepRerun] = []
    with connect(url) as connection:
        schema: Schema | None = None
        for step in steps:
            if step.nontransactional:  # CREATE INDEX CONCURRENTLY and the like refuse to run inside a transaction
                with connect(url, autocommit=True) as outside:
                    _first_run(outside, step)
                schema = None
                continue
            _first_run(connection, step)
            connection.commit()
            if not is_data_step(step):
                schema = None  # DDL: the tables to read may have changed
                continue
            if schema is None:
                schema = read_product_schema(connection, excluded)
                connection.commit()
            reruns.append(_second_run(connection, step, schema, excluded, volatile))
    return reruns


def _execute(connection: Connection, sql: str) -> None:
    # As runners send a statement: with no parameters, so a `%` in the SQL is the SQL's own, not a placeholder.
    connection.exec_driver_sql(sql, execution_options={"no_parameters": True})


def _first_run(connection: Connection, step: StepText) -> None:
    try:
        _execute(connection, step.sql)
    except DBAPIError as err:
        connection.rollback()
        raise StepFailed(f"step {step.step} of {step.version} ({step.where}) failed: {err.orig}") from err


def _second_run(
    connection: Connection,
    step: StepText,
    schema: Schema,
    excluded: frozenset[str],
    volatile: VolatileColumns | None,
) -> StepRerun:
    first: DataSnapshot = read_data(connection, schema)
    connection.commit()
    try:
        try:
            _execute(connection, step.sql)
        except DBAPIError as err:
            return StepRerun(step, (), refused=str(err.orig))
        second = read_data(connection, schema)
    finally:
        connection.rollback()  # the next step starts from what one run of this step leaves
    differences = tuple(snapshot_differences(first, second, volatile))
    return StepRerun(step, differences, tuple(_change(d, first, second) for d in differences))


def _change(difference: RowDifference, first: DataSnapshot, second: DataSnapshot) -> str:
    """`table [key] column: first run 'a', second run 'b'`; an inserted or deleted row with its values."""
    table, key = difference.table, difference.key
    where = f"{table} [{', '.join(repr(part) for part in key)}]"
    if difference.missing_row:
        return f"{where}: deleted by the second run (was {_values(first, table, key)})"
    if not difference.column:
        return f"{where}: inserted by the second run: {_values(second, table, key)}"
    return f"{where} {difference.column}: first run {difference.before!r}, second run {difference.after!r}"


def _values(snapshot: DataSnapshot, table: str, key: tuple[Value, ...]) -> str:
    data = snapshot.tables.get(table)
    row = data.rows.get(key) if data is not None else None
    if data is None or row is None:
        return "?"
    return ", ".join(f"{column}={value!r}" for column, value in row.items() if column not in data.key)


# -- runners watched while they run (Alembic) ---------------------------------------------------------------------
_MIGRATION_LOG = "alembic.runtime.migration"
_SAVEPOINT = "upgrade_harness_rerun"


@runtime_checkable
class RunsWatched(Protocol):
    """A runner that runs in-process on a connection and lets a caller watch that connection first."""

    own_tables: frozenset[str]

    def run_command(
        self, url: URL, verb: str, target: str, watch: Callable[[Connection], Any] | None = None
    ) -> RunOutcome: ...


class _Revision(logging.Handler):
    """The revision Alembic is running, from its "Running upgrade a -> b, message" log line."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.current = ""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("Running upgrade "):
            self.current = message.removeprefix("Running upgrade ").split(",")[0]


@contextmanager
def _revision_log() -> Iterator[_Revision]:
    handler = _Revision()
    logger = logging.getLogger(_MIGRATION_LOG)
    level = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _touches(sql: str, tables: frozenset[str]) -> bool:
    words = {word.strip('`"').lower() for word in sql.replace("(", " ").split()}
    return bool(words & {table.lower() for table in tables})


def rerun_watched(
    server: Server,
    database: str,
    runner: RunsWatched,
    target: str,
    volatile: VolatileColumns | None = None,
) -> list[StepRerun]:
    """Upgrade `database` to `target` with `runner`, each data statement before its revision's first DDL run a
    second time as described above;
    the runner's own tables are neither compared nor rerun. Raises StepFailed when the upgrade itself fails."""
    reruns: list[StepRerun] = []
    sent: dict[str, int] = {}  # statements sent per revision, to name a statement by its place in its revision
    past_ddl: set[str] = set()  # revisions that have sent a DDL statement: a second run of them stops there
    rerunning = [False]

    def watch(connection: Connection) -> None:
        def after(
            conn: Connection,
            cursor: Any,
            statement: str,
            parameters: Sequence[Any] | dict[str, Any] | None,
            context: object,
            executemany: bool,
        ) -> None:
            if rerunning[0]:
                return  # the harness's own reads and the second run are not the runner's statements
            sent[revision.current] = sent.get(revision.current, 0) + 1
            kind = statement_kind(statement)
            if kind in DDL_KINDS:
                past_ddl.add(revision.current)
            if kind not in RERUN_KINDS or revision.current in past_ddl or _touches(statement, runner.own_tables):
                return
            rerunning[0] = True
            try:
                step = StepText(
                    target, len(reruns) + 1, statement, 0, False,
                    where=f"revision {revision.current or '?'}, statement {sent[revision.current]}",
                )  # fmt: skip
                reruns.append(_second_run_in_savepoint(conn, step, parameters, executemany, runner, volatile))
            finally:
                rerunning[0] = False

        event.listen(connection, "after_cursor_execute", after)

    with _revision_log() as revision:
        outcome = runner.run_command(server.url(database), "upgrade", target, watch=watch)
    if not outcome.ok:
        raise StepFailed(outcome.error or f"the upgrade to {target} failed")
    return reruns


def _second_run_in_savepoint(
    connection: Connection,
    step: StepText,
    parameters: Sequence[Any] | dict[str, Any] | None,
    executemany: bool,
    runner: RunsWatched,
    volatile: VolatileColumns | None,
) -> StepRerun:
    schema = read_product_schema(connection, runner.own_tables)
    first = read_data(connection, schema)
    # The second run goes to the driver's cursor as the first did: same text, same parameters, and unseen by the
    # runner's statement listeners.
    raw = connection.connection.dbapi_connection
    assert raw is not None
    driver_error: type[Exception] = connection.dialect.loaded_dbapi.Error
    savepoint = raw.cursor()
    savepoint.execute(f"SAVEPOINT {_SAVEPOINT}")
    try:
        try:
            again = raw.cursor()
            if executemany:
                again.executemany(step.sql, cast(Sequence[Sequence[Any]], parameters))
            else:
                again.execute(step.sql, parameters or None)
        except driver_error as err:
            return StepRerun(step, (), refused=str(err))
        second = read_data(connection, schema)
    finally:
        savepoint.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
        savepoint.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")
    differences = tuple(snapshot_differences(first, second, volatile))
    return StepRerun(step, differences, tuple(_change(d, first, second) for d in differences))
