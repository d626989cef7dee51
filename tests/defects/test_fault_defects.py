"""Defects only the fault checks see, each planted in the correct shop history (tests/defects/shop):

- the last step of a version changes data and its undo does nothing: only a fault *after* the last statement (the
  end boundary, `V#end`) runs that step and then rolls the version back;
- a rollback that leaves a column with the wrong default: the diagnosis names the undo step that put it there;
- a backfill that lost its `WHERE NOT EXISTS` guard inserts its rows again when the step runs a second time (after a
  crash between its commit and the runner's record, or an operator's re-run): `rerun` names the duplicated rows.

The correct shop history passes the same cases, so neither is a false alarm.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from faults.support import Outcome, copy_with_edits, describe, fault_case, run, workbench

from harness.cases import Case, Fault
from harness.checks.rollback_restores_previous import verify as verify_rollback
from harness.checks.step_rerun_changes_nothing import verify as verify_rerun
from harness.engines.server_api import Server
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
    # the diagnosis names the step that nothing undid, next to the runner's claim
    assert "the runner undid v2.0.0 steps 6, 5, 4, 3, 2, 1 (newest first)" in crash, crash
    assert "step 6 (mysql.upgrade.sql, line 25): undo: none (`-- migrator:undo noop`)" in crash, crash
    assert "<- the step (undone by nothing) touches customers.phone, which differs" in crash, crash
    assert "most likely responsible (names a differing column): step 6\n" in crash + "\n", crash


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


# An event table without a unique key on (order_id, kind): only the backfill's own guard keeps it from doubling.
UNIQUE_KEYS = {
    "mysql": ",\n    UNIQUE KEY uq_order_events_order_kind (order_id, kind)\n",
    "postgresql": ",\n    CONSTRAINT uq_order_events_order_kind UNIQUE (order_id, kind)\n",
}
UNGUARDED = "INSERT INTO order_events (order_id, kind) SELECT id, 'created' FROM orders ORDER BY id;"
GUARDED = (
    "INSERT INTO order_events (order_id, kind) SELECT o.id, 'created' FROM orders o WHERE NOT EXISTS "
    "(SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.kind = 'created') ORDER BY o.id;"
)


def events_without_unique_key(tmp_path: Path, backfill: str) -> Path:
    edits = {}
    for dialect, key in UNIQUE_KEYS.items():
        script = f"migrations/v1.2.0/{dialect}.upgrade.sql"
        edits[script] = (key, "\n")
    scenario = copy_with_edits(SHOP, tmp_path / "shop", edits)
    for dialect in UNIQUE_KEYS:
        path = scenario / "migrations" / "v1.2.0" / f"{dialect}.upgrade.sql"
        path.write_text(path.read_text(encoding="utf-8").replace(UNGUARDED, backfill), encoding="utf-8")
    return scenario


def rerun(scenario: Path, server: Server, start: str = "v1.1.0", target: str = "v1.2.0") -> Outcome:
    engine = engine_of(server)
    bench = workbench(scenario, {engine: server})
    try:
        return run(verify_rerun, bench, Case("rerun", engine, UpgradePath((start, target))))
    finally:
        bench.close()


@pytest.mark.slow
def test_a_backfill_that_lost_its_guard_is_caught_by_rerun_with_the_rows(server: Server, tmp_path: Path) -> None:
    outcome = rerun(events_without_unique_key(tmp_path, UNGUARDED), server)
    assert outcome.outcome == "failed", describe([outcome])
    message = outcome.message
    assert f"1 data step(s) of v1.2.0 change data when run a second time on {engine_of(server)}" in message
    assert "step 2 of v1.2.0 (mysql.upgrade.sql" in message or "step 2 of v1.2.0 (postgresql.upgrade.sql" in message
    assert "INSERT INTO order_events (order_id, kind) SELECT id, 'created' FROM orders" in message
    # the seed's orders, each given a second 'created' event with a new id
    assert "order_events [" in message and "inserted by the second run: order_id=1, kind='created'" in message, message


@pytest.mark.slow
def test_the_guarded_backfill_passes_rerun(server: Server, tmp_path: Path) -> None:
    outcome = rerun(events_without_unique_key(tmp_path, GUARDED), server)
    assert outcome.outcome == "passed", describe([outcome])


@pytest.mark.slow
def test_an_amount_converted_to_cents_twice_is_named_with_both_values(server: Server, tmp_path: Path) -> None:
    # v2.0.0 also starts counting in cents: a second run multiplies again.
    cents = (
        "\n\n-- migrator:step\nUPDATE orders SET amount = amount * 100;\n"
        "-- migrator:undo\nUPDATE orders SET amount = amount / 100;\n"
    )
    scenario = copy_with_edits(SHOP, tmp_path / "shop", {})
    for dialect in ("mysql", "postgresql"):
        path = scenario / "migrations" / "v2.0.0" / f"{dialect}.upgrade.sql"
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + cents, encoding="utf-8")
    outcome = rerun(scenario, server, "v1.2.0", "v2.0.0")
    assert outcome.outcome == "failed", describe([outcome])
    assert "UPDATE orders SET amount = amount * 100" in outcome.message
    # the seed's order 1 has amount 37: 3700 after the step, 370000 after its second run
    assert "orders [1] amount: first run 3700, second run 370000" in outcome.message, outcome.message


@pytest.mark.slow
def test_an_undo_that_restores_the_wrong_default_is_named_in_the_rollback_diagnosis(
    mariadb_server: Server, tmp_path: Path
) -> None:
    # v2.0.0 step 1 makes orders.amount a bigint; its undo makes it a varchar again but forgets the default '0'.
    scenario = copy_with_edits(
        SHOP,
        tmp_path / "shop",
        {
            "migrations/v2.0.0/mysql.upgrade.sql": (
                "ALTER TABLE orders MODIFY amount varchar(20) NOT NULL DEFAULT '0';",
                "ALTER TABLE orders MODIFY amount varchar(20) NOT NULL DEFAULT '';",
            )
        },
    )
    engine = engine_of(mariadb_server)
    bench = workbench(scenario, {engine: mariadb_server})
    try:
        outcome = rollback(bench, engine, "sql-error", "v2.0.0", 3)
    finally:
        bench.close()
    assert outcome.outcome == "failed", describe([outcome])
    message = outcome.message
    assert "rolled back: the database is at v1.2.0 again" in message  # the runner's own claim
    assert "orders: column amount: expected" in message, message
    assert "the runner undid v2.0.0 steps 2, 1 (newest first)" in message, message
    blamed = message.split("step 1 (mysql.upgrade.sql, line 1): undo: ")[1].splitlines()
    assert blamed[0] == "ALTER TABLE orders MODIFY amount varchar(20) NOT NULL DEFAULT ''", message
    assert "<- its undo touches orders.amount, which differs from the previous version" in blamed[1], message
    # step 2's undo changes orders too, but another column: the table is named, not the column
    assert "<- its undo touches orders, which differs" in message, message
    assert "most likely responsible (names a differing column): step 1\n" in message + "\n", message


@pytest.mark.slow
def test_on_postgresql_the_wrong_undo_never_runs_as_the_version_is_one_transaction(
    postgresql_server: Server, tmp_path: Path
) -> None:
    # The same wrong undo on PostgreSQL is never run: the version is one transaction, and the rollback passes.
    scenario = copy_with_edits(
        SHOP,
        tmp_path / "shop",
        {
            "migrations/v2.0.0/postgresql.upgrade.sql": (
                "ALTER TABLE orders ALTER COLUMN amount SET DEFAULT '0';",
                "ALTER TABLE orders ALTER COLUMN amount SET DEFAULT '';",
            )
        },
    )
    engine = engine_of(postgresql_server)
    bench = workbench(scenario, {engine: postgresql_server})
    try:
        outcome = rollback(bench, engine, "crash", "v2.0.0", 3)
    finally:
        bench.close()
    assert outcome.outcome == "passed", describe([outcome])
