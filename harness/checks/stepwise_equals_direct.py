"""Check `path`: upgrading one release at a time gives the same schema and data as the direct jump.

The two upgrades run at different moments, so the scenario's volatile columns (harness/volatile.py) are compared by
presence, NULL-ness and kind of value, not by value.
"""

from __future__ import annotations

from harness.cases import Case, CaseKind, CheckSpec, Reads
from harness.checks._common import case_sections, upgraded_or_skip
from harness.data import render_rows, snapshot_differences
from harness.failures import CheckFailed
from harness.inspect import diff_schemas, render_differences
from harness.volatile import volatile_for
from harness.workbench import Workbench

SPEC = CheckSpec(
    __name__, "path", CaseKind.MULTI_STOP, "stepwise and direct upgrades agree", reads=Reads.PATH_AND_DIRECT
)


def verify(bench: Workbench, case: Case) -> None:
    direct = upgraded_or_skip(bench, case.engine, case.path.direct)
    stepwise = bench.upgraded(case.engine, case.path)
    if stepwise.failure is not None:
        stop, outcome = stepwise.failure
        raise CheckFailed(
            f"the direct jump {case.path.direct.label} succeeds but this path fails at {stop}",
            {**case_sections(case), "runner said": outcome.error or "(no message)"},
        )
    schema_differences = diff_schemas(bench.schema_of(direct), bench.schema_of(stepwise))
    volatile = volatile_for(bench, case.engine)
    row_differences = snapshot_differences(bench.data_of(direct), bench.data_of(stepwise), volatile)
    if schema_differences or row_differences:
        raise CheckFailed(
            f"the path {case.path.label} ends in a different state than {case.path.direct.label}",
            {
                **case_sections(case),
                "schema (expected = direct)": render_differences(schema_differences),
                "rows (direct -> stepwise)": render_rows(row_differences),
                "volatile columns (compared by NULL-ness and kind)": volatile.describe() if volatile else "",
            },
        )


def test_path(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
