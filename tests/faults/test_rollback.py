"""The rollback check on real servers: every fault kind leaves the correct ledger at its previous version."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.checks.rollback_restores_previous import verify
from harness.engines.server_api import Server
from harness.faults import FAULT_KINDS
from harness.workbench import Workbench

from .support import LEDGER, MYSQL_FAMILY_ENGINE, PG, copy_with_edits, describe, fault_case, run, workbench


@pytest.mark.parametrize("engine", [PG, MYSQL_FAMILY_ENGINE])
def test_every_fault_kind_rolls_back_to_the_previous_version(engine: str, ledger_bench: Workbench) -> None:
    # v1.2.0 step 3 runs after a DDL step and a data step, so the rollback has both kinds to undo.
    outcomes = [run(verify, ledger_bench, fault_case(engine, kind, "v1.2.0", 3, ledger_bench)) for kind in FAULT_KINDS]
    by_kind = {o.case.fault.kind: o.outcome for o in outcomes if o.case.fault}
    if engine == PG:
        # contacts is created by step 1 inside the runner's own uncommitted transaction: nobody else can lock it.
        assert by_kind.pop("lock-timeout") == "skipped", describe(outcomes)
        assert "uncommitted transaction" in outcomes[-1].message
    assert set(by_kind.values()) == {"passed"}, describe(outcomes)


def test_lock_timeout_on_postgresql_blocks_the_statement_with_a_compatible_lock(ledger_bench: Workbench) -> None:
    # v1.1.0 step 2 builds an index on entries while the runner's transaction already holds accounts.
    outcome = run(verify, ledger_bench, fault_case(PG, "lock-timeout", "v1.1.0", 2, ledger_bench))
    assert outcome.outcome == "passed", describe([outcome])


def test_lock_timeout_waits_at_a_comment_on_an_existing_table(postgresql_server: Server, tmp_path: Path) -> None:
    # COMMENT ON takes SHARE UPDATE EXCLUSIVE on PostgreSQL: the harness must hold a lock that conflicts with it.
    comment = ("-- migrator:step\nCOMMENT ON COLUMN entries.account_id IS 'owner';\n-- migrator:undo\n"
               "COMMENT ON COLUMN entries.account_id IS NULL;\n")
    index = "-- migrator:step\nCREATE INDEX idx_entries_account ON entries (account_id);\n"
    scenario = copy_with_edits(LEDGER, tmp_path / "commented", {
        "migrations/v1.1.0/postgresql.upgrade.sql": (index, comment + "\n" + index)})
    bench = workbench(scenario, {PG: postgresql_server})
    try:
        outcome = run(verify, bench, fault_case(PG, "lock-timeout", "v1.1.0", 2, bench))
    finally:
        bench.close()
    assert outcome.outcome == "passed", describe([outcome])
