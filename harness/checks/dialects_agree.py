"""Check `parity`: the same seed upgraded on a MySQL-family server and on PostgreSQL holds the same logical data."""

from __future__ import annotations

import pytest

from harness.cases import Case
from harness.checks._common import case_sections, upgraded_or_skip
from harness.data import render_rows, snapshot_differences
from harness.failures import CheckFailed
from harness.workbench import Workbench

pytestmark = pytest.mark.parity


def verify(bench: Workbench, case: Case) -> None:
    first, second = case.engines
    left = upgraded_or_skip(bench, first, case.path)
    right = upgraded_or_skip(bench, second, case.path)
    differences = snapshot_differences(bench.data_of(left), bench.data_of(right))
    if differences:
        raise CheckFailed(
            f"{first} and {second} disagree on the data after {case.path.label}",
            {**case_sections(case), f"rows ({first} vs {second})": render_rows(differences, sides=(first, second))},
        )


def test_parity(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
