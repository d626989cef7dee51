"""matrix.png: every case as one picture (from x to matrices, paths with stops, fault cases), for chat and PRs."""

from __future__ import annotations

import math
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from harness.release_order import version_key
from harness.report.json_contract import Outcome, Report
from harness.report.png_panels import Panel, drawn_summary, picture_panels

COLOURS: dict[Outcome, str] = {
    "passed": "#2e9e48",
    "failed": "#d33a2c",
    "error": "#8e1b12",
    "skipped": "#a3a8ad",
    "allowed": "#e6a317",
}
_NOT_RUN = "#eef0f2"
_NOT_APPLICABLE = "#ffffff"
_CELL_INCHES = 0.55
_MAX_LABELLED = 16  # beyond this many columns the time labels no longer fit in a cell


def write_png(report: Report, path: Path) -> None:
    # Figure + the Agg canvas directly, so rendering never depends on (or changes) pyplot's global backend.
    panels = picture_panels(report)
    if not panels:
        figure = Figure(figsize=(6, 2), dpi=100)
        FigureCanvasAgg(figure)
        figure.text(0.5, 0.5, f"{report.scenario}: no cases", ha="center", va="center")
        figure.savefig(path, format="png")
        return
    columns = min(3, len(panels))
    rows = math.ceil(len(panels) / columns)
    widest = max(len(m.cols) for m in panels)
    tallest = max(len(m.rows) for m in panels)
    width = columns * (widest * _CELL_INCHES + 1.6)
    height = rows * (tallest * _CELL_INCHES + 1.6) + 0.8
    figure = Figure(figsize=(min(width, 60), min(height, 60)), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(rows, columns, squeeze=False)
    for index, panel in enumerate(panels):
        _draw(axes[index // columns][index % columns], panel)
    for index in range(len(panels), rows * columns):
        axes[index // columns][index % columns].set_visible(False)
    legend = [Patch(color=colour, label=outcome) for outcome, colour in COLOURS.items()]
    legend.append(Patch(color=_NOT_RUN, label="not run"))
    summary = drawn_summary(panels)
    figure.suptitle(
        f"{report.scenario}: {summary.passed} passed, {summary.failed} failed, {summary.error} error, "
        f"{summary.skipped} skipped"
        + (f", {summary.allowed} allowed" if summary.allowed else "")
        + ("" if report.gate is None else f" \u00b7 gate {'passed' if report.gate.passed else 'failed'}"),
        fontsize=12,
    )
    figure.legend(handles=legend, loc="outside lower center", ncol=len(legend), frameon=False, fontsize=8)
    figure.savefig(path, format="png")


def _draw(axes: Axes, panel: Panel) -> None:
    image = []
    for row in panel.rows:
        line = []
        for col in panel.cols:
            cell = panel.cell(row, col)
            if cell is not None:
                line.append(to_rgb(COLOURS[cell.outcome]))
            else:
                possible = not panel.versions_by_versions or version_key(col) > version_key(row)
                line.append(to_rgb(_NOT_RUN if possible else _NOT_APPLICABLE))
        image.append(line)
    axes.imshow(image, aspect="equal", interpolation="nearest")
    if len(panel.cols) <= _MAX_LABELLED:
        for (row_index, row), (col_index, col) in (
            (r, c) for r in enumerate(panel.rows) for c in enumerate(panel.cols)
        ):
            cell = panel.cell(row, col)
            if cell is not None:
                ink = "black" if cell.outcome == "allowed" else "white"
                axes.text(
                    col_index, row_index, panel.label(cell), ha="center", va="center",
                    fontsize=6, color=ink,
                )  # fmt: skip
    axes.set_title(panel.title, fontsize=10)
    axes.set_xticks(range(len(panel.cols)), labels=list(panel.cols), rotation=60, ha="right", fontsize=7)
    axes.set_yticks(range(len(panel.rows)), labels=list(panel.rows), fontsize=7)
    axes.set_xlabel(panel.col_label, fontsize=8)
    axes.set_ylabel(panel.row_label, fontsize=8)
    for side in axes.spines.values():
        side.set_visible(False)
