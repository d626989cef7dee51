"""Calling the scenario's seed: whatever goes wrong inside it becomes one SeedError naming the seed's file and line."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from harness.dialects import Dialect
from harness.failures import SeedError
from harness.scenario import Scenario, SeedFunction, scenario_frames


def run_seed(
    scenario: Scenario,
    connection: Connection,
    *,
    version: str,
    dialect: Dialect,
    engine: str,
    size: int,
    batch: int = 0,
) -> dict[str, int]:
    """Seed the database at `version` and commit; rows written per table. Raises SeedError on any failure."""
    seed = scenario.seed
    if seed is None:
        return {}
    try:
        counts = seed(connection, version=version, dialect=dialect, size=size, batch=batch)
        connection.commit()
    except Exception as err:
        with contextlib.suppress(DBAPIError):
            connection.rollback()
        frames = [f"{path}:{line}" for path, line, _ in scenario_frames(err, scenario.root)] or [_definition(seed)]
        raise SeedError(frames[0], version, engine, _first_line(err), tuple(frames[1:4])) from err
    if not isinstance(counts, Mapping) or not all(
        isinstance(table, str) and isinstance(rows, int) for table, rows in counts.items()
    ):
        shown = repr(counts)[:80]
        raise SeedError(
            _definition(seed), version, engine,
            f"seed() returned {shown}; it must return a dict of table name -> rows written",
        )
    return dict(counts)


def _first_line(err: BaseException) -> str:
    """The error's first line: the server's own message for a database error, not the SQL and its parameters."""
    cause: BaseException = err.orig if isinstance(err, DBAPIError) and err.orig is not None else err
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else 'no message'}"


def _definition(seed: SeedFunction) -> str:
    """Where the seed function is defined, for errors no frame of the scenario's own code points at."""
    code = getattr(seed, "__code__", None)
    return f"{code.co_filename}:{code.co_firstlineno}" if code is not None else "the scenario's seed"
