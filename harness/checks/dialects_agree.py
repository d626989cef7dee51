"""Check `parity`: the same seed upgraded on a MySQL-family server and on PostgreSQL holds the same logical data.

The scenario's volatile columns (harness/volatile.py) are compared by presence, NULL-ness and kind of value: a
timestamp set on one engine and NULL on the other is still a difference.
"""

from __future__ import annotations

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections, upgraded_or_skip
from harness.data import render_rows, snapshot_differences
from harness.failures import CheckFailed
from harness.volatile import volatile_for
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "parity", CaseKind.ENGINE_PAIRS, "MySQL-family and PostgreSQL agree on the data")


def verify(bench: Workbench, case: Case) -> None:
    first, second = case.engines
    left = upgraded_or_skip(bench, first, case.path)
    right = upgraded_or_skip(bench, second, case.path)
    volatile = volatile_for(bench, first)
    volatile_for(bench, second)  # the declaration must fit the head on both engines
    differences = snapshot_differences(bench.data_of(left), bench.data_of(right), volatile)
    if differences:
        raise CheckFailed(
            f"{first} and {second} disagree on the data after {case.path.label}",
            {
                **case_sections(case),
                f"rows ({first} vs {second})": render_rows(differences, sides=(first, second)),
                "volatile columns (compared by NULL-ness and kind)": volatile.describe() if volatile else "",
            },
        )


def test_parity(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
