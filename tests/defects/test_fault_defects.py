"""Defects only the fault checks see, each planted in the correct shop history (tests/defects/shop):

- the last step of a version changes data and its undo does nothing: only a fault *after* the last statement (the
  end boundary, `V#end`) runs that step and then rolls the version back;
- a rollback that leaves a column with the wrong default: the diagnosis names the undo step that put it there.

The correct shop history passes the same cases, so neither is a false alarm.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from faults.support import Outcome, copy_with_edits, describe, fault_case, run, workbench

from harness.cases import Case, Fault
from harness.checks.rollback_restores_previous import verify as verify_rollback
from harness.engines.base import Server
from harness.faults import scripts_of
from harness.paths import UpgradePath
from harness.workbench import Workbench

SHOP = Path(__file__).parent / "shop"
PHONE_UNDO = (
    "-- migrator:undo\nUPDATE customers SET phone = CONCAT(SUBSTRING(phone, 1, 2), '-', SUBSTRING(phone, 3, 3), '-', "
    "SUBSTRING(phone, 6)) WHERE phone <> '';"
)


def engine_of(server: Server) -> str:
    return server.spec.name


def rollback(bench: Workbench, engine: str, kind: str, version: str, statement: int | str) -> Outcome:
    """The rollback case `kind@version#statement`; `statement` "end" is the boundary after the last statement."""
    if statement != "end":
        return run(verify_rollback, bench, fault_case(engine, kind, version, int(statement), bench))
    last = len(scripts_of(bench.scenario).steps(version, bench.server(engine).dialect))
    versions = bench.scenario.versions
    path = UpgradePath((versions[versions.index(version) - 1], version))
    return run(verify_rollback, bench, Case("rollback", engine, path, Fault(kind, version, last + 1, after_last=True)))


@pytest.fixture
def lost_phone_undo(tmp_path: Path) -> Path:
    """v2.0.0 ends with `UPDATE customers SET phone = REPLACE(phone, '-', '')`; its undo (putting the dashes back)
    was dropped as "nothing to undo" on the MySQL family."""
    return copy_with_edits(
        SHOP, tmp_path / "shop", {"migrations/v2.0.0/mysql.upgrade.sql": (PHONE_UNDO, "-- migrator:undo noop")}
    )


@pytest.mark.slow
def test_a_last_data_step_without_undo_is_caught_only_after_the_last_statement(
    mysql_family_server: Server, lost_phone_undo: Path
) -> None:
    engine = engine_of(mysql_family_server)
    bench = workbench(lost_phone_undo, {engine: mysql_family_server})
    try:
        # Before the last statement (step 6) the phone update never runs, so there is nothing it fails to undo.
        before = [
            rollback(bench, engine, kind, "v2.0.0", step)
            for kind, step in (("crash", 1), ("sql-error", 6), ("crash", 6))
        ]
        after = [rollback(bench, engine, kind, "v2.0.0", "end") for kind in ("sql-error", "crash")]
    finally:
        bench.close()
    assert [o.outcome for o in before] == ["passed"] * 3, describe(before)
    assert [o.outcome for o in after] == ["failed"] * 2, describe(after)
    crash = after[1].message
    assert f"crash@v2.0.0#end: the database is not back at v1.2.0 on {engine}" in crash
    assert "after the last statement (6) of v2.0.0, before the runner records v2.0.0" in crash
    assert "customers [" in crash and "phone: before '+1-555-" in crash, crash


@pytest.mark.slow
@pytest.mark.parametrize("engine_fixture", ["postgresql_server", "mariadb_server"])
def test_the_correct_shop_rolls_back_after_the_last_statement_of_every_version(
    engine_fixture: str, request: pytest.FixtureRequest
) -> None:
    server: Server = request.getfixturevalue(engine_fixture)
    engine = engine_of(server)
    bench = workbench(SHOP, {engine: server})
    try:
        outcomes = [
            rollback(bench, engine, kind, version, "end")
            for version in ("v1.1.0", "v1.2.0", "v2.0.0")
            for kind in ("sql-error", "crash", "disconnect", "lock-timeout")
        ]
    finally:
        bench.close()
    lock_timeouts = [o for o in outcomes if o.case.fault and o.case.fault.kind == "lock-timeout"]
    assert {o.outcome for o in lock_timeouts} == {"skipped"}
    assert all("no statement of the version follows" in o.message for o in lock_timeouts)
    others = [o for o in outcomes if o not in lock_timeouts]
    assert {o.outcome for o in others} == {"passed"}, describe(others)
