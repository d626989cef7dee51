"""Attributing what the workload went through to the migration statement that caused it.

The runner reports its statements in order with their durations. The sampler saw some of them running, with their
exact start; the others were shorter than a sampling interval and are placed right after their predecessor. A lock
wait belongs to the statement running when the wait began; client-side latencies and errors belong to the
statements whose time span they overlap.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from harness.online.findings import Latency, StatementImpact, WaitEpisode
from harness.online.probe import Probe
from harness.online.sampler import Sample
from harness.online.workers import QueryRun
from harness.runners.system_under_test import StatementTime

_SPACE = re.compile(r"\s+")
_MIN_PREFIX = 200  # PostgreSQL shows long statements truncated; a prefix this long still names one statement


@dataclass(frozen=True)
class Span:
    statement: StatementTime
    start: float
    observed: bool
    retried_s: float = 0.0  # time in earlier attempts that failed (a lock timeout the runner retried)

    @property
    def end(self) -> float:
        return self.start + self.retried_s + self.statement.seconds


@dataclass
class _Execution:
    session: int
    text: str
    started: float
    last_seen: float


@dataclass
class _Episode:
    query: str
    lock: str
    started: float
    last_seen: float
    blockers: set[int] = field(default_factory=set)
    holder_transaction: float | None = None  # when the blocking runner transaction began

    def frozen(self) -> WaitEpisode:
        return WaitEpisode(self.query, self.lock, self.started, self.last_seen - self.started, tuple(self.blockers))


def normalized(sql: str) -> str:
    return _SPACE.sub(" ", sql).strip().rstrip(";").strip()


def runner_executions(samples: Sequence[Sample], is_workload: Callable[[int], bool]) -> list[_Execution]:
    """Statements the sampler saw on sessions that are not the workload's, first sighting first."""
    seen: dict[tuple[int, float, str], _Execution] = {}
    for sample in samples:
        for state in sample.sessions:
            if state.active and state.started is not None and not is_workload(state.session):
                # The text is part of the key: a runner's quick bookkeeping query and the statement right after
                # it can start within the same hundredth of a second (MySQL dates them in milliseconds).
                text = normalized(state.statement)
                key = (state.session, round(state.started, 2), text)
                found = seen.setdefault(key, _Execution(state.session, text, state.started, sample.at))
                found.last_seen = sample.at
    return sorted(seen.values(), key=lambda execution: execution.started)


def observed_statements(executions: Sequence[_Execution]) -> list[StatementTime]:
    """When the runner reports no statements (it failed, or does not time them): what the sampler saw, numbered."""
    return [
        StatementTime("(observed)", number, execution.text, execution.last_seen - execution.started)
        for number, execution in enumerate(executions, start=1)
    ]


def _same(full: str, shown: str) -> bool:
    return full == shown or (len(shown) >= _MIN_PREFIX and full.startswith(shown))


def place_statements(
    statements: Sequence[StatementTime], executions: Sequence[_Execution], upgrade_started: float
) -> list[Span]:
    """A time span per statement: observed starts where the sampler saw it, else right after the previous one.

    A runner that retries a statement after a lock timeout reports the duration of the attempt that worked; the
    sampler sees every attempt. The span then runs from the first attempt to the end of the last, so what the
    failed attempts' lock requests did to the workload belongs to the statement, and the statements after it are
    placed after it.
    """
    texts = [normalized(statement.statement) for statement in statements]
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    cursor = 0
    for execution in executions:
        if (
            cursor > 0
            and _same(texts[cursor - 1], execution.text)
            and not (cursor < len(texts) and _same(texts[cursor], execution.text))
        ):
            last[cursor - 1] = execution.started  # another attempt of the statement just matched
            continue
        for index in range(cursor, len(statements)):
            if _same(texts[index], execution.text):
                first[index] = last[index] = execution.started
                cursor = index + 1
                break
    spans: list[Span] = []
    previous_end = upgrade_started
    for index, statement in enumerate(statements):
        observed = index in first
        start = first[index] if observed else previous_end
        span = Span(statement, start, observed, (last[index] - first[index]) if observed else 0.0)
        spans.append(span)
        previous_end = span.end
    return spans


def wait_episodes(
    samples: Sequence[Sample], is_workload: Callable[[int], bool], window: tuple[float, float]
) -> list[_Episode]:
    """Workload lock waits caused by the upgrade: the holder is a runner session, or unknown (metadata locks)."""
    episodes: dict[tuple[int, float], _Episode] = {}
    for sample in samples:
        labels = dict(sample.labels)
        runners = {state.session: state for state in sample.sessions if not is_workload(state.session)}
        for state in sample.sessions:
            if state.lock is None or state.wait_started is None or state.session not in labels:
                continue
            caused = not state.blockers or any(blocker in runners for blocker in state.blockers)
            if not caused or sample.at < window[0] or state.wait_started > window[1]:
                continue
            key = (state.session, round(state.started if state.started is not None else state.wait_started, 2))
            episode = episodes.setdefault(
                key, _Episode(labels[state.session] or "(between queries)", state.lock, state.wait_started, sample.at)
            )
            episode.started = min(episode.started, state.wait_started)
            episode.last_seen = max(episode.last_seen, sample.at)
            episode.blockers.update(state.blockers)
            for blocker in state.blockers:
                holder = runners.get(blocker)
                if holder is not None and holder.transaction_started is not None:
                    episode.holder_transaction = holder.transaction_started
    return list(episodes.values())


