"""A write-blocking lock held for a table scan or copy, scaled from the seeded table to its production size.

On the seeded database an index build that blocks writes may take 30 ms and pass any limit; on the production
table it blocks them for minutes. So for each statement that held such a lock (`locks.py`), the part of its time
that grows with the table is taken as linear in the table's rows:

    cost     = measured time - the statement's own lock waits - its time on the empty replay
    estimate = cost x production rows / seeded rows

Linear is the floor: an index build sorts (n log n), a copy also rebuilds every index. The production rows are the
scenario's `[online] production_rows` for the table, else the seeded rows times `production_scale` (default 1: a
size nobody declared is not invented, so only the tables a scenario names are scaled unless it sets a scale). A
table with fewer than `MIN_SEEDED_ROWS` seeded rows is scaled only when `production_rows` names it: below that, a
few milliseconds of noise would be multiplied into seconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from sqlalchemy import Connection, inspect, text

from harness.dialects import quote_identifier
from harness.online.findings import ScaledBlock, StatementImpact
from harness.online.settings import OnlineSettings

MIN_SEEDED_ROWS = 1000


def table_rows(connection: Connection) -> dict[str, int]:
    """Every table of the current database (schema) and its exact row count."""
    return {
        name: int(connection.execute(text(f"SELECT COUNT(*) FROM {quote_identifier(connection, name)}")).scalar_one())
        for name in inspect(connection).get_table_names()
    }


def scaled(impact: StatementImpact, rows: Mapping[str, int], settings: OnlineSettings) -> StatementImpact:
    """`impact` with `scaled` set to its longest estimated block, when it held a write-blocking lock."""
    if impact.probe_s is None:
        return impact
    cost = max(0.0, impact.seconds - impact.own_wait_s - impact.probe_s)
    found: list[ScaledBlock] = []
    for lock in impact.locks:
        seeded = rows.get(lock.table, 0)  # a table the upgrade creates has no previous release's writers
        production, declared = settings.rows_in_production(lock.table, seeded)
        if seeded == 0 or (seeded < MIN_SEEDED_ROWS and not declared):
            continue
        found.append(ScaledBlock(lock, seeded, production, declared, cost, cost * max(production, seeded) / seeded))
    if not found:
        return impact
    return replace(impact, scaled=max(found, key=lambda block: block.estimate_s))


def scale_all(
    impacts: Sequence[StatementImpact], rows: Mapping[str, int], settings: OnlineSettings
) -> list[StatementImpact]:
    return [scaled(impact, rows, settings) for impact in impacts]
