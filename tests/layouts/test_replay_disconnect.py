"""A connection the server drops under the replay gives the tool's failure, not SQLAlchemy's internal state.

After a lost connection SQLAlchemy refuses the ROLLBACK the replay sends (`PendingRollbackError: Can't reconnect until
invalid transaction is rolled back`); that error used to replace the migration's own failure and reach the report as a
traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.cases import Case, Fault
from harness.checks.rollback_restores_previous import verify
from harness.db import connect
from harness.engines.server_api import Server
from harness.layouts import load_foreign_scenario
from harness.layouts.history import Script
from harness.paths import UpgradePath
from harness.runners import runner_for
from harness.runners.replay_tools import Run, StepFailed
from harness.workbench import Workbench
from tests.faults.support import PG, describe, run

FOREIGN = Path(__file__).resolve().parents[2] / "fixtures" / "foreign"


@pytest.fixture(scope="module")
def flyway(postgresql_server: Server) -> Iterator[Workbench]:
    scenario = load_foreign_scenario(FOREIGN / "flyway", "flyway")
    bench = Workbench(scenario, runner_for(scenario), {PG: PG}, 10, servers={PG: postgresql_server})
    try:
        yield bench
    finally:
        bench.close()


def test_a_dropped_connection_mid_migration_is_reported_without_sqlalchemys_internals(flyway: Workbench) -> None:
    # 2023.2's statement 2 is inside migration 4's transaction; Flyway on PostgreSQL keeps no record of the failure,
    # so the check fails and shows what the replay printed
    case = Case("rollback", PG, UpgradePath(("2023.1", "2023.2")), Fault("disconnect", "2023.2", 2))
    outcome = run(verify, flyway, case)
    assert outcome.outcome == "failed", describe([outcome])
    assert "no failed attempt of 2023.2 recorded" in outcome.message
    assert "PendingRollbackError" not in outcome.message, outcome.message
    assert "Traceback" not in outcome.message, outcome.message
    assert "terminating connection due to administrator command" in outcome.message, outcome.message


def test_a_file_whose_connection_is_dropped_fails_with_the_drivers_message(postgresql_server: Server) -> None:
    database = postgresql_server.create_database()
    try:
        sql = "CREATE TABLE t (id int);\nSELECT pg_terminate_backend(pg_backend_pid());\n"
        url = postgresql_server.url(database)
        with connect(url, autocommit=True) as connection, pytest.raises(StepFailed) as failed:
            Run(connection, "postgresql").execute(Script(Path("0002_x.up.sql"), sql), transaction=True)
        assert failed.value.step == 2
        assert "terminating connection" in failed.value.message
    finally:
        postgresql_server.drop_database(database)
