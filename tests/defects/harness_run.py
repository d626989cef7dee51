"""Run every check of the harness on a scenario directory, in-process, against already running servers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.cases import Case, generate_cases
from harness.checks import CHECKS
from harness.engines.base import Server
from harness.failures import CheckFailed
from harness.paths import enumerate_paths
from harness.runners import Runner, runner_for
from harness.scenario import load_scenario
from harness.workbench import Workbench

CONSISTENCY_CHECKS = ("upgrade", "schema", "data", "path", "parity", "idempotent")


@dataclass(frozen=True)
class Finding:
    check: str
    engine: str
    path: str
    outcome: str  # passed | failed | skipped
    message: str


def run_checks(
    scenario_dir: Path, servers: dict[str, Server], runner: Runner | None = None, seed_size: int = 40
) -> list[Finding]:
    scenario = load_scenario(scenario_dir)
    bench = Workbench(scenario, runner or runner_for(scenario), {n: n for n in servers}, seed_size, servers=servers)
    dialects = {name: server.dialect for name, server in servers.items()}
    paths = enumerate_paths(scenario.versions, "to-head")
    multi_stop = [p for p in enumerate_paths(scenario.versions, "stepwise") if not p.is_direct]
    findings: list[Finding] = []
    try:
        for check in CONSISTENCY_CHECKS:
            spec = CHECKS[check]
            module = __import__(f"harness.checks.{spec.module}", fromlist=["verify"])
            for case in generate_cases(check, spec.cases, dialects, paths, multi_stop):
                findings.append(_run(module.verify, bench, case))
    finally:
        bench.close()
    return findings


def _run(verify: object, bench: Workbench, case: Case) -> Finding:
    assert callable(verify)
    try:
        verify(bench, case)
    except CheckFailed as failure:
        return Finding(case.check, case.engine_label, case.path.label, "failed", failure.render())
    except pytest.skip.Exception as skipped:
        return Finding(case.check, case.engine_label, case.path.label, "skipped", str(skipped))
    return Finding(case.check, case.engine_label, case.path.label, "passed", "")


def failed(findings: list[Finding]) -> set[tuple[str, str]]:
    """(check, engine) pairs with at least one failed case."""
    return {(f.check, f.engine) for f in findings if f.outcome == "failed"}
