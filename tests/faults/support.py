"""Shared by the fault tests: the ledger scenario, a workbench over the session's servers, running one check."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.cases import Case, Fault
from harness.engines.server_api import Server
from harness.failures import CheckFailed
from harness.paths import UpgradePath
from harness.runners import Runner, runner_for
from harness.scenario import load_scenario
from harness.workbench import Workbench
from tests.conftest import catalogue_mysql_family

LEDGER = Path(__file__).parent / "ledger"
PG = "postgresql@15"
MYSQL_FAMILY_ENGINE = catalogue_mysql_family()
SEED_SIZE = 20


@dataclass(frozen=True)
class Outcome:
    case: Case
    outcome: str  # passed | failed | skipped
    message: str


def workbench(scenario_dir: Path, servers: dict[str, Server], runner: Runner | None = None) -> Workbench:
    scenario = load_scenario(scenario_dir)
    return Workbench(scenario, runner or runner_for(scenario), {n: n for n in servers}, SEED_SIZE, servers=servers)


def fault_case(engine: str, kind: str, version: str, statement: int, bench: Workbench) -> Case:
    versions = bench.scenario.versions
    previous = versions[versions.index(version) - 1]
    return Case("rollback", engine, UpgradePath((previous, version)), Fault(kind, version, statement))


def run(verify: Callable[[Workbench, Case], None], bench: Workbench, case: Case) -> Outcome:
    try:
        verify(bench, case)
    except CheckFailed as failure:
        return Outcome(case, "failed", failure.render())
    except pytest.skip.Exception as skipped:
        return Outcome(case, "skipped", str(skipped))
    return Outcome(case, "passed", "")


def describe(outcomes: list[Outcome]) -> str:
    return "\n".join(f"{o.outcome:8} {o.case.param_id}\n{o.message}" for o in outcomes if o.outcome != "passed")


def copy_with_edits(source: Path, target: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """A copy of a scenario with `file: (old, new)` text replacements (each must match exactly once)."""
    shutil.copytree(source, target)
    for relative, (old, new) in edits.items():
        path = target / relative
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{relative}: {old!r} found {text.count(old)} times"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return target