def runner_lock_waits(samples: Sequence[Sample], is_workload: Callable[[int], bool]) -> list[tuple[float, float]]:
    """(start, last seen) of every lock wait of the runner's sessions: time a statement spent waiting for others,
    which does not grow with its table."""
    waits: dict[tuple[int, float], list[float]] = {}
    for sample in samples:
        for state in sample.sessions:
            if is_workload(state.session) or state.lock is None or state.wait_started is None:
                continue
            wait = waits.setdefault((state.session, round(state.wait_started, 2)), [state.wait_started, sample.at])
            wait[1] = max(wait[1], sample.at)
    return [(start, end) for start, end in waits.values()]


def _overlap(span: Span, waits: Sequence[tuple[float, float]]) -> float:
    return sum(max(0.0, min(span.end, end) - max(span.start, start)) for start, end in waits)


def _span_at(spans: Sequence[Span], moment: float) -> int | None:
    """The statement running at `moment`, or the last one started before it (its transaction may still hold locks)."""
    starts = [span.start for span in spans]
    index = bisect.bisect_right(starts, moment) - 1
    return index if index >= 0 else (0 if spans else None)


def _lock_origin(spans: Sequence[Span], index: int, episode: _Episode) -> int | None:
    """For a lock held by the runner's open transaction: the earliest earlier statement of that transaction that
    names the table (it took the lock; the statement running when the wait began only kept the transaction open)."""
    began = episode.holder_transaction
    if began is None:
        return None
    table = episode.lock.removeprefix("a lock on ").split(" (")[0]
    pattern = re.compile(rf"\b{re.escape(table)}\b", re.IGNORECASE)
    version = spans[index].statement.version
    for earlier, span in enumerate(spans[:index]):
        in_transaction = span.end >= began or not span.observed  # unseen statements are placed approximately
        if span.statement.version == version and in_transaction and pattern.search(span.statement.statement):
            return earlier
    return None


def _held_to_commit(spans: Sequence[Span], origin: int, episode: _Episode) -> str:
    """What a lock taken at `origin` was held through: the longest later statement of the same version."""
    version = spans[origin].statement.version
    later = [span for span in spans[origin + 1 :] if span.statement.version == version]
    longest = max(later, key=lambda span: span.end - span.start, default=None)
    through = (
        ""
        if longest is None
        else (f" (its longest statement: step {longest.statement.step}, {longest.end - longest.start:.2f} s)")
    )
    return f"{episode.lock}, held by the version's transaction until it committed{through}"


def impacts(
    spans: Sequence[Span],
    episodes: Iterable[_Episode],
    runs: Sequence[QueryRun],
    probe: Probe | None,
    upgrade_ended: float,
    runner_waits: Sequence[tuple[float, float]] = (),
) -> tuple[list[StatementImpact], WaitEpisode | None]:
    """Per statement: the longest caused wait, latency of overlapping queries, errors; plus the longest wait that
    fell before the first statement (the runner's own preparation).

    A wait for a lock the runner's transaction took at an earlier statement belongs to that statement: it took the
    lock, and the transaction kept it to the commit.
    """
    longest: dict[int, tuple[_Episode, str]] = {}
    before_first: WaitEpisode | None = None
    for episode in episodes:
        index = _span_at(spans, episode.started)
        if index is None or (index == 0 and episode.started < spans[0].start):
            if before_first is None or episode.last_seen - episode.started > before_first.waited_s:
                before_first = episode.frozen()
            continue
        origin = _lock_origin(spans, index, episode)
        lock = episode.lock
        if origin is not None:
            index, lock = origin, _held_to_commit(spans, origin, episode)
        waited = episode.last_seen - episode.started
        current = longest.get(index)
        if current is None or waited > current[0].last_seen - current[0].started:
            longest[index] = (episode, lock if origin is not None else "")
    errors: dict[int, list[str]] = {}
    for run in runs:
        if run.error is not None and run.ended <= upgrade_ended:
            index = _span_at(spans, run.ended)
            if index is not None:
                errors.setdefault(index, []).append(f"{run.query}: {run.error}")
    found = []
    for index, span in enumerate(spans):
        overlapping = [run.seconds for run in runs if run.started < span.end and run.ended > span.start]
        entry = longest.get(index)
        held = entry[0] if entry else None
        held_lock = entry[1] if entry else ""  # set when the transaction held the lock to its commit
        statement = span.statement
        probed = None if probe is None else probe.steps.get((statement.version, statement.step))
        found.append(
            StatementImpact(
                version=statement.version,
                step=statement.step,
                statement=statement.statement,
                seconds=span.end - span.start,  # with the attempts a lock timeout ended, when the sampler saw them
                observed=span.observed,
                lock_wait_s=0.0 if held is None else held.last_seen - held.started,
                waiting_query="" if held is None else held.query,
                lock="" if held is None else (held_lock or held.lock),
                held_by_transaction=bool(held_lock),
                latency=Latency.of(overlapping),
                errors=tuple(errors.get(index, ())),
                rewrote=None if probed is None else probed.rewrote,
                locks=() if probed is None else probed.locks,
                own_wait_s=_overlap(span, runner_waits),
                probe_s=None if probed is None else probed.seconds,
            )
        )
    return found, before_first
