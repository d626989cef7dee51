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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from harness.data import DataSnapshot, RowDifference, Value, read_data, read_product_schema, snapshot_differences
from harness.db import connect
from harness.engines.server_api import Server
from harness.faults.scripts import StepText
from harness.inspect import Schema
from harness.volatile import VolatileColumns
from migrator.errors import MigratorError
from migrator.sqltext import split

RERUN_KINDS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"})


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
