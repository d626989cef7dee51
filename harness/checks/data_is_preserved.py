"""Check `data`: every seeded row survives with its values, except declared changes; declared invariants hold.

A volatile column (harness/volatile.py) that an upgrade stamps again keeps its row: it is compared by NULL-ness and
kind of value, so a stamp that is lost (set before, NULL after) is still reported.

The rows are compared by server-side chunk checksums (harness/data_checksums.py) against those the seeded snapshot
took when it was seeded: one scan of the upgraded database, and rows read only from the chunks that differ. The
invariants read only the tables they ask for.
"""

from __future__ import annotations

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections, upgraded_or_skip
from harness.data import render_rows
from harness.data_checksums import LiveDatabase, TableRows, compare_preserved
from harness.failures import CheckFailed
from harness.volatile import volatile_for
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "data", CaseKind.PATHS, "seeded rows survive; declared invariants hold")


def verify(bench: Workbench, case: Case) -> None:
    result = upgraded_or_skip(bench, case.engine, case.path)
    scenario = bench.scenario
    before = bench.snapshots(case.engine).seeded(case.path.start).live
    after = LiveDatabase(bench.server(case.engine).url(result.database), bench.schema_of(result))
    declared = scenario.changed_on_purpose(case.path.start, case.path.target)
    volatile = volatile_for(bench, case.engine)
    lost = compare_preserved(before, after, declared, volatile).differences
    violations: list[str] = []
    before_rows, after_rows = TableRows(before), TableRows(after)
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
