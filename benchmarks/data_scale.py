"""The data check at scale: its time on the Nightingale seed (1,000,000 rows in the big tables) against one
server-side scan of the same rows.

Per engine: the seeded snapshot of START is built (install, seed, the fingerprint of its rows), upgraded to the
head, and then timed on the upgraded database:

- `data_check`: the data check itself (`verify`), checksums of the upgraded side compared with the stored
  fingerprint, rows read only from chunks that differ;
- `count_scan`: `SELECT count(*)` of every table (touches every row, reads no value);
- `value_scan`: every table's rows with every value read on the server once (PostgreSQL: the sum of the length of
  each row's text; MySQL family: of CONCAT_WS over the columns): what any comparison of values has to pay at least;
- `full_read` (unless `full_read=False`): the row path the data check took before, both sides read into Python and
  compared row by row.

Ratios are of one run, taken back to back on the same databases; the load average is recorded beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import text

from benchmarks.timing import measure
from harness.cases import Case
from harness.checks.data_is_preserved import verify
from harness.data import preserved_differences, read_data
from harness.data_checksums import LiveDatabase, compare_preserved, fingerprint_database
from harness.db import connect
from harness.dialects import quote
from harness.engines.server_api import Server
from harness.inspect import Schema
from harness.paths import UpgradePath
from harness.runners import runner_for
from harness.scenario import Scenario
from harness.volatile import volatile_for
from harness.workbench import Workbench

Result = dict[str, Any]
Log = Callable[[str], None]
START = "v9.0.0"  # one step below the head: the path crosses no invariant, so the check is the row comparison


def _scan(server: Server, database: str, schema: Schema, reads_values: bool) -> int:
    with connect(server.url(database)) as connection:
        rows = 0
        for name, table in sorted(schema.tables.items()):
            quoted = quote(server.dialect, name)
            if not reads_values:
                rows += int(connection.execute(text(f"SELECT count(*) FROM {quoted}")).scalar_one())
                continue
            if server.dialect == "postgresql":
                query = f"SELECT count(*), sum(length(t::text)) FROM {quoted} t"
            else:
                columns = ", ".join(quote(server.dialect, column) for column in table.columns)
                query = f"SELECT count(*), sum(length(CONCAT_WS(',', {columns}))) FROM {quoted}"
            rows += int(connection.execute(text(query)).one()[0])
        return rows


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def measure_engine(scenario: Scenario, server: Server, size: int, full_read: bool, log: Log) -> Result:
    engine = server.spec.name
    path = UpgradePath((START, scenario.head))
    bench = Workbench(scenario, runner_for(scenario), {engine: engine}, size, servers={engine: server})
    try:
        log(f"  {engine}: seeding {size:,} rows at {START}")
        seeded_lap, snapshot = measure(lambda: bench.snapshots(engine).seeded(START))
        log(f"  {engine}: upgrading to {scenario.head}")
        result = bench.upgraded(engine, path)
        if result.failure is not None:
            return {"error": f"the upgrade to {result.failure[0]} failed: {result.failure[1].error}"}
        schema = bench.schema_of(result)
        volatile = volatile_for(bench, engine)
        with connect(snapshot.live.url) as connection:
            fingerprint_lap, _ = measure(lambda: fingerprint_database(connection, snapshot.schema, volatile))
        log(f"  {engine}: data check, scans")
        check_lap, _ = measure(lambda: verify(bench, Case("data", engine, path)))
        count_lap, rows = measure(lambda: _scan(server, result.database, schema, reads_values=False))
        value_lap, _ = measure(lambda: _scan(server, result.database, schema, reads_values=True))
        after = LiveDatabase(server.url(result.database), schema)
        declared = scenario.changed_on_purpose(START, scenario.head)
        stats = compare_preserved(snapshot.live, after, declared, volatile).stats
        figures: Result = {
            "path": path.label,
            "rows": rows,
            "seeded_snapshot": seeded_lap.as_json(),
            "fingerprint_at_seed": fingerprint_lap.as_json(),
            "data_check": check_lap.as_json(),
            "count_scan": count_lap.as_json(),
            "value_scan": value_lap.as_json(),
            "chunks": {
                "compared": stats.chunks_compared,
                "fetched": stats.chunks_fetched,
                "rows_fetched": stats.rows_fetched,
                "tables_read_whole": stats.tables_read_whole,
            },
        }
        ratios: Result = {
            "check_over_value_scan": _ratio(check_lap.wall_s, value_lap.wall_s),
            "check_over_count_scan": _ratio(check_lap.wall_s, count_lap.wall_s),
        }
        if full_read:
            log(f"  {engine}: the full row read, for comparison")

            def read_both() -> int:
                with connect(snapshot.live.url) as first, connect(after.url) as second:
                    before_rows = read_data(first, snapshot.schema)
                    after_rows = read_data(second, schema)
                return len(preserved_differences(before_rows, after_rows, declared, volatile))

            full_lap, _ = measure(read_both)
            figures["full_read"] = full_lap.as_json()
            ratios["full_read_over_check"] = _ratio(full_lap.wall_s, check_lap.wall_s)
        figures["ratios"] = ratios
        return figures
    finally:
        bench.close()


def data_check_at_scale(
    scenario: Scenario, servers: Mapping[str, Server], size: int, log: Log, full_read: bool = True
) -> Result:
    return {engine: measure_engine(scenario, server, size, full_read, log) for engine, server in servers.items()}
