"""How fast the Nightingale seed fills a database: `size` rows in alert_his_event (and target) on each engine.

The database is a fresh install of the head version; the time covers the seed call and its commit.
"""

from __future__ import annotations

from sqlalchemy import text

from benchmarks.timing import measure
from harness.db import connect
from harness.engines.server_api import Server
from harness.runners import runner_for
from harness.scenario import Scenario, ScenarioError

Result = dict[str, object]


def measure_seed(scenario: Scenario, server: Server, size: int) -> Result:
    seed = scenario.seed
    if seed is None:
        raise ScenarioError(f"scenario {scenario.name!r} has no seed")
    runner = runner_for(scenario)
    database = server.create_database()
    try:
        outcome = runner.install(server.url(database), scenario.head)
        if not outcome.ok:
            raise ScenarioError(f"install of {scenario.head} failed: {outcome.error}")
        with connect(server.url(database)) as connection:

            def fill() -> dict[str, int]:
                counts = seed(connection, version=scenario.head, dialect=server.dialect, size=size)
                connection.commit()
                return counts

            lap, counts = measure(fill)
            events = connection.execute(text("SELECT count(*) FROM alert_his_event")).scalar_one()
    finally:
        server.drop_database(database)
    total = sum(counts.values())
    return {
        **lap.as_json(),
        "size": size,
        "version": scenario.head,
        "alert_his_event_rows": int(events),
        "rows_total": total,
        "rows_per_s": round(total / lap.wall_s) if lap.wall_s else None,
        "biggest_tables": dict(sorted(counts.items(), key=lambda item: -item[1])[:4]),
    }
