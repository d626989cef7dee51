"""Statement-level faults in an Alembic history (harness/faults/statement_faults.py) on real PostgreSQL 15 and
MariaDB 10.11: the counting run, each fault kind injected where asked, and the rollback check over Courier's every
statement. On PostgreSQL each revision rolls back whole; on MariaDB every DDL statement commits, so a fault after a
revision's first DDL leaves it partly applied, and the check reports exactly those revisions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.cases import FAULT_KINDS, Fault
from harness.engines.server_api import Server
from harness.faults.statement_faults import CountedUpgrade, StatementRunner, count_on, inject, points
from harness.report.json_contract import CaseRecord
from harness.run import Run, RunPlan, Selection
from harness.scenario import load_scenario
from tests.alembic.courier_project import forget_courier_modules, plant

PG, MARIADB = "postgresql@15", "mariadb@10.11"
# Statements that commit implicitly on the MySQL family: what they did stays when the revision fails later.
_DDL = re.compile(r"\s*(?:CREATE|ALTER|DROP|RENAME|TRUNCATE)\b", re.IGNORECASE)
# r08a's INSERT ... SELECT numbers the placeholder addresses from the sequence (PostgreSQL) or AUTO_INCREMENT counter
# (InnoDB) of addresses, which exists before the revision; a rolled-back attempt does not give the numbers back, so
# the next run numbers the same rows differently from an upgrade that never failed. A real finding of the history.
_NUMBERS_FROM_AN_EARLIER_TABLE = "r08a_address_placeholders"


@contextmanager
def _run(project: Path, servers: dict[str, Server], faults: str) -> Iterator[Run]:
    forget_courier_modules()
    selection = Selection(
        scenario=str(project), engines=tuple(servers), paths="to-head", checks=("rollback",), faults=faults,
        seed_size=30, shard=None, report_dir=None, layout="auto",
    )  # fmt: skip
    run = Run(RunPlan.on_servers(selection, load_scenario(project), servers), servers=servers)
    try:
        yield run
    finally:
        run.close()
        forget_courier_modules()


def _counted(run: Run, engine: str) -> list[CountedUpgrade]:
    runner = run.plan.runner
    assert isinstance(runner, StatementRunner)
    return [count_on(run.workbench, runner, engine, version) for version in run.plan.scenario.versions[1:]]


def _outcomes(records: list[CaseRecord]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"passed": set(), "failed": set(), "skipped": set(), "error": set()}
    for record in records:
        assert record.fault is not None
        found[record.outcome].add(f"{record.engine} {record.fault.label}")
    return found


def _fails_on_mariadb(counted: list[CountedUpgrade], point: Fault) -> bool:
    unit = next(u for c in counted for u in c.units if u.unit == point.version)
    ran = unit.statements[: point.statement - 1]
    return any(_DDL.match(sql) for sql in ran) or (point.version == _NUMBERS_FROM_AN_EARLIER_TABLE and bool(ran))


def test_counting_numbers_each_revisions_statements_and_its_end(courier: Path, postgresql_server: Server) -> None:
    with _run(courier, {PG: postgresql_server}, "none") as run:
        counted = _counted(run, PG)
    to_1_1 = next(c for c in counted if c.version == "1.1")
    assert (to_1_1.previous, [u.unit for u in to_1_1.units]) == (
        "1.0", ["r04_tracking_code", "r05_backfill_tracking", "r06_wider_names"]
    )  # fmt: skip
    backfill = to_1_1.unit("r05_backfill_tracking").statements
    assert len(backfill) == 3
    assert backfill[0].startswith("UPDATE parcels SET tracking_code")
    assert backfill[2].startswith("CREATE UNIQUE INDEX ix_parcels_tracking_code")
    labels = [p.label for p in points(to_1_1) if p.version == "r05_backfill_tracking"]
    assert labels == [f"sql-error@r05_backfill_tracking#{m}" for m in ("1", "2", "3", "end")]
    # the merge revision sends no statement of its own: its only point is the end (before alembic_version changes)
    to_2_0 = next(c for c in counted if c.version == "2.0")
    assert to_2_0.unit("r09_merge_addresses_prices").statements == ()


def test_each_kind_strikes_the_statement_asked_for(courier: Path, postgresql_server: Server) -> None:
    with _run(courier, {PG: postgresql_server}, "none") as run:
        runner = run.plan.runner
        assert isinstance(runner, StatementRunner)
        statement_2 = _counted(run, PG)[0].unit("r05_backfill_tracking").statements[1]
        expected_error = {
            "sql-error": "uh_statement_fault_missing_table",
            "disconnect": "terminating connection due to administrator command",
            "lock-timeout": "canceling statement due to lock timeout",
        }
        for kind in FAULT_KINDS:
            database = run.workbench.snapshots(PG).clone_seeded("1.0")
            try:
                fault = Fault(kind, "r05_backfill_tracking", 2)
                done = inject(runner, run.plan.scenario, postgresql_server, database, "1.1", fault)
                assert done.reached and done.skipped is None, done.timeline
                if kind == "crash":
                    assert done.outcome is None
                    assert any("killed (SIGKILL)" in line for line in done.timeline), done.timeline
                else:
                    assert done.outcome is not None and not done.outcome.ok
                    assert expected_error[kind] in done.outcome.error, done.outcome.error
                    assert done.outcome.failed_statement == statement_2
                # r04 committed before r05 began; r05's own transaction rolled back with its version update
                assert runner.recorded_units(postgresql_server.url(database)) == ("r04_tracking_code",)
            finally:
                postgresql_server.drop_database(database)


def test_rollback_at_every_statement_on_postgresql(courier: Path, postgresql_server: Server) -> None:
    with _run(courier, {PG: postgresql_server}, "every-statement") as run:
        counted = _counted(run, PG)
        outcomes = _outcomes(run.execute())
    every = {f"{PG} {kind}@{p.version}{p.marker}" for c in counted for p in points(c) for kind in FAULT_KINDS}
    assert set().union(*outcomes.values()) == every
    assert not outcomes["error"]
    # the one finding: the renumbered placeholder addresses after r08a's INSERT rolled back
    assert outcomes["failed"] == {f"{PG} {kind}@{_NUMBERS_FROM_AN_EARLIER_TABLE}#end" for kind in FAULT_KINDS}
    # a lock-timeout is skipped only where no other session can hold the statement's lock
    assert all(label.split()[1].startswith("lock-timeout@") for label in outcomes["skipped"])


def test_rollback_on_mariadb_reports_exactly_the_partly_applied_revisions(
    courier: Path, mariadb_server: Server
) -> None:
    with _run(courier, {MARIADB: mariadb_server}, "every-statement") as run:
        counted = _counted(run, MARIADB)
        records = run.execute()
    outcomes = _outcomes(records)
    assert not outcomes["error"]
    assert all(label.split()[1].startswith("lock-timeout@") for label in outcomes["skipped"])
    expected = {
        f"{MARIADB} {kind}@{p.version}{p.marker}"
        for c in counted
        for p in points(c)
        for kind in FAULT_KINDS
        if _fails_on_mariadb(counted, p)
    }
    assert outcomes["failed"] == expected - outcomes["skipped"]
    assert f"{MARIADB} sql-error@r12_weight_kg#4" in outcomes["failed"]
    assert f"{MARIADB} sql-error@r12_weight_kg#1" in outcomes["passed"]  # nothing of r12 ran yet
    assert f"{MARIADB} sql-error@r13_lowercase_emails#end" in outcomes["passed"]  # data only: rolled back
    partial = next(r for r in records if r.outcome == "failed" and r.fault and r.fault.label == "crash@r12_weight_kg#4")
    assert "revision r12_weight_kg was left partly applied on mariadb@10.11" in partial.message
    assert "the version table records r11_status_fk" in partial.message
    assert "r12_weight_kg: 3 of its 4 statements ran before the fault" in partial.message
    assert "parcels: column weight_kg" in partial.message


def test_an_env_py_that_commits_every_statement_is_caught_on_postgresql(
    courier: Path, postgresql_server: Server
) -> None:
    plant(courier, "autocommit-env")
    with _run(courier, {PG: postgresql_server}, "every-statement") as run:
        wanted = [c for c in run.plan.cases() if c.fault and c.fault.version == "r05_backfill_tracking"
                  and c.fault.kind == "sql-error"]  # fmt: skip
        outcomes = _outcomes(run.execute(wanted))
    assert outcomes["passed"] == {f"{PG} sql-error@r05_backfill_tracking#1"}
    assert outcomes["failed"] == {f"{PG} sql-error@r05_backfill_tracking{m}" for m in ("#2", "#3", "#end")}
