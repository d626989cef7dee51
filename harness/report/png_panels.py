"""What matrix.png draws: every case of the report in exactly one panel, so its title counts what it shows.

Three kinds of panel per engine and check: the direct from x to matrix, the paths with stops (from x to too,
a cell holding every path between the two), and the fault cases as fault version x fault kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from harness.cases import FAULT_KINDS
from harness.report.json_contract import CaseRecord, Report, Summary
from harness.report.matrix import Cell, build_matrices, case_order, sort_versions


@dataclass(frozen=True)
class Panel:
    title: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    row_label: str
    col_label: str
    cells: Mapping[tuple[str, str], Cell] = field(hash=False)
    versions_by_versions: bool  # rows and columns are both versions: cells below the diagonal cannot exist
    counted: bool  # a cell shows how many of its cases did not pass, not their time

    def cell(self, row: str, col: str) -> Cell | None:
        return self.cells.get((row, col))

    def label(self, cell: Cell) -> str:
        if not self.counted:
            return cell.label
        bad = sum(case.outcome in ("failed", "error") for case in cell.cases)
        return f"{bad}/{len(cell.cases)}" if bad else str(len(cell.cases))

    @property
    def cases(self) -> tuple[CaseRecord, ...]:
        return tuple(case for cell in self.cells.values() for case in cell.cases)


def picture_panels(report: Report) -> list[Panel]:
    panels = [
        Panel(
            f"{m.engine} \u00b7 {m.check}",
            m.rows,
            m.cols,
            "from",
            "to",
            m.cells,
            versions_by_versions=True,
            counted=False,
        )
        for m in build_matrices(report)
    ]
    stops = _groups(c for c in report.cases if c.fault is None and not c.is_direct)
    for (engine, check), cases in stops.items():
        cells = _cells(cases, lambda c: (c.from_version, c.to_version))
        rows = tuple(sort_versions(c.from_version for c in cases))
        cols = tuple(sort_versions(c.to_version for c in cases))
        panels.append(Panel(f"{engine} \u00b7 {check}: paths with stops", rows, cols, "from", "to", cells, True, False))
    faults = _groups(c for c in report.cases if c.fault is not None)
    for (engine, check), cases in faults.items():
        cells = _cells(cases, _fault_key)
        rows = tuple(sort_versions(key[0] for key in cells))
        panels.append(
            Panel(
                f"{engine} \u00b7 {check}: fault cases",
                rows,
                FAULT_KINDS,
                "fault in version",
                "fault kind",
                cells,
                versions_by_versions=False,
                counted=True,
            )
        )
    return panels


def drawn_summary(panels: Iterable[Panel]) -> Summary:
    """The counts of the cases the panels show: the picture's title, which therefore matches its colours."""
    return Summary.of(case for panel in panels for case in panel.cases)


def _groups(cases: Iterable[CaseRecord]) -> dict[tuple[str, str], list[CaseRecord]]:
    """By engine and check, in the order the matrices use (engine, check, versions)."""
    groups: dict[tuple[str, str], list[CaseRecord]] = {}
    for case in sorted(cases, key=case_order):
        groups.setdefault((case.engine, case.check), []).append(case)
    return groups


def _fault_key(case: CaseRecord) -> tuple[str, str]:
    assert case.fault is not None
    return case.fault.version, case.fault.kind


def _cells(cases: list[CaseRecord], key_of: Callable[[CaseRecord], tuple[str, str]]) -> dict[tuple[str, str], Cell]:
    by_key: dict[tuple[str, str], list[CaseRecord]] = {}
    for case in cases:
        by_key.setdefault(key_of(case), []).append(case)
    return {key: Cell(key[0], key[1], tuple(found)) for key, found in by_key.items()}
