"""Check `upgrade`: the runner succeeds, its version record says the target, and its history has every version."""

from __future__ import annotations

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections
from harness.failures import CheckFailed
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "upgrade", CaseKind.PATHS, "the runner succeeds and records the target")


def verify(bench: Workbench, case: Case) -> None:
    result = bench.upgraded(case.engine, case.path)
    failure = result.failure
    if failure is not None:
        stop, outcome = failure
        raise CheckFailed(
            f"upgrade {case.path.label} on {case.engine} failed while going to {stop}",
            {
                **case_sections(case),
                "failed version": outcome.failed_version or stop,
                "statement": outcome.failed_statement or "",
                "runner said": outcome.error,
            },
        )
    url = bench.server(case.engine).url(result.database)
    recorded = bench.runner.current_version(url)
    if recorded != case.path.target:
        raise CheckFailed(
            f"after upgrading to {case.path.target} the runner records version {recorded}",
            {**case_sections(case), "expected": case.path.target, "actual": str(recorded)},
        )
    attempts = bench.runner.attempts(url)
    if not attempts and not _keeps_history(bench):
        return
    applied = {a.version for a in attempts if a.succeeded}
    missing = [v for v in bench.scenario.crossed(case.path.start, case.path.target) if v not in applied]
    if missing:
        shown = "\n".join(f"{a.version} {a.operation} {a.status}" for a in attempts)
        raise CheckFailed(
            f"the runner's history lacks a successful attempt for {', '.join(missing)}",
            {**case_sections(case), "history": shown or "(empty)"},
        )


def _keeps_history(bench: Workbench) -> bool:
    return bench.runner.records_attempts


def test_upgrade(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
