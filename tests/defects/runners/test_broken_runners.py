"""Broken runners and runner-facing history defects, each caught by the right fault check with a diagnosis.

Runner defects are the migrator with one patch, run as a process (broken_migrator.py); in-process calls (installs,
seeding, reading its tables, the fault-free reference upgrade) use the correct migrator. History defects are edits of
the correct ledger scenario (tests/faults/ledger), whose every fault case passes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from faults.support import (
    LEDGER,
    MYSQL_FAMILY_ENGINE,
    PG,
    Outcome,
    copy_with_edits,
    describe,
    fault_case,
    run,
    workbench,
)
from sqlalchemy.engine import URL

from harness.cases import Case
from harness.checks.concurrent_runners import verify as verify_concurrency
from harness.checks.rollback_restores_previous import verify as verify_rollback
from harness.engines.server_api import Server
from harness.paths import UpgradePath
from harness.runners.migrator_runner import MigratorRunner
from harness.runners.system_under_test import RunnerCommand
from harness.workbench import Workbench

SCRIPT = Path(__file__).parent / "broken_migrator.py"


class BrokenMigratorRunner(MigratorRunner):
    """The migrator adapter whose processes run with one planted defect."""

    def __init__(self, migrations_dir: Path, defect: str) -> None:
        super().__init__(migrations_dir)
        self.defect = defect

    def process_command(
        self, url: URL, target: str, migrations_dir: Path, lock_timeout_s: float | None = None
    ) -> RunnerCommand:
        command = super().process_command(url, target, migrations_dir, lock_timeout_s)
        assert command.argv[1:3] == ("-m", "migrator")
        return RunnerCommand((command.argv[0], str(SCRIPT), self.defect, *command.argv[3:]), command.env,
                             command.secrets)


@pytest.fixture(scope="module")
def servers(postgresql_server: Server, catalogue_server: Server) -> dict[str, Server]:
    return {PG: postgresql_server, MYSQL_FAMILY_ENGINE: catalogue_server}


def check(
    scenario: Path, servers: dict[str, Server], defect: str | None, cases: Callable[[Workbench], list[Case]],
    verify: Callable[[Workbench, Case], None],
) -> dict[str, Outcome]:
    runner = BrokenMigratorRunner(scenario / "migrations", defect) if defect else None
    bench = workbench(scenario, servers, runner)
    try:
        return {case.engine: run(verify, bench, case) for case in cases(bench)}
    finally:
        bench.close()


def rollback_cases(kind: str, version: str, statement: int) -> Callable[[Workbench], list[Case]]:
    return lambda bench: [fault_case(engine, kind, version, statement, bench) for engine in (PG, MYSQL_FAMILY_ENGINE)]


def test_the_correct_migrator_passes_the_cases_that_catch_the_defects(servers: dict[str, Server]) -> None:
    # Without this, a defect test could pass because the case fails for everyone.
    def control(bench: Workbench) -> list[Case]:
        return [fault_case(PG, "sql-error", "v1.1.0", 2, bench)] + [
            fault_case(MYSQL_FAMILY_ENGINE, kind, "v1.1.0", statement, bench)
            for kind, statement in (("sql-error", 2), ("crash", 2), ("sql-error", 3))
        ]

    bench = workbench(LEDGER, servers)
    try:
        outcomes = [run(verify_rollback, bench, case) for case in control(bench)]
    finally:
        bench.close()
    assert [o.outcome for o in outcomes] == ["passed"] * 4, describe(outcomes)


def test_runner_writing_the_version_row_before_the_ddl_is_caught_by_rollback(servers: dict[str, Server]) -> None:
    found = check(LEDGER, servers, "version-row-first", rollback_cases("sql-error", "v1.1.0", 2), verify_rollback)
    outcomes = {engine: o.outcome for engine, o in found.items()}
    assert outcomes == {PG: "failed", MYSQL_FAMILY_ENGINE: "failed"}, describe(
        list(found.values()))
    for outcome in found.values():
        assert "version table:" in outcome.message and "v1.1.0" in outcome.message.split("version table:")[1]


def test_runner_without_a_journal_cannot_recover_mariadb_after_a_crash(servers: dict[str, Server]) -> None:
    found = check(LEDGER, servers, "no-journal", rollback_cases("crash", "v1.1.0", 2), verify_rollback)
    # PostgreSQL needs no journal: the killed version's transaction is rolled back by the server.
    outcomes = {engine: o.outcome for engine, o in found.items()}
    assert outcomes == {PG: "passed", MYSQL_FAMILY_ENGINE: "failed"}, describe(
        list(found.values()))
    assert "accounts: column phone: expected absent" in found[MYSQL_FAMILY_ENGINE].message


def test_runner_without_the_cluster_lock_is_caught_by_concurrency(servers: dict[str, Server], tmp_path: Path) -> None:
    # A first step that takes a while keeps the first runner inside v1.1.0 while the other seven start.
    slow = {
        f"migrations/v1.1.0/{dialect}.upgrade.sql": (
            "-- migrator:step\nALTER TABLE accounts ADD COLUMN phone",
            f"-- migrator:step\n{sleep};\n-- migrator:undo noop\n\n"
            "-- migrator:step\nALTER TABLE accounts ADD COLUMN phone",
        )
        for dialect, sleep in (("postgresql", "SELECT pg_sleep(3)"), ("mysql", "SELECT SLEEP(3)"))
    }
    scenario = copy_with_edits(LEDGER, tmp_path / "slow", slow)
    found = check(
        scenario, {PG: servers[PG]}, "no-cluster-lock",
        lambda bench: [Case("concurrency", PG, UpgradePath(("v1.0.0", "v1.2.0")))], verify_concurrency,
    )
    assert found[PG].outcome == "failed", describe(list(found.values()))
    assert "8 runners started at once on postgresql@15 disagree with one runner" in found[PG].message
    assert "exited with code" in found[PG].message or "applied 2 times" in found[PG].message


def test_undo_of_the_wrong_object_is_caught_on_mariadb(servers: dict[str, Server], tmp_path: Path) -> None:
    # Step 2 of v1.1.0 builds idx_entries_account; its undo, copied from another script, drops idx_accounts_created.
    wrong = {
        "migrations/v1.1.0/mysql.upgrade.sql": (
            "DROP INDEX idx_entries_account ON entries;", "DROP INDEX idx_accounts_created ON accounts;"),
        "migrations/v1.1.0/postgresql.upgrade.sql": (
            "DROP INDEX idx_entries_account;", "DROP INDEX idx_accounts_created;"),
    }
    scenario = copy_with_edits(LEDGER, tmp_path / "wrong-undo", wrong)
    found = check(scenario, servers, None, rollback_cases("sql-error", "v1.1.0", 3), verify_rollback)
    # PostgreSQL rolls the version's transaction back and never runs an undo statement.
    outcomes = {engine: o.outcome for engine, o in found.items()}
    assert outcomes == {PG: "passed", MYSQL_FAMILY_ENGINE: "failed"}, describe(
        list(found.values()))
    assert "entries: index idx_entries_account: expected absent" in found[MYSQL_FAMILY_ENGINE].message
    assert "accounts: index idx_accounts_created" in found[MYSQL_FAMILY_ENGINE].message


def test_data_statement_without_a_real_undo_on_mysql_is_caught_on_mariadb(
    servers: dict[str, Server], tmp_path: Path
) -> None:
    # The phone normalisation claims an earlier undo covers it; nothing does, so MariaDB keeps the new format.
    script = "migrations/v1.2.0/mysql.upgrade.sql"
    undo = ("-- migrator:undo\nUPDATE accounts SET phone = CONCAT(SUBSTRING(phone, 1, 2), '-', SUBSTRING(phone, 3, 3), "
            "'-', SUBSTRING(phone, 6)) WHERE phone <> '';")
    scenario = copy_with_edits(LEDGER, tmp_path / "no-undo", {script: (undo, "-- migrator:undo noop")})
    found = check(scenario, servers, None, rollback_cases("sql-error", "v1.2.0", 3), verify_rollback)
    outcomes = {engine: o.outcome for engine, o in found.items()}
    assert outcomes == {PG: "passed", MYSQL_FAMILY_ENGINE: "failed"}, describe(
        list(found.values()))
    assert "accounts [1] phone: before '+1-555-0000001', after '+15550000001'" in found[MYSQL_FAMILY_ENGINE].message
