"""The report.json contract as frozen dataclasses; reading and writing the JSON is in harness.report.report_json.

The keys of DESIGN.md's report.json are kept exactly. Optional additions: per case `statements` (timed upgrade
statements, for "slowest migrations"; check `online` adds each one's workload impact as `online`) and
`allowed_reason` (set by the release gate), per engine `reason` (why it could not start), top-level
`environment`, `shard` ([index, total] of a sharded run), `gate` (the release gate's verdict), and
`summary.allowed` (only written when the gate allowed a failure, so ungated reports keep the contract's keys).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, get_args

from harness.report.verdict import GateVerdict

Outcome = Literal["passed", "failed", "error", "skipped", "allowed"]
FaultKind = Literal["sql-error", "crash", "disconnect", "lock-timeout"]
JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]

# A test's user property whose value (a list of statement records) becomes its case's `statements`.
STATEMENTS_PROPERTY = "upgrade_statements"

# The provider recorded for an engine nobody could start.
UNAVAILABLE_PROVIDER = "unavailable"

OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)


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
class Fault:
    kind: FaultKind
    version: str
    statement: int  # one past the version's last statement when `after_last`
    after_last: bool = False  # after every statement ran, before the runner records the version

    @property
    def boundary(self) -> str:
        """`#3` (before statement 3) or `#end` (after the last statement), as in the case id."""
        return "#end" if self.after_last else f"#{self.statement}"

    @property
    def where(self) -> str:
        return "after the last statement" if self.after_last else f"statement {self.statement}"


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
class Case:
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
    def of(cls, cases: Iterable[Case]) -> Summary:
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
    cases: tuple[Case, ...]
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
        cases: Iterable[Case],
        environment: Mapping[str, JsonValue] | None = None,
        *,
        shard: tuple[int, int] | None = None,
        gate: GateVerdict | None = None,
    ) -> Report:
        """A report whose summary is computed from its cases (the only way the two stay consistent)."""
        case_tuple = tuple(cases)
        return cls(scenario, duration_s, tuple(engines), case_tuple, Summary.of(case_tuple), environment, shard, gate)

    def with_cases(self, cases: Iterable[Case]) -> Report:
        """The same run with other cases; a gate verdict is dropped, since it judged the old cases."""
        case_tuple = tuple(cases)
        return replace(self, cases=case_tuple, summary=Summary.of(case_tuple), gate=None)

    def with_gate(self, gate: GateVerdict | None) -> Report:
        return replace(self, gate=gate)

    @property
    def case_time_s(self) -> float:
        """Sum of case durations: the work done, as opposed to the wall time in `duration_s`."""
        return sum(case.duration_s for case in self.cases)

    # The JSON side imports this module's classes, so it is imported where used.
    def to_json(self) -> dict[str, JsonValue]:
        from harness.report.report_json import report_to_json

        return report_to_json(self)

    @classmethod
    def from_json(cls, data: object, source: str = "report.json") -> Report:
        from harness.report.report_json import report_from_json

        return report_from_json(data, source)

    def to_file(self, path: Path) -> None:
        from harness.report.report_json import write_report_file

        write_report_file(self, path)

    @classmethod
    def from_file(cls, path: Path) -> Report:
        from harness.report.report_json import read_report_file

        return read_report_file(path)
