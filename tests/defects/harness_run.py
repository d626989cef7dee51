"""Run the consistency checks of the harness on a scenario directory, in-process, against already running servers:
the run core's plan and `Run.execute`, without pytest collecting anything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.cases import Case
from harness.engines.server_api import Server
from harness.report.json_contract import CaseRecord
from harness.run import Run, RunPlan, Selection, execute
from harness.runners import Runner
from harness.scenario import load_scenario
from harness.workbench import Workbench

CONSISTENCY_CHECKS = ("upgrade", "schema", "data", "path", "parity", "idempotent")


@dataclass(frozen=True)
class Finding:
    check: str
    engine: str
    path: str
    outcome: str  # passed | failed | skipped | error
    message: str

    @classmethod
    def of(cls, result: CaseRecord) -> Finding:
        return cls(result.check, result.engine, "->".join(result.path), result.outcome, result.message)


def run_checks(
    scenario_dir: Path, servers: dict[str, Server], runner: Runner | None = None, seed_size: int = 40
) -> list[Finding]:
    selection = Selection(
        scenario=str(scenario_dir),
        engines=tuple(servers),
        paths="to-head",
        checks=CONSISTENCY_CHECKS,
        faults="none",
        seed_size=seed_size,
        shard=None,
        report_dir=None,
        layout="auto",
    )
    run = Run(RunPlan.on_servers(selection, load_scenario(scenario_dir), servers, runner), servers=servers)
    try:
        return [Finding.of(result) for result in run.execute()]
    finally:
        run.close()


def _run(_verify: object, bench: Workbench, case: Case) -> Finding:
    """One case on a workbench the caller built (its check is the case's; `_verify` is kept for old callers)."""
    return Finding.of(execute(bench, case))


def failed(findings: list[Finding]) -> set[tuple[str, str]]:
    """(check, engine) pairs with at least one failed case."""
    return {(f.check, f.engine) for f in findings if f.outcome == "failed"}
