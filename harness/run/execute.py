"""Run one case on the workbench and say what happened as its report.json record: the same record whether pytest
ran the case (the plugin translates its report) or the run core did (`execute`)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace

import pytest

from harness.cases import Case
from harness.checks import VERIFIERS
from harness.engines.server_api import EngineUnavailable
from harness.failures import CheckFailed
from harness.report.json_contract import CaseRecord, Outcome, Statement
from harness.run.plan import case_id, case_reads
from harness.scenario import ScenarioError
from harness.workbench import Workbench

# How bad an outcome is: a case reports once per phase under pytest, and its worst phase is its outcome.
SEVERITY: dict[str, int] = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}
MESSAGE_LIMIT = 60_000  # characters; a longer message keeps its head (what failed) and its tail
_HEAD_SHARE = 2 / 3


def shorten_middle(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Cut a long text in the middle, saying how much went, so its first lines (the diagnosis) always survive."""
    if len(text) <= limit:
        return text
    head = int(limit * _HEAD_SHARE)
    tail = limit - head
    return f"{text[:head]}\n[... {len(text) - limit} characters cut ...]\n{text[-tail:]}"


def case_record(
    case: Case,
    outcome: Outcome,
    duration_s: float,
    runner_s: float,
    message: str = "",
    statements: Iterable[Statement] = (),
) -> CaseRecord:
    """The report.json record of one case's outcome (the contract in docs/design.md)."""
    return CaseRecord(
        id=case_id(case),
        engine=case.engine_label,
        check=case.check,
        from_version=case.path.start,
        to_version=case.path.target,
        path=case.path.stops,
        fault=case.fault,
        outcome=outcome,
        duration_s=round(duration_s, 4),
        runner_s=round(runner_s, 4),
        message=message,
        statements=tuple(statements),
    )


def merged(earlier: CaseRecord, later: CaseRecord) -> CaseRecord:
    """The same case reported again (a later pytest phase): the worse outcome wins, the times add up."""
    worse = later if SEVERITY[later.outcome] > SEVERITY[earlier.outcome] else earlier
    return replace(
        worse,
        duration_s=round(earlier.duration_s + later.duration_s, 4),
        runner_s=max(earlier.runner_s, later.runner_s),
    )


def runner_seconds(bench: Workbench, case: Case) -> float:
    """Time spent inside the system under test building the shared databases the case reads."""
    return sum(bench.runner_seconds.get(key, 0.0) for key in case_reads(case))


def execute(bench: Workbench, case: Case) -> CaseRecord:
    """Run one case's check on the workbench. A failure (CheckFailed) is `failed` with its diagnosis; a skip or a
    case that does not apply (the check says why) and an engine that cannot run here are `skipped` with the reason;
    the scenario's own mistake (ScenarioError) is `error`. Any other exception is a bug of the harness or the runner
    and propagates. The caller announced the case's reads (`Run.expect`) and releases them afterwards."""
    started = time.perf_counter()
    outcome, message = _outcome_of(bench, case)
    return case_record(case, outcome, time.perf_counter() - started, runner_seconds(bench, case), message)


def _outcome_of(bench: Workbench, case: Case) -> tuple[Outcome, str]:
    for engine in case.engines:
        try:
            bench.server(engine)
        except EngineUnavailable as err:
            return "skipped", f"{engine} unavailable: {err.reason}"
    try:
        VERIFIERS[case.check](bench, case)
    except CheckFailed as failure:
        return "failed", shorten_middle(failure.render())
    except pytest.skip.Exception as skipped:  # how a check says it does not apply (pytest.skip, without pytest running)
        return "skipped", str(skipped.msg)
    except ScenarioError as err:
        return "error", str(err)
    return "passed", ""
