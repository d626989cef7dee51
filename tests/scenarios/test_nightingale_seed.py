"""The Nightingale seed fills the schema of every version, deterministically, and a second batch fits beside the
first (as the explore check's inserts need)."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text

from harness.data import DataSnapshot, read_data, snapshot_differences
from harness.engines.server_api import Server
from harness.scenario import Scenario
from tests.scenarios.n9e_support import SEED_SIZE, VERSIONS, Installs, connected

# Tables every version has, with what the seed must put there at the least.
CORE = ("users", "busi_group", "target", "alert_rule", "alert_mute", "alert_subscribe", "alert_his_event", "configs")
BIG = ("target", "alert_his_event")


def _row_counts(connection: Connection, tables: list[str]) -> dict[str, int]:
    quote = connection.dialect.identifier_preparer.quote
    count = "SELECT COUNT(*) FROM {}"
    return {table: int(connection.execute(text(count.format(quote(table)))).scalar_one()) for table in tables}


def _seed(scenario: Scenario, server: Server, database: str, version: str, batch: int) -> dict[str, int]:
    assert scenario.seed is not None
    with connected(server, database) as connection:
        counts = scenario.seed(connection, version=version, dialect=server.dialect, size=SEED_SIZE, batch=batch)
        connection.commit()
    return counts


def _data(installs: Installs, database: str, version: str) -> DataSnapshot:
    with connected(installs.server, database) as connection:
        return read_data(connection, installs.schema(version))  # a clone has its template's schema


@pytest.mark.parametrize("version", VERSIONS)
def test_seed_is_deterministic_and_a_second_batch_fits(
    server: Server, installs: Installs, n9e_scenario: Scenario, version: str
) -> None:
    databases = [installs.clone(version), installs.clone(version)]
    try:
        counts = [_seed(n9e_scenario, server, database, version, batch=0) for database in databases]
        first, second = (_data(installs, database, version) for database in databases)
        assert counts[0] == counts[1]
        assert snapshot_differences(first, second) == [], "the same arguments gave different rows"
        assert {name: len(table.rows) for name, table in first.tables.items() if table.rows} == {
            table: count for table, count in counts[0].items() if count
        }
        assert all(counts[0].get(table, 0) > 0 for table in CORE), counts[0]
        assert all(counts[0][table] == SEED_SIZE for table in BIG), counts[0]

        more = _seed(n9e_scenario, server, databases[0], version, batch=1)
        assert all(more.get(table, 0) > 0 for table in CORE), more
        tables = sorted(set(counts[0]) | set(more))
        with connected(server, databases[0]) as connection:
            assert _row_counts(connection, tables) == {t: counts[0].get(t, 0) + more.get(t, 0) for t in tables}
    finally:
        for database in databases:
            server.drop_database(database)
