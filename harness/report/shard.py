"""Deterministic, cost-balanced CI shards, and the expected cost of cases from an earlier report.

Shard numbers count from 1, as written on the command line (`--shard 2/4`). Every shard process computes
the whole assignment from the same case list and costs and keeps its own part, so the shards need not talk
to each other: the assignment depends only on the set of (case id, cost) pairs, never on their order.
"""

from __future__ import annotations

import heapq
import math
import statistics
from collections.abc import Mapping, Sequence

from harness.report.json_contract import Report

DEFAULT_COST = 1.0  # seconds assumed per case when no earlier report says anything


def _check_total(total: int) -> None:
    if total < 1:
        raise ValueError(f"shard count must be at least 1, got {total}")


def assign_shards(cases: Sequence[tuple[str, float]], total: int) -> list[int]:
    """The shard number (1..total) of each case, in input order.

    Longest processing time first: the costliest remaining case goes to the least-loaded shard (the lowest
    shard number on a tie; equal costs are taken in case-id order). The loads of any two shards then differ
    by at most the largest single cost.
    """
    _check_total(total)
    for case_id, cost in cases:
        if not math.isfinite(cost) or cost < 0:
            raise ValueError(f"case {case_id!r}: expected cost must be a finite number >= 0, got {cost}")
    order = sorted(range(len(cases)), key=lambda index: (-cases[index][1], cases[index][0], index))
    loads = [(0.0, number) for number in range(1, total + 1)]
    shards = [0] * len(cases)
    for index in order:
        load, number = heapq.heappop(loads)
        shards[index] = number
        heapq.heappush(loads, (load + cases[index][1], number))
    return shards


def select_shard(case_ids_with_costs: Sequence[tuple[str, float]], index: int, total: int) -> list[str]:
    """The case ids shard `index` of `total` runs, in input order."""
    _check_total(total)
    if not 1 <= index <= total:
        raise ValueError(f"shard {index}/{total}: the shard number must be between 1 and {total}")
    shards = assign_shards(case_ids_with_costs, total)
    return [case_id for (case_id, _), shard in zip(case_ids_with_costs, shards, strict=True) if shard == index]


def _as_report(previous: Report | Mapping[str, object] | None) -> Report | None:
    if previous is None or isinstance(previous, Report):
        return previous
    return Report.from_json(dict(previous), source="earlier report")


def expected_costs(case_ids: Sequence[str], previous: Report | Mapping[str, object] | None) -> list[tuple[str, float]]:
    """(case id, seconds) per case: its time in the earlier report, else that report's median, else 1 s.

    Skipped cases of the earlier report are ignored: their near-zero time says nothing about a real run.
    """
    report = _as_report(previous)
    known: dict[str, float] = {}
    if report is not None:
        known = {case.id: case.duration_s for case in report.cases if case.outcome != "skipped"}
    fallback = statistics.median(known.values()) if known else DEFAULT_COST
    return [(case_id, known.get(case_id, fallback)) for case_id in case_ids]


def estimate_duration(case_ids: Sequence[str], previous_report: Report | Mapping[str, object] | None) -> float:
    """Seconds of case time a selection needs, summed over cases (divide by shards for a wall-time guess)."""
    return sum(cost for _, cost in expected_costs(case_ids, previous_report))
