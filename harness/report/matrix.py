"""The from x to matrices every rendering shares: one per engine and check, versions in release order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from harness.release_order import version_key
from harness.report.json_contract import CaseRecord, Outcome, Report

# Worst first: a cell holding several cases shows the worst outcome among them.
SEVERITY: tuple[Outcome, ...] = ("error", "failed", "allowed", "skipped", "passed")


def sort_versions(names: Iterable[str]) -> list[str]:
    return sorted(set(names), key=version_key)


def worst(outcomes: Iterable[Outcome]) -> Outcome:
    return min(outcomes, key=SEVERITY.index)


@dataclass(frozen=True)
class Cell:
    from_version: str
    to_version: str
    cases: tuple[CaseRecord, ...]

    @property
    def outcome(self) -> Outcome:
        return worst(case.outcome for case in self.cases)

    @property
    def duration_s(self) -> float:
        return sum(case.duration_s for case in self.cases)

    @property
    def label(self) -> str:
        """What a cell shows: its time, or "skip" when nothing ran (a 0.00s would read as a very fast pass)."""
        return "skip" if self.outcome == "skipped" else format_seconds(self.duration_s)


@dataclass(frozen=True)
class Matrix:
    engine: str
    check: str
    rows: tuple[str, ...]  # from versions
    cols: tuple[str, ...]  # to versions
    cells: Mapping[tuple[str, str], Cell] = field(hash=False)

    def cell(self, from_version: str, to_version: str) -> Cell | None:
        return self.cells.get((from_version, to_version))


def build_matrices(report: Report) -> list[Matrix]:
    """Matrices of the direct cases (no stops, no fault), by engine in report order, then check in run order."""
    groups: dict[tuple[str, str], list[CaseRecord]] = {}
    for case in report.cases:
        if case.is_direct:
            groups.setdefault((case.engine, case.check), []).append(case)
    engine_order = {engine.spec: index for index, engine in enumerate(report.engines)}
    check_order = {check: index for index, check in enumerate(dict.fromkeys(c.check for c in report.cases))}
    matrices = []
    for (engine, check), cases in sorted(
        groups.items(),
        key=lambda item: (engine_order.get(item[0][0], len(engine_order)), item[0][0], check_order[item[0][1]]),
    ):
        by_cell: dict[tuple[str, str], list[CaseRecord]] = {}
        for case in cases:
            by_cell.setdefault((case.from_version, case.to_version), []).append(case)
        rows = sort_versions(case.from_version for case in cases)
        cols = sort_versions(case.to_version for case in cases)
        cells = {key: Cell(key[0], key[1], tuple(found)) for key, found in by_cell.items()}
        matrices.append(Matrix(engine, check, tuple(rows), tuple(cols), cells))
    return matrices


def other_cases(report: Report) -> dict[str, list[CaseRecord]]:
    """Cases a matrix cannot show, grouped by fault kind ("multi-stop path" for stops without a fault)."""
    groups: dict[str, list[CaseRecord]] = {}
    for case in report.cases:
        if not case.is_direct:
            key = case.fault.kind if case.fault is not None else "multi-stop path"
            groups.setdefault(key, []).append(case)
    for cases in groups.values():
        cases.sort(key=case_order)
    return dict(sorted(groups.items()))


def case_order(case: CaseRecord) -> tuple[object, ...]:
    return (case.engine, case.check, version_key(case.from_version), version_key(case.to_version), case.id)


def first_line(message: str) -> str:
    for line in message.splitlines():
        if line.strip():
            return line.strip()
    return ""


def format_seconds(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.2f}s"
    if seconds < 120:
        return f"{seconds:.1f}s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m{rest:02d}s"
