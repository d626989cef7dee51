"""The rollback check on foreign layouts with their default runner, the replay of the layout's tool run as a process.

What it finds is the tools' method: a migration is the unit of rollback, and only where DDL is transactional.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.cases import Case, Fault
from harness.checks.rollback_restores_previous import verify
from harness.engines.server_api import Server
from harness.layouts import load_foreign_scenario
from harness.paths import UpgradePath
from harness.runners import runner_for
from harness.runners.replay import ReplayRunner
from harness.workbench import Workbench

from .support import MYSQL_FAMILY_ENGINE, PG, Outcome, describe, run

FOREIGN = Path(__file__).resolve().parents[2] / "fixtures" / "foreign"


def bench_for(layout: str, servers: dict[str, Server]) -> Iterator[Workbench]:
    scenario = load_foreign_scenario(FOREIGN / layout, layout)
    runner = runner_for(scenario)
    assert isinstance(runner, ReplayRunner)
    bench = Workbench(scenario, runner, {name: name for name in servers}, 10, servers=servers)
    try:
        yield bench
    finally:
        bench.close()


@pytest.fixture(scope="module")
def flyway(postgresql_server: Server) -> Iterator[Workbench]:
    yield from bench_for("flyway", {PG: postgresql_server})


@pytest.fixture(scope="module")
def dbmate(postgresql_server: Server, catalogue_server: Server) -> Iterator[Workbench]:
    yield from bench_for("dbmate", {PG: postgresql_server, MYSQL_FAMILY_ENGINE: catalogue_server})


def fault(bench: Workbench, engine: str, kind: str, version: str, statement: int) -> Outcome:
    versions = bench.scenario.versions
    path = UpgradePath((versions[versions.index(version) - 1], version))
    return run(verify, bench, Case("rollback", engine, path, Fault(kind, version, statement)))


def test_a_release_of_several_migrations_is_not_rolled_back_as_one(flyway: Workbench) -> None:
    # 2023.2 ships migrations 4 to 7.1; statement 3 is the first of migration 5: migration 4 was committed before it
    outcome = fault(flyway, PG, "sql-error", "2023.2", 3)
    assert outcome.outcome == "failed", describe([outcome])
    assert "sql-error before statement 3 of 2023.2 (V5__create_labels.sql, statement 1)" in outcome.message
    assert "comments: expected absent, actual extra table" in outcome.message
    assert "4 (inside 2023.2) (expected 2023.1)" in outcome.message  # Flyway's record stops inside the release


def test_flyway_on_postgresql_rolls_a_migration_back_but_keeps_no_record_of_the_failure(flyway: Workbench) -> None:
    outcome = fault(flyway, PG, "crash", "2023.2", 2)
    assert outcome.outcome == "failed", describe([outcome])
    assert "schema (expected" not in outcome.message  # the migration's transaction took everything back
    assert "no failed attempt of 2023.2 recorded; history:" in outcome.message
    assert "2023.1 upgrade success" in outcome.message


def test_dbmate_rolls_back_on_postgresql_and_leaves_mariadb_half_migrated(dbmate: Workbench) -> None:
    last = dbmate.scenario.versions[-1]  # replace users.is_active with deactivated_at: three statements
    outcomes = {engine: fault(dbmate, engine, "disconnect", last, 2) for engine in (PG, MYSQL_FAMILY_ENGINE)}
    assert outcomes[PG].outcome == "passed", describe([outcomes[PG]])
    assert outcomes[MYSQL_FAMILY_ENGINE].outcome == "failed", describe([outcomes[MYSQL_FAMILY_ENGINE]])
    assert "users: column deactivated_at: expected absent" in outcomes[MYSQL_FAMILY_ENGINE].message
    family_message = outcomes[MYSQL_FAMILY_ENGINE].message
    assert "server session" in family_message and "terminated" in family_message
