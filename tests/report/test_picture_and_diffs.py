"""matrix.png shows every case (fault cases as version x kind) and its title counts what it shows; parity diffs
name the engine holding each value."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import matplotlib.image
import numpy as np

from harness.cases import FAULT_KINDS
from harness.data import DataSnapshot, TableData, render_rows, snapshot_differences
from harness.report.json_contract import Report
from harness.report.png import COLOURS, write_png
from harness.report.png_panels import drawn_summary, picture_panels


def _pixels_of(path: Path, colour: str) -> int:
    rgb = matplotlib.image.imread(path)[..., :3]
    want = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return int((np.abs(rgb - want).max(axis=-1) < 0.02).sum())


def test_every_case_is_in_exactly_one_panel(report: Report) -> None:
    panels = picture_panels(report)
    drawn = [case.id for panel in panels for case in panel.cases]
    assert sorted(drawn) == sorted(case.id for case in report.cases)
    assert drawn_summary(panels) == report.summary
    titles = [panel.title for panel in panels]
    assert "mariadb@10.11 · rollback: fault cases" in titles
    assert "postgresql@15 · schema: paths with stops" in titles


def test_fault_cases_are_drawn_per_version_and_kind(report: Report) -> None:
    [panel] = [p for p in picture_panels(report) if p.title == "mariadb@10.11 · rollback: fault cases"]
    assert panel.cols == FAULT_KINDS and panel.rows == ("v7.4.0", "v8.0.0")
    failed = panel.cell("v8.0.0", "sql-error")
    assert failed is not None and failed.outcome == "failed" and panel.label(failed) == "1/1"
    assert panel.cell("v8.0.0", "crash") is None


def test_a_failing_fault_case_is_red_in_the_picture(report: Report, tmp_path: Path) -> None:
    """The picture the old title contradicted: only fault cases, one failed, and no direct matrix at all."""
    only_faults = report.with_cases(case for case in report.cases if case.fault is not None)
    assert only_faults.summary.failed == 1
    write_png(only_faults, tmp_path / "faults.png")
    all_passed = only_faults.with_cases(replace(case, outcome="passed") for case in only_faults.cases)
    write_png(all_passed, tmp_path / "green.png")
    # Both pictures have the legend's red patch; only the failing one has a red cell besides it.
    legend_red = _pixels_of(tmp_path / "green.png", COLOURS["failed"])
    assert _pixels_of(tmp_path / "faults.png", COLOURS["failed"]) > legend_red + 400
    green = _pixels_of(tmp_path / "green.png", COLOURS["passed"])
    assert green > _pixels_of(tmp_path / "faults.png", COLOURS["passed"])


def _snapshot(rows: dict[int, str], extra_table: bool = False) -> DataSnapshot:
    table = TableData("users", ("id",), ("id", "name"), {(k,): {"id": k, "name": v} for k, v in rows.items()})
    tables = {"users": table}
    if extra_table:
        tables["audit"] = TableData("audit", ("id",), ("id",), {})
    return DataSnapshot(tables)


def test_parity_rows_name_the_engine_holding_each_value() -> None:
    left = _snapshot({1: "Ann", 2: "Bo", 3: "Cy"})
    right = _snapshot({1: "Ann", 2: "Bob", 4: "Di"}, extra_table=True)
    rendered = render_rows(snapshot_differences(left, right), sides=("mariadb@10.11", "postgresql@15")).splitlines()
    assert sorted(rendered) == sorted(
        [
            "users [2] name: mariadb@10.11: 'Bo', postgresql@15: 'Bob'",
            "users [3]: row only on mariadb@10.11",
            "users [4]: row only on postgresql@15",
            "table audit: present on postgresql@15, absent on mariadb@10.11",
        ]
    )
    # Without sides the other checks keep their before/after wording.
    assert "before 'Bo', after 'Bob'" in render_rows(snapshot_differences(left, right))
