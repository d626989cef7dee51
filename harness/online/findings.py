"""What an online measurement found: per migration statement, how the previous release's workload fared."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from harness.online.locks import HeldLock
from harness.runners.system_under_test import StatementTime


def counted(lines: Iterable[str], limit: int = 20) -> list[str]:
    """Distinct lines, most frequent first, with `(xN)` when repeated: a query failing in a loop is one line."""
    counts = Counter(lines)
    return [f"{line} (x{count})" if count > 1 else line for line, count in counts.most_common(limit)]


@dataclass(frozen=True)
class Latency:
    """Client-side latency of the workload queries that ran during some span of time."""

    queries: int = 0
    p99_s: float | None = None
    max_s: float | None = None

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        if not seconds:
            return cls()
        ordered = sorted(seconds)
        return cls(len(ordered), ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)], ordered[-1])


@dataclass(frozen=True)
class WaitEpisode:
    """One workload query waiting for a lock the upgrade held (or queued for), as the sampler saw it."""

    query: str
    lock: str
    started: float
    waited_s: float  # from the start of the wait to the last sample that still saw it waiting
    blockers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Breakage:
    """A workload query of the start version that runs before `statement` and fails after it."""

    query: str
    statement: StatementTime
    error: str

    @property
    def label(self) -> str:
        return f"{self.statement.version} step {self.statement.step}"


@dataclass(frozen=True)
class ScaledBlock:
    """A write-blocking lock held for a scan or copy of a table, its measured cost scaled to production size."""

    lock: HeldLock
    seeded_rows: int  # the table's rows in the measured database
    production_rows: int
    declared: bool  # production_rows names the table (else: seeded rows times production_scale)
    cost_s: float  # the statement's time that grows with the table: measured, less its own lock waits and
    # its time on the empty replay
    estimate_s: float  # how long writes to the table would wait at production_rows

    def describe(self) -> str:
        origin = "production_rows" if self.declared else "seeded rows x production_scale"
        return (
            f"{self.lock.describe()}: {self.cost_s:.3f} s at {self.seeded_rows:,} rows, "
            f"about {self.estimate_s:.1f} s at {self.production_rows:,} rows ({origin})"
        )


@dataclass(frozen=True)
class StatementImpact:
    """One migration statement and what the workload went through while it ran."""

    version: str
    step: int
    statement: str
    seconds: float
    observed: bool  # the sampler saw it running (else its time span is placed from the runner's timings)
    lock_wait_s: float = 0.0
    waiting_query: str = ""
    lock: str = ""
    held_by_transaction: bool = False  # the lock belonged to the runner's transaction open since an earlier step
    latency: Latency = Latency()
    errors: tuple[str, ...] = ()
    rewrote: tuple[str, ...] | None = None  # tables whose storage it replaced; None when not probed
    locks: tuple[HeldLock, ...] = ()  # write-blocking table locks it held (the replay's reading)
    own_wait_s: float = 0.0  # time the statement itself waited for a lock (the sampler saw it waiting)
    probe_s: float | None = None  # its time on the empty replay
    scaled: ScaledBlock | None = None  # the longest scaled block among its locks

    def blocks(self, limit_s: float) -> bool:
        """Over the limit: measured, or scaled to the table's production size."""
        return self.lock_wait_s > limit_s or self.scales_over(limit_s)

    def scales_over(self, limit_s: float) -> bool:
        return self.scaled is not None and self.scaled.estimate_s > limit_s

    @property
    def label(self) -> str:
        return f"{self.version} step {self.step}"

    def as_record(self, limit_s: float) -> dict[str, object]:
        """The report's `statements` entry: the four keys every timed statement has, the measurements in `online`."""
        lock = self.lock
        if not lock and self.scaled is not None and self.scales_over(limit_s):
            lock = self.scaled.describe()  # a block only the scaling shows: the lock, the rows, the estimate
        return {
            "version": self.version,
            "step": self.step,
            "statement": self.statement,
            "seconds": round(self.seconds, 4),
            "online": {
                "lock_wait_s": round(self.lock_wait_s, 3),
                "waiting_query": self.waiting_query,
                "lock": lock,
                "workload_queries": self.latency.queries,
                "p99_s": None if self.latency.p99_s is None else round(self.latency.p99_s, 4),
                "max_latency_s": None if self.latency.max_s is None else round(self.latency.max_s, 4),
                "errors": counted(self.errors),
                "rewrote": None if self.rewrote is None else list(self.rewrote),
                "blocking": self.blocks(limit_s),
            },
        }


@dataclass(frozen=True)
class OnlineRun:
    """The upgrade start -> target measured under the start version's workload."""

    engine: str
    start: str
    target: str
    seed_size: int
    workers: int
    impacts: tuple[StatementImpact, ...]
    upgrade_s: float
    upgrade_error: str = ""  # the runner's message when the upgrade itself failed
    baseline: Latency = Latency()  # the workload before the upgrade started
    during: Latency = Latency()
    errors_after: tuple[str, ...] = ()  # workload errors once the upgrade had finished
    unattributed_wait: WaitEpisode | None = None  # the longest wait outside every statement (runner bookkeeping)

    breakages: tuple[Breakage, ...] = ()  # the statement after which each failing workload query first failed

    def blocking(self, limit_s: float) -> list[StatementImpact]:
        """Statements that kept a workload query waiting longer than the limit, as measured."""
        return [impact for impact in self.impacts if impact.lock_wait_s > limit_s]

    def scaled_blocking(self, limit_s: float) -> list[StatementImpact]:
        """Statements whose write-blocking lock would last longer than the limit at the tables' production size."""
        return [impact for impact in self.impacts if impact.scales_over(limit_s)]

    @property
    def failed_queries(self) -> int:
        return sum(len(impact.errors) for impact in self.impacts) + len(self.errors_after)
