"""N-1 compatibility: the previous release's workload, run once per query against the upgraded schema.

Each query runs in a transaction of its own that is rolled back, so a write that works does not change what the
next query sees, and a failing query does not hide the others.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from harness.db import connect
from harness.online.params import first_line, read_param_values
from harness.online.workload import WorkloadQuery


@dataclass(frozen=True)
class CompatFailure:
    query: str
    sql: str
    error: str
    params: Mapping[str, object] = field(default_factory=dict)


def run_compat(url: URL, queries: Sequence[WorkloadQuery]) -> list[CompatFailure]:
    """The queries that fail on the database at `url`, each with its SQL, parameters and the server's message."""
    with connect(url, autocommit=True) as connection:
        values = read_param_values(connection, queries)
    by_name = {query.name: query for query in queries}
    failures = [CompatFailure(name, by_name[name].sql, problem) for name, problem in values.broken.items()]
    rng = random.Random("compat")
    with connect(url) as connection:
        for query in queries:
            if query.name in values.broken:
                continue
            params = values.draw(query, rng)
            try:
                result = connection.execute(text(query.sql), params)
                if result.returns_rows:
                    result.fetchall()
            except DBAPIError as err:
                failures.append(CompatFailure(query.name, query.sql, first_line(err), params))
            finally:
                connection.rollback()
    return failures
