"""Run one case on the workbench and say what happened as a typed record: the same record whether pytest ran the
case (the plugin translates its report) or the run core did (`execute`)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import cast

import pytest

from harness.cases import Case, Fault
from harness.checks import VERIFIERS
from harness.engines.server_api import EngineUnavailable
from harness.failures import CheckFailed
from harness.report.json_contract import OUTCOMES, Outcome
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


@dataclass(frozen=True)
class CaseResult:
    """One case's outcome: the fields of its report.json record (the contract in docs/design.md)."""

    id: str
    engine: str  # the engine label: `postgresql@15`, or `mariadb@10.11+postgresql@15` for a parity case
    check: str
    start: str
    target: str
    path: tuple[str, ...]
    fault: Fault | None
    outcome: Outcome
    duration_s: float
    runner_s: float
    message: str = ""
    statements: tuple[Mapping[str, object], ...] = ()  # timed statements a check measured (check `online`)

    @classmethod
    def of(
        cls,
        case: Case,
        outcome: Outcome,
        duration_s: float,
        runner_s: float,
        message: str = "",
        statements: tuple[Mapping[str, object], ...] = (),
    ) -> CaseResult:
        return cls(
            case_id(case), case.engine_label, case.check, case.path.start, case.path.target, case.path.stops,
            case.fault, outcome, round(duration_s, 4), round(runner_s, 4), message, statements,
        )  # fmt: skip

    def merged(self, later: CaseResult) -> CaseResult:
        """The same case reported again (a later pytest phase): the worse outcome wins, the times add up."""
        worse = later if SEVERITY[later.outcome] > SEVERITY[self.outcome] else self
        return replace(
            worse,
            duration_s=round(self.duration_s + later.duration_s, 4),
            runner_s=max(self.runner_s, later.runner_s),
        )

    def as_record(self) -> dict[str, object]:
        """The report.json case record; also how a pytest-xdist worker sends the result to the controller."""
        record: dict[str, object] = {
            "id": self.id,
            "engine": self.engine,
            "check": self.check,
            "from": self.start,
            "to": self.target,
            "path": list(self.path),
            "fault": self.fault.as_json() if self.fault else None,
            "outcome": self.outcome,
            "duration_s": self.duration_s,
            "runner_s": self.runner_s,
            "message": self.message,
        }
        if self.statements:
            record["statements"] = [dict(statement) for statement in self.statements]
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> CaseResult:
        """The inverse of `as_record`, for the records pytest-xdist workers send (written by `as_record`)."""
        fault = record["fault"]
        outcome = str(record["outcome"])
        if outcome not in OUTCOMES:
            raise ValueError(f"case {record['id']!r}: unknown outcome {outcome!r}")
        return cls(
            id=str(record["id"]),
            engine=str(record["engine"]),
            check=str(record["check"]),
            start=str(record["from"]),
            target=str(record["to"]),
            path=tuple(str(stop) for stop in cast(list[object], record["path"])),
            fault=None if fault is None else _fault_from_json(cast(Mapping[str, object], fault)),
            outcome=outcome,
            duration_s=float(cast(float, record["duration_s"])),
            runner_s=float(cast(float, record["runner_s"])),
            message=str(record["message"]),
            statements=tuple(cast(list[Mapping[str, object]], record.get("statements", []))),
        )


def _fault_from_json(data: Mapping[str, object]) -> Fault:
    return Fault(
        str(data["kind"]), str(data["version"]), int(cast(int, data["statement"])), bool(data.get("after_last"))
    )


def runner_seconds(bench: Workbench, case: Case) -> float:
    """Time spent inside the system under test building the shared databases the case reads."""
    return sum(bench.runner_seconds.get(key, 0.0) for key in case_reads(case))


def execute(bench: Workbench, case: Case) -> CaseResult:
    """Run one case's check on the workbench. A failure (CheckFailed) is `failed` with its diagnosis; a skip or a
    case that does not apply (the check says why) and an engine that cannot run here are `skipped` with the reason;
    the scenario's own mistake (ScenarioError) is `error`. Any other exception is a bug of the harness or the runner
    and propagates. The caller announced the case's reads (`Run.expect`) and releases them afterwards."""
    started = time.perf_counter()
    outcome, message = _outcome_of(bench, case)
    return CaseResult.of(case, outcome, time.perf_counter() - started, runner_seconds(bench, case), message)


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
