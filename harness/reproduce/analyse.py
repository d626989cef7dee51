"""Diagnose a failed upgrade: bring a database to the moment just before the failing statement, then look up the
rows that statement trips over.

After the failure the runner has rolled the failing version back, so the database is at the version before it.
The failing version's earlier statements are replayed (when the runner's source says what they are: `migrator`'s
steps), since the failing statement may read what they created, e.g. a table filled by a backfill.
"""

from __future__ import annotations

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from harness.data import read_product_schema
from harness.db import connect
from harness.dialects import Dialect
from harness.reproduce.diagnosis import Diagnosis
from harness.reproduce.offenders import find_offenders
from harness.reproduce.problem import parse_problem
from harness.reproduce.querying import driver_message
from harness.reproduce.sqltext import flatten
from harness.runners.system_under_test import Runner


def statements_before(runner: Runner, version: str, dialect: Dialect, statement: str) -> tuple[str, ...] | None:
    """The failing version's statements that ran before `statement`, when the runner's source tells them."""
    from migrator.source import MigrationSource

    source = getattr(runner, "source", None)
    if not isinstance(source, MigrationSource) or not source.has(version):
        return None
    steps = source.get(version).for_dialect(dialect).steps
    wanted = flatten(statement)
    for index, step in enumerate(steps):
        if flatten(step.forward.sql) == wanted:
            return tuple(earlier.forward.sql for earlier in steps[:index])
    return None


def diagnose(url: URL, runner: Runner, dialect: Dialect, version: str, statement: str) -> Diagnosis:
    """Offending rows of `statement` on the database at `url` (which this changes: give it a scratch copy)."""
    notes: list[str] = []
    earlier = statements_before(runner, version, dialect, statement)
    if earlier:
        notes += _replay(url, earlier)
    with connect(url) as connection:
        schema = read_product_schema(connection, runner.own_tables)
        diagnosis = find_offenders(connection, schema, parse_problem(statement))
        connection.rollback()
    if not notes:
        return diagnosis
    return Diagnosis(diagnosis.problem, diagnosis.headline, diagnosis.rows, diagnosis.total, (*diagnosis.notes, *notes))


def _replay(url: URL, statements: tuple[str, ...]) -> list[str]:
    with connect(url, autocommit=True) as connection:
        for number, sql in enumerate(statements, start=1):
            try:
                connection.exec_driver_sql(sql)
            except DBAPIError as err:
                first = driver_message(err)
                return [
                    f"replaying statement {number} of the failing version before it failed ({first}); "
                    "the rows were looked up on the database as it was then"
                ]
    return []
