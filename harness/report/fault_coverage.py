"""How many fault cases a report holds, per engine and check, against statement boundaries x fault kinds.

A boundary is a (version, statement) a fault was placed before. A run that covers every boundary with every kind has
exactly boundaries x kinds cases; fewer (a `sample` run, a shard, a `-k` selection) is shown as partial, so a release
gate can tell a full fault run from a sampled one at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.cases import FAULT_KINDS
from harness.report.json_contract import CaseRecord, Report, Summary


@dataclass(frozen=True)
class FaultCoverage:
    engine: str
    check: str
    boundaries: int  # distinct (version, statement) pairs that got at least one fault
    kinds: tuple[str, ...]  # fault kinds seen, in FAULT_KINDS order
    outcomes: Summary

    @property
    def cases(self) -> int:
        return self.outcomes.total

    @property
    def complete(self) -> bool:
        """Every boundary got every fault kind exactly once."""
        return self.cases == self.boundaries * len(FAULT_KINDS)


def fault_coverage(report: Report) -> list[FaultCoverage]:
    groups: dict[tuple[str, str], list[CaseRecord]] = {}
    for case in report.cases:
        if case.fault is not None:
            groups.setdefault((case.engine, case.check), []).append(case)
    rows = []
    for (engine, check), cases in sorted(groups.items()):
        boundaries = {(c.fault.version, c.fault.statement) for c in cases if c.fault is not None}
        seen = {c.fault.kind for c in cases if c.fault is not None}
        kinds = tuple(kind for kind in FAULT_KINDS if kind in seen)
        rows.append(FaultCoverage(engine, check, len(boundaries), kinds, Summary.of(cases)))
    return rows


def describe(row: FaultCoverage) -> str:
    """`2032 = 508 boundaries x 4 kinds` (or why not: a partial run)."""
    product = row.boundaries * len(FAULT_KINDS)
    if row.complete:
        return f"{row.cases} = {row.boundaries} boundaries x {len(FAULT_KINDS)} kinds"
    return f"{row.cases} of {product} ({row.boundaries} boundaries x {len(FAULT_KINDS)} kinds): partial"
