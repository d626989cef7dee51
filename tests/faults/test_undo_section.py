"""Which undo steps the rollback diagnosis says ran, read from the history without a server."""

from __future__ import annotations

from pathlib import Path

from harness.cases import Fault
from harness.data import RowDifference
from harness.faults import scripts_of
from harness.faults.undo import undo_section, undone_steps
from harness.inspect import SchemaDifference
from harness.scenario import load_scenario

SHOP = Path(__file__).parent.parent / "defects" / "shop"
AMOUNT = SchemaDifference("orders", "column", "amount", "default '0'", "default ''")


def test_mysql_undoes_the_steps_before_the_fault_newest_first() -> None:
    history = scripts_of(load_scenario(SHOP))
    assert [s.step for s in undone_steps(history, "mysql", Fault("crash", "v2.0.0", 3)) or ()] == [2, 1]
    assert [s.step for s in undone_steps(history, "mysql", Fault("crash", "v2.0.0", 7, after_last=True)) or ()] == [
        6,
        5,
        4,
        3,
        2,
        1,
    ]
    assert undone_steps(history, "mysql", Fault("crash", "v2.0.0", 1)) == ()


def test_the_section_marks_the_undo_that_names_the_differing_column() -> None:
    history = scripts_of(load_scenario(SHOP))
    section = undo_section(history, "mysql", Fault("sql-error", "v2.0.0", 3), [AMOUNT], [])
    lines = section.splitlines()
    assert lines[0] == "the runner undid v2.0.0 steps 2, 1 (newest first), with the history's undo steps:"
    assert lines[-1] == "most likely responsible (names a differing column): step 1"
    assert "<- its undo touches orders.amount, which differs from the previous version" in section


def test_postgresql_runs_the_version_in_one_transaction_and_no_undo() -> None:
    history = scripts_of(load_scenario(SHOP))
    assert undone_steps(history, "postgresql", Fault("crash", "v2.0.0", 3)) == ()
    rows = [RowDifference("customers", (1,), "phone", "a", "b")]
    section = undo_section(history, "postgresql", Fault("crash", "v2.0.0", 3), [], rows)
    assert section.startswith("none: on postgresql the runner ran v2.0.0 in one transaction")


def test_nothing_is_said_when_nothing_differs() -> None:
    history = scripts_of(load_scenario(SHOP))
    assert undo_section(history, "mysql", Fault("crash", "v2.0.0", 3), [], []) == ""
