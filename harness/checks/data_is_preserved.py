"""Check `data`: every seeded row survives with its values, except declared changes; declared invariants hold.

A volatile column (harness/volatile.py) that an upgrade stamps again keeps its row: it is compared by NULL-ness and
kind of value, so a stamp that is lost (set before, NULL after) is still reported.
"""

from __future__ import annotations

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections, upgraded_or_skip
from harness.data import preserved_differences, render_rows
from harness.failures import CheckFailed
from harness.volatile import volatile_for
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "data", CaseKind.PATHS, "seeded rows survive; declared invariants hold")


def verify(bench: Workbench, case: Case) -> None:
    result = upgraded_or_skip(bench, case.engine, case.path)
    scenario = bench.scenario
    before = bench.snapshots(case.engine).seeded(case.path.start).data
    after = bench.data_of(result)
    declared = scenario.changed_on_purpose(case.path.start, case.path.target)
    volatile = volatile_for(bench, case.engine)
    lost = preserved_differences(before, after, declared, volatile)
    violations: list[str] = []
    before_rows, after_rows = before.as_rows(), after.as_rows()
    for version in scenario.crossed(case.path.start, case.path.target):
        invariant = scenario.invariants.get(version)
        if invariant is not None:
            violations.extend(f"{version}: {message}" for message in invariant(before_rows, after_rows))
    if lost or violations:
        raise CheckFailed(
            f"data not preserved by {case.path.label}: {len(lost)} row difference(s), "
            f"{len(violations)} invariant violation(s)",
            {
                **case_sections(case),
                "declared changes": ", ".join(sorted(declared)) or "(none)",
                "volatile columns (compared by NULL-ness and kind)": volatile.describe() if volatile else "",
                "rows (before -> after)": render_rows(lost),
                "invariants": "\n".join(violations[:20]),
            },
        )


def test_data(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
