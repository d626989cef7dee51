"""The report.json contract: its records as frozen dataclasses, and their JSON form (written exactly, read strictly,
naming the file and the bad field).

The keys of docs/design.md's report.json are kept exactly. Optional additions: per case `statements` (timed upgrade
statements, for "slowest migrations"; check `online` adds each one's workload impact as `online`) and
`allowed_reason` (set by the release gate), per engine `reason` (why it could not start), top-level
`environment`, `shard` ([index, total] of a sharded run), `gate` (the release gate's verdict), and
`summary.allowed` (only written when the gate allowed a failure, so ungated reports keep the contract's keys).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast, get_args

from harness.cases import FAULT_KINDS, Fault, FaultKind
from harness.report.verdict import GateVerdict

Outcome = Literal["passed", "failed", "error", "skipped", "allowed"]
JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]

# A test's user property whose value (a list of statement records) becomes its case's `statements`.
STATEMENTS_PROPERTY = "upgrade_statements"

# The provider recorded for an engine nobody could start.
UNAVAILABLE_PROVIDER = "unavailable"

OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)


class ReportError(ValueError):
    """A report.json that does not follow the contract; the message names the file and the field."""


@dataclass(frozen=True)
class EngineInfo:
    spec: str
    provider: str | None  # "unavailable" when no server could be started for the spec
    server_version: str | None
    reason: str | None = None  # why it could not be started, when it could not

    @property
    def started(self) -> bool:
        """A server answered for this spec (a shard or run that could not start one records no version)."""
        return bool(self.server_version) and self.provider != UNAVAILABLE_PROVIDER


@dataclass(frozen=True)
class WorkloadImpact:
    """What the previous release's workload went through while one upgrade statement ran (check `online`)."""

    lock_wait_s: float
    waiting_query: str
    lock: str
    workload_queries: int
    p99_s: float | None
    max_latency_s: float | None
    errors: tuple[str, ...]
    rewrote: tuple[str, ...] | None  # tables whose storage it replaced; None when not known
    blocking: bool  # the lock wait was over the scenario's limit


@dataclass(frozen=True)
class Statement:
    """One timed upgrade statement: `step` is its index in the version's upgrade script."""

    version: str
    step: int
    statement: str
    seconds: float
    online: WorkloadImpact | None = None


@dataclass(frozen=True)
class CaseRecord:
    id: str
    engine: str
    check: str
    from_version: str
    to_version: str
    path: tuple[str, ...]
    fault: Fault | None
    outcome: Outcome
    duration_s: float
    runner_s: float
    message: str = ""
    statements: tuple[Statement, ...] = ()
    allowed_reason: str | None = None

    @property
    def is_direct(self) -> bool:
        """A plain from -> to upgrade without stops or faults: the cases a from x to matrix can show."""
        return self.fault is None and len(self.path) <= 2


@dataclass(frozen=True)
class Summary:
    passed: int = 0
    failed: int = 0
    error: int = 0
    skipped: int = 0
    allowed: int = 0

    @classmethod
    def of(cls, cases: Iterable[CaseRecord]) -> Summary:
        counts = dict.fromkeys(OUTCOMES, 0)
        for case in cases:
            counts[case.outcome] += 1
        return cls(**counts)

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.error + self.skipped + self.allowed


@dataclass(frozen=True)
class Report:
    scenario: str
    duration_s: float
    engines: tuple[EngineInfo, ...]
    cases: tuple[CaseRecord, ...]
    summary: Summary
    # Free-form facts about where the run happened; excluded from hashing because it is a mapping.
    environment: Mapping[str, JsonValue] | None = field(default=None, hash=False)
    shard: tuple[int, int] | None = None  # (index, total), counted from 1, when the run was one shard of several
    gate: GateVerdict | None = None

    @classmethod
    def build(
        cls,
        scenario: str,
        duration_s: float,
        engines: Iterable[EngineInfo],
        cases: Iterable[CaseRecord],
        environment: Mapping[str, JsonValue] | None = None,
        *,
        shard: tuple[int, int] | None = None,
        gate: GateVerdict | None = None,
    ) -> Report:
        """A report whose summary is computed from its cases (the only way the two stay consistent)."""
        case_tuple = tuple(cases)
        return cls(scenario, duration_s, tuple(engines), case_tuple, Summary.of(case_tuple), environment, shard, gate)

    def with_cases(self, cases: Iterable[CaseRecord]) -> Report:
        """The same run with other cases; a gate verdict is dropped, since it judged the old cases."""
        case_tuple = tuple(cases)
        return replace(self, cases=case_tuple, summary=Summary.of(case_tuple), gate=None)

    def with_gate(self, gate: GateVerdict | None) -> Report:
        return replace(self, gate=gate)

    @property
    def case_time_s(self) -> float:
        """Sum of case durations: the work done, as opposed to the wall time in `duration_s`."""
        return sum(case.duration_s for case in self.cases)

    def to_json(self) -> dict[str, JsonValue]:
        return report_to_json(self)

    @classmethod
    def from_json(cls, data: object, source: str = "report.json") -> Report:
        return report_from_json(data, source)

    def to_file(self, path: Path) -> None:
        write_report_file(self, path)

    @classmethod
    def from_file(cls, path: Path) -> Report:
        return read_report_file(path)


