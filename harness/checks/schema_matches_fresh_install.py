"""Check `schema`: the upgraded database has exactly the schema of a fresh install of the target version."""

from __future__ import annotations

import pytest

from harness.cases import Case
from harness.checks._common import case_sections, upgraded_or_skip
from harness.failures import CheckFailed
from harness.inspect import diff_schemas, render_differences
from harness.workbench import Workbench

pytestmark = pytest.mark.schema


def verify(bench: Workbench, case: Case) -> None:
    result = upgraded_or_skip(bench, case.engine, case.path)
    expected = bench.snapshots(case.engine).fresh_schema(case.path.target)
    differences = diff_schemas(expected, bench.schema_of(result))
    if differences:
        raise CheckFailed(
            f"upgraded schema differs from a fresh install of {case.path.target} "
            f"in {len(differences)} place(s)",
            {**case_sections(case), "differences (expected = fresh install)": render_differences(differences)},
        )


def test_schema(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
