"""Fault planning without a server: boundaries, case counts, the sample, rewritten scripts, lock targets, steps."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cases import Fault
from harness.faults import FAULT_KINDS, boundaries, cases, scripts_of, select, skip_reason
from harness.faults.explore_driver import Step, StepError, parse_steps, render_steps
from harness.faults.scripts import Insertion
from harness.faults.server_sql import pg_mode_against, same_statement
from harness.faults.tables import LockTarget, lock_target
from harness.scenario import load_scenario
from migrator import load_source

from .support import LEDGER

ENGINES = {"postgresql@15": "postgresql", "mariadb@10.11": "mysql"}


def test_every_statement_is_boundaries_times_kinds_per_engine() -> None:
    # A boundary before every step, and one per version after its last step (before the version is recorded).
    scenario = load_scenario(LEDGER)
    source = load_source(scenario.migrations_dir)
    made = cases("rollback", scenario, ENGINES, "every-statement")
    upgraded_versions = len(source.versions) - 1
    for engine, dialect in ENGINES.items():
        steps = sum(len(version.for_dialect(dialect).steps) for version in source.versions)
        assert steps == 7
        boundaries_made = steps + upgraded_versions
        assert len([c for c in made if c.engine == engine]) == boundaries_made * len(FAULT_KINDS)
    labels = {c.param_id for c in made}
    assert len(labels) == len(made), "case ids must be unique"
    assert "postgresql@15-v1.1.0->v1.2.0-lock-timeout@v1.2.0#3" in labels
    assert "mariadb@10.11-v1.1.0->v1.2.0-crash@v1.2.0#end" in labels
    end = next(c.fault for c in made if c.param_id == "mariadb@10.11-v1.1.0->v1.2.0-crash@v1.2.0#end")
    assert end is not None and end.statement == 5 and end.after_last
    assert end.boundary == "after the last statement (4) of v1.2.0, before the runner records v1.2.0"


def test_the_end_boundary_inserts_after_the_last_step(tmp_path: Path) -> None:
    history = scripts_of(load_scenario(LEDGER))
    end = [b for b in boundaries(history, "mysql", {"v1.2.0"}) if b.after_last]
    assert [(b.version, b.step) for b in end] == [("v1.2.0", 5)]
    copy = history.write_copy(tmp_path, (Insertion("v1.2.0", "mysql", end[0].step, "SELECT 42"),))
    original = load_source(LEDGER / "migrations").get("v1.2.0").for_dialect("mysql").steps
    rewritten = load_source(copy).get("v1.2.0").for_dialect("mysql").steps
    assert [s.forward.sql for s in rewritten] == [*(s.forward.sql for s in original), "SELECT 42"]


def test_faults_none_makes_no_cases_and_unknown_mode_is_refused() -> None:
    scenario = load_scenario(LEDGER)
    assert cases("rollback", scenario, ENGINES, "none") == []
    with pytest.raises(ValueError, match="unknown fault selection 'some'"):
        select(boundaries(scripts_of(scenario), "mysql"), "some", "mysql")


def test_sample_is_deterministic_and_keeps_first_last_and_end_of_each_version() -> None:
    history = scripts_of(load_scenario(LEDGER))
    found = boundaries(history, "postgresql")
    first = select(found, "sample", "postgresql")
    assert first == select(found, "sample", "postgresql")
    chosen = {(b.version, b.step) for b in first}
    assert {("v1.1.0", 1), ("v1.1.0", 3), ("v1.1.0", 4), ("v1.2.0", 1), ("v1.2.0", 4), ("v1.2.0", 5)} <= chosen
    assert {(b.version, b.step) for b in first if b.after_last} == {("v1.1.0", 4), ("v1.2.0", 5)}
    assert chosen < {(b.version, b.step) for b in found} or len(found) <= 6


def test_only_versions_crossed_by_the_selected_paths_get_faults() -> None:
    scenario = load_scenario(LEDGER)
    made = cases("rollback", scenario, {"postgresql@15": "postgresql"}, "every-statement", {"v1.2.0"})
    assert {c.fault.version for c in made if c.fault} == {"v1.2.0"}
    assert len(made) == (4 + 1) * len(FAULT_KINDS)  # four steps and the end boundary


def test_lock_timeout_where_no_existing_table_is_touched_is_skipped_with_the_reason() -> None:
    history = scripts_of(load_scenario(LEDGER))
    reason = skip_reason(history, "mysql", Fault("lock-timeout", "v1.2.0", 1))
    assert reason is not None and "creates table contacts" in reason
    assert skip_reason(history, "mysql", Fault("lock-timeout", "v1.2.0", 3)) is None  # contacts exists by then
    assert skip_reason(history, "mysql", Fault("crash", "v1.2.0", 1)) is None
    end = skip_reason(history, "mysql", Fault("lock-timeout", "v1.2.0", 5, after_last=True))
    assert end is not None and "v1.2.0#end" in end and "no statement" in end
    assert skip_reason(history, "mysql", Fault("crash", "v1.2.0", 5, after_last=True)) is None


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("ALTER TABLE `orders` ADD COLUMN x int", LockTarget("orders", "ddl")),
        ("CREATE UNIQUE INDEX CONCURRENTLY idx ON public.orders (a)", LockTarget("orders", "concurrent-index")),
        ("CREATE INDEX idx_o ON orders (a)", LockTarget("orders", "index")),
        ("DROP INDEX idx_o ON orders", LockTarget("orders", "ddl")),
        ("DROP INDEX idx_made_here", LockTarget("orders", "ddl")),
        ('INSERT INTO "orders" (a) SELECT 1', LockTarget("orders", "dml")),
        ("UPDATE orders SET a = 1", LockTarget("orders", "dml")),
        ("DELETE FROM orders WHERE a = 1", LockTarget("orders", "dml")),
        ("CREATE TABLE orders2 (a int)", "it creates table orders2"),
        ("UPDATE missing SET a = 1", "its table missing does not exist"),
        ("DROP INDEX idx_unknown", "cannot tell which table index idx_unknown belongs to"),
        ("SELECT 1", "it touches no table"),
        ("COMMENT ON COLUMN orders.a IS 'amount'", LockTarget("orders", "comment")),
        ("COMMENT ON COLUMN public.orders.a IS 'x.y'", LockTarget("orders", "comment")),
        ("COMMENT ON TABLE \"orders\" IS 'all orders'", LockTarget("orders", "comment")),
        ("COMMENT ON COLUMN orders2.a IS 'made later'", "its table orders2 does not exist"),
    ],
)
def test_lock_target_from_statement_text(sql: str, expected: LockTarget | str) -> None:
    install = ["CREATE TABLE orders (a int)", "CREATE INDEX idx_o ON orders (a)"]
    found = lock_target(sql, install, ["CREATE INDEX idx_made_here ON orders (a)"])
    if isinstance(expected, str):
        assert isinstance(found, str) and found.startswith(expected), found
    else:
        assert found == expected


def test_tables_renamed_and_dropped_by_earlier_steps_are_followed() -> None:
    install = ["CREATE TABLE a (x int)", "CREATE TABLE b (x int)"]
    assert lock_target("UPDATE c SET x = 1", install, ["ALTER TABLE a RENAME TO c"]) == LockTarget("c", "dml")
    assert isinstance(lock_target("UPDATE b SET x = 1", install, ["DROP TABLE b"]), str)


@pytest.mark.parametrize(
    ("need", "held", "mode"),
    [
        ("ACCESS EXCLUSIVE", set(), "ACCESS SHARE"),
        ("ACCESS EXCLUSIVE", {"ROW EXCLUSIVE"}, "ACCESS SHARE"),
        ("ROW EXCLUSIVE", set(), "SHARE"),
        ("ROW EXCLUSIVE", {"SHARE"}, "SHARE"),
        ("ROW EXCLUSIVE", {"ACCESS EXCLUSIVE"}, None),
        ("SHARE", {"ROW EXCLUSIVE"}, "ROW EXCLUSIVE"),
        ("SHARE", {"SHARE ROW EXCLUSIVE"}, None),
    ],
)
def test_postgresql_lock_mode_blocks_the_statement_not_the_runner(need: str, held: set[str], mode: str) -> None:
    assert pg_mode_against(need, held) == mode


def test_rewritten_copy_has_one_more_step_exactly_where_asked(tmp_path: Path) -> None:
    history = scripts_of(load_scenario(LEDGER))
    copy = history.write_copy(tmp_path, (Insertion("v1.2.0", "mysql", 3, "SELECT 42"),))
    original = load_source(LEDGER / "migrations").get("v1.2.0").for_dialect("mysql").steps
    rewritten = load_source(copy).get("v1.2.0").for_dialect("mysql").steps
    assert [s.forward.sql for s in rewritten] == [
        *(s.forward.sql for s in original[:2]),
        "SELECT 42",
        *(s.forward.sql for s in original[2:]),
    ]
    assert rewritten[2].undo == ()
    untouched = load_source(copy).get("v1.2.0").for_dialect("postgresql")
    assert (
        untouched.upgrade_checksum
        == load_source(LEDGER / "migrations").get("v1.2.0").scripts["postgresql"].upgrade_checksum
    )
    assert (LEDGER / "migrations" / "v1.2.0" / "mysql.upgrade.sql").read_text() != (
        copy / "v1.2.0" / "mysql.upgrade.sql"
    ).read_text()


def test_statement_matching_ignores_whitespace_and_truncation() -> None:
    sql = "UPDATE accounts\n   SET phone = ''  WHERE id > 0"
    assert same_statement("UPDATE accounts SET phone = '' WHERE id > 0", sql)
    assert not same_statement("UPDATE accounts SET phone = 'x' WHERE id > 0", sql)
    assert not same_statement("", sql)
    long = "INSERT INTO t SELECT " + ", ".join(f"c{i}" for i in range(200))
    assert same_statement(long[:1024], long)


def test_explore_steps_round_trip_and_bad_steps_are_named() -> None:
    text = "upgrade v1.1.0; insert; fault crash v1.2.0#3; restart"
    steps = parse_steps(text)
    assert steps[2] == Step("fault", "v1.2.0", "crash", 3)
    assert render_steps(steps) == text
    with pytest.raises(StepError, match=r"cannot read step 'fault melt v1\.2\.0#3'"):
        parse_steps("insert; fault melt v1.2.0#3")