# report.json as text: writing a Report, and strict loading that names the file and the bad field.


def write_report_file(report: Report, path: Path) -> None:
    path.write_text(json.dumps(report_to_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_report_file(path: Path) -> Report:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ReportError(f"{path}: cannot read the report: {err.strerror or err}") from err
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno} column {err.colno}"
        raise ReportError(f"{path}: not valid JSON at {where}: {err.msg}") from err
    return report_from_json(data, str(path))


def report_from_json(data: object, source: str = "report.json") -> Report:
    return _Reader(source).report(data)


def report_to_json(report: Report) -> dict[str, JsonValue]:
    summary: dict[str, JsonValue] = {
        "passed": report.summary.passed,
        "failed": report.summary.failed,
        "error": report.summary.error,
        "skipped": report.summary.skipped,
    }
    if report.summary.allowed:
        summary["allowed"] = report.summary.allowed
    data: dict[str, JsonValue] = {
        "scenario": report.scenario,
        "duration_s": report.duration_s,
        "engines": [_engine_to_json(engine) for engine in report.engines],
        "cases": [case_to_json(case) for case in report.cases],
        "summary": summary,
    }
    if report.environment is not None:
        data["environment"] = dict(report.environment)
    if report.shard is not None:
        data["shard"] = list(report.shard)
    if report.gate is not None:
        data["gate"] = {
            "code": report.gate.code,
            "reasons": list(report.gate.reasons),
            "allowed_missing": list(report.gate.allowed_missing),
            "interrupted": report.gate.interrupted,
        }
    return data


def _engine_to_json(engine: EngineInfo) -> dict[str, JsonValue]:
    data: dict[str, JsonValue] = {
        "spec": engine.spec,
        "provider": engine.provider,
        "server_version": engine.server_version,
    }
    if engine.reason is not None:
        data["reason"] = engine.reason
    return data


def case_to_json(case: CaseRecord) -> dict[str, JsonValue]:
    fault: JsonValue = None
    if case.fault is not None:
        fault = {"kind": case.fault.kind, "version": case.fault.version, "statement": case.fault.statement}
        if case.fault.after_last:
            fault["after_last"] = True
    data: dict[str, JsonValue] = {
        "id": case.id,
        "engine": case.engine,
        "check": case.check,
        "from": case.from_version,
        "to": case.to_version,
        "path": list(case.path),
        "fault": fault,
        "outcome": case.outcome,
        "duration_s": case.duration_s,
        "runner_s": case.runner_s,
        "message": case.message,
    }
    if case.statements:
        data["statements"] = [statement_to_json(s) for s in case.statements]
    if case.allowed_reason is not None:
        data["allowed_reason"] = case.allowed_reason
    return data


def statement_to_json(statement: Statement) -> dict[str, JsonValue]:
    data: dict[str, JsonValue] = {
        "version": statement.version,
        "step": statement.step,
        "statement": statement.statement,
        "seconds": statement.seconds,
    }
    impact = statement.online
    if impact is not None:
        data["online"] = {
            "lock_wait_s": impact.lock_wait_s,
            "waiting_query": impact.waiting_query,
            "lock": impact.lock,
            "workload_queries": impact.workload_queries,
            "p99_s": impact.p99_s,
            "max_latency_s": impact.max_latency_s,
            "errors": list(impact.errors),
            "rewrote": None if impact.rewrote is None else list(impact.rewrote),
            "blocking": impact.blocking,
        }
    return data


_IMPACT_KEYS = {
    "lock_wait_s", "waiting_query", "lock", "workload_queries", "p99_s", "max_latency_s", "errors", "rewrote",
    "blocking",
}  # fmt: skip
_REPORT_KEYS = {"scenario", "duration_s", "engines", "cases", "summary"}
_CASE_KEYS = {
    "id",
    "engine",
    "check",
    "from",
    "to",
    "path",
    "fault",
    "outcome",
    "duration_s",
    "runner_s",
    "message",
}


def case_from_json(data: object, source: str = "case record") -> CaseRecord:
    """One case record as `case_to_json` writes it (how a pytest-xdist worker sends a result to the controller)."""
    return _Reader(source).case(data, "case")


def statement_from_json(data: object, source: str = "statement record") -> Statement:
    """One timed-statement record, as a check that measures statements hands it over (check `online`)."""
    return _Reader(source).statement(data, "statement")


class _Reader:
    """Checks a loaded document field by field; every error names the source and the field's JSON path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> ReportError:
        return ReportError(f"{self.source}: field {where}: {problem}")

    def obj(self, value: object, where: str, required: set[str], optional: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {_kind(value)}")
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(where, f"missing key(s) {', '.join(missing)}")
        unknown = sorted(value.keys() - required - optional)
        if unknown:
            raise self.fail(f"{where}.{unknown[0]}", "unknown key (not part of the report.json contract)")
        return cast(dict[str, Any], value)

    def text(self, value: object, where: str, *, nullable: bool = False) -> str:
        if isinstance(value, str) or (nullable and value is None):
            return cast(str, value)
        raise self.fail(where, f"expected a string, got {_kind(value)}")

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, got {_kind(value)}")
        return value

    def number(self, value: object, where: str) -> float:
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return float(value)
        raise self.fail(where, f"expected a number >= 0, got {_kind(value)}")

    def count(self, value: object, where: str) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        raise self.fail(where, f"expected an integer >= 0, got {_kind(value)}")

    def items(self, value: object, where: str) -> list[object]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list, got {_kind(value)}")
        return cast(list[object], value)

    def report(self, data: object) -> Report:
        doc = self.obj(data, "(top level)", _REPORT_KEYS, {"environment", "shard", "gate"})
        raw_engines, raw_cases = self.items(doc["engines"], "engines"), self.items(doc["cases"], "cases")
        engines = tuple(self.engine(e, f"engines[{i}]") for i, e in enumerate(raw_engines))
        cases = tuple(self.case(c, f"cases[{i}]") for i, c in enumerate(raw_cases))
        self.unique_ids(cases)
        environment = doc.get("environment")
        if environment is not None and not isinstance(environment, dict):
            raise self.fail("environment", f"expected an object, got {_kind(environment)}")
        report = Report(
            scenario=self.text(doc["scenario"], "scenario"),
            duration_s=self.number(doc["duration_s"], "duration_s"),
            engines=engines,
            cases=cases,
            summary=self.summary(doc["summary"]),
            environment=environment,
            shard=self.shard(doc["shard"]) if "shard" in doc else None,
            gate=self.gate(doc["gate"]) if "gate" in doc else None,
        )
        self.summary_matches(report)
        return report

    def shard(self, value: object) -> tuple[int, int]:
        items = self.items(value, "shard")
        if len(items) != 2:
            raise self.fail("shard", f"expected [index, total], got {len(items)} item(s)")
        index, total = self.count(items[0], "shard[0]"), self.count(items[1], "shard[1]")
        if not 1 <= index <= total:
            raise self.fail("shard", f"shard {index}/{total}: the index must be between 1 and the total")
        return index, total

    def gate(self, value: object) -> GateVerdict:
        doc = self.obj(value, "gate", {"code", "reasons", "allowed_missing", "interrupted"}, set())
        interrupted = self.flag(doc["interrupted"], "gate.interrupted")
        code = self.count(doc["code"], "gate.code")
        try:
            return GateVerdict(
                code=code,
                reasons=self.texts(doc["reasons"], "gate.reasons"),
                allowed_missing=self.texts(doc["allowed_missing"], "gate.allowed_missing"),
                interrupted=interrupted,
            )
        except ValueError as err:
            raise self.fail("gate", str(err)) from err

    def engine(self, value: object, where: str) -> EngineInfo:
        doc = self.obj(value, where, {"spec", "provider", "server_version"}, {"reason"})
        return EngineInfo(
            spec=self.text(doc["spec"], f"{where}.spec"),
            provider=self.text(doc["provider"], f"{where}.provider", nullable=True),
            server_version=self.text(doc["server_version"], f"{where}.server_version", nullable=True),
            reason=self.text(doc.get("reason"), f"{where}.reason", nullable=True),
        )

    def case(self, value: object, where: str) -> CaseRecord:
        doc = self.obj(value, where, _CASE_KEYS, {"statements", "allowed_reason"})
        outcome = doc["outcome"]
        if outcome not in OUTCOMES:
            raise self.fail(f"{where}.outcome", f"expected one of {', '.join(OUTCOMES)}, got {outcome!r}")
        raw_path = self.items(doc["path"], f"{where}.path")
        path = tuple(self.text(v, f"{where}.path[{i}]") for i, v in enumerate(raw_path))
        statements = tuple(
            self.statement(s, f"{where}.statements[{i}]")
            for i, s in enumerate(self.items(doc.get("statements", []), f"{where}.statements"))
        )
        return CaseRecord(
            id=self.text(doc["id"], f"{where}.id"),
            engine=self.text(doc["engine"], f"{where}.engine"),
            check=self.text(doc["check"], f"{where}.check"),
            from_version=self.text(doc["from"], f"{where}.from"),
            to_version=self.text(doc["to"], f"{where}.to"),
            path=path,
            fault=None if doc["fault"] is None else self.fault(doc["fault"], f"{where}.fault"),
            outcome=cast(Outcome, outcome),
            duration_s=self.number(doc["duration_s"], f"{where}.duration_s"),
            runner_s=self.number(doc["runner_s"], f"{where}.runner_s"),
            message=self.text(doc["message"], f"{where}.message"),
            statements=statements,
            allowed_reason=self.text(doc.get("allowed_reason"), f"{where}.allowed_reason", nullable=True),
        )

    def fault(self, value: object, where: str) -> Fault:
        doc = self.obj(value, where, {"kind", "version", "statement"}, {"after_last"})
        kind = doc["kind"]
        if kind not in FAULT_KINDS:
            raise self.fail(f"{where}.kind", f"expected one of {', '.join(FAULT_KINDS)}, got {kind!r}")
        return Fault(
            cast(FaultKind, kind),
            self.text(doc["version"], f"{where}.version"),
            self.count(doc["statement"], f"{where}.statement"),
            after_last=self.flag(doc.get("after_last", False), f"{where}.after_last"),
        )

    def statement(self, value: object, where: str) -> Statement:
        doc = self.obj(value, where, {"version", "step", "statement", "seconds"}, {"online"})
        return Statement(
            version=self.text(doc["version"], f"{where}.version"),
            step=self.count(doc["step"], f"{where}.step"),
            statement=self.text(doc["statement"], f"{where}.statement"),
            seconds=self.number(doc["seconds"], f"{where}.seconds"),
            online=self.impact(doc["online"], f"{where}.online") if "online" in doc else None,
        )

    def impact(self, value: object, where: str) -> WorkloadImpact:
        doc = self.obj(value, where, _IMPACT_KEYS, set())
        blocking = doc["blocking"]
        if not isinstance(blocking, bool):
            raise self.fail(f"{where}.blocking", f"expected true or false, got {_kind(blocking)}")
        rewrote = doc["rewrote"]
        return WorkloadImpact(
            lock_wait_s=self.number(doc["lock_wait_s"], f"{where}.lock_wait_s"),
            waiting_query=self.text(doc["waiting_query"], f"{where}.waiting_query"),
            lock=self.text(doc["lock"], f"{where}.lock"),
            workload_queries=self.count(doc["workload_queries"], f"{where}.workload_queries"),
            p99_s=None if doc["p99_s"] is None else self.number(doc["p99_s"], f"{where}.p99_s"),
            max_latency_s=(
                None if doc["max_latency_s"] is None else self.number(doc["max_latency_s"], f"{where}.max_latency_s")
            ),
            errors=self.texts(doc["errors"], f"{where}.errors"),
            rewrote=None if rewrote is None else self.texts(rewrote, f"{where}.rewrote"),
            blocking=blocking,
        )

    def texts(self, value: object, where: str) -> tuple[str, ...]:
        return tuple(self.text(item, f"{where}[{i}]") for i, item in enumerate(self.items(value, where)))

    def summary(self, value: object) -> Summary:
        doc = self.obj(value, "summary", {"passed", "failed", "error", "skipped"}, {"allowed"})
        return Summary(**{key: self.count(doc.get(key, 0), f"summary.{key}") for key in OUTCOMES})

    def unique_ids(self, cases: tuple[CaseRecord, ...]) -> None:
        seen: set[str] = set()
        for index, case in enumerate(cases):
            if case.id in seen:
                raise self.fail(f"cases[{index}].id", f"duplicate case id {case.id!r}")
            seen.add(case.id)

    def summary_matches(self, report: Report) -> None:
        actual = Summary.of(report.cases)
        for key in OUTCOMES:
            said, counted = getattr(report.summary, key), getattr(actual, key)
            if said != counted:
                raise self.fail(f"summary.{key}", f"says {said} but the cases contain {counted} {key}")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {value}"
    if isinstance(value, str):
        return f"string {value!r}" if len(value) < 40 else "a string"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, dict) else type(value).__name__
