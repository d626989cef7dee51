"""Parameter values for workload queries: `from` queries read once per database, then random picks per run."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from harness.online.workload import WorkloadQuery


@dataclass(frozen=True)
class ParamValues:
    """What each (query, parameter) may take on one database; `broken` names queries whose sources failed."""

    choices: Mapping[tuple[str, str], Sequence[object]]
    broken: Mapping[str, str] = field(default_factory=dict)

    def draw(self, query: WorkloadQuery, rng: random.Random) -> dict[str, object]:
        return {param.name: rng.choice(self.choices[(query.name, param.name)]) for param in query.params}


def read_param_values(connection: Connection, queries: Sequence[WorkloadQuery]) -> ParamValues:
    """Run every `from` query (on an autocommit connection); a failing or empty source marks its query broken."""
    choices: dict[tuple[str, str], Sequence[object]] = {}
    broken: dict[str, str] = {}
    for query in queries:
        for param in query.params:
            if param.query is None:
                choices[(query.name, param.name)] = param.choices
                continue
            try:
                rows = tuple(row[0] for row in connection.execute(text(param.query)))
            except DBAPIError as err:
                broken[query.name] = f"parameter {param.name!r}: {param.query}\n{first_line(err)}"
                continue
            if not rows and not param.default:
                broken[query.name] = f"parameter {param.name!r}: {param.query}\nfound no rows and has no default"
                continue
            choices[(query.name, param.name)] = rows or param.default
    return ParamValues(choices, broken)


def first_line(error: BaseException) -> str:
    """The driver's own message without SQLAlchemy's appendix (the SQL and a link)."""
    original = getattr(error, "orig", None) or error
    lines = [line for line in str(original).strip().splitlines() if line.strip()]
    return lines[0] if lines else type(original).__name__
