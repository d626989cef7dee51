"""Write every report file of a run into one directory (junit.xml is pytest's own, written by --junitxml)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from harness.report.html import render_html
from harness.report.json_contract import Report
from harness.report.summary_md import render_summary

REPORT_FILES = ("report.json", "report.html", "matrix.png", "summary.md")


@dataclass(frozen=True)
class OutputConfig:
    """Where a run's summary goes besides the report directory."""

    step_summary: Path | None = None  # GitHub Actions' job summary file, appended to


def load_output_config(environ: Mapping[str, str]) -> OutputConfig:
    """The one place the report reads the environment; callers pass `os.environ`."""
    step_summary = environ.get("GITHUB_STEP_SUMMARY", "").strip()
    return OutputConfig(step_summary=Path(step_summary) if step_summary else None)


def write_reports(
    report: Report | Mapping[str, object], out_dir: Path, config: OutputConfig | None = None
) -> list[Path]:
    """Write report.json, report.html, matrix.png and summary.md; return their paths.

    A mapping (report.json's content) is validated first: a contract violation raises ReportError before any
    file is written, so a directory never holds a report.json that its own loader would reject.
    """
    if not isinstance(report, Report):
        report = Report.from_json(dict(report), source=str(out_dir / "report.json"))
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / name for name in REPORT_FILES]
    json_path, html_path, png_path, md_path = paths
    report.to_file(json_path)
    html_path.write_text(render_html(report), encoding="utf-8")
    from harness.report.png import write_png  # matplotlib costs a second to import; only here

    write_png(report, png_path)
    summary = render_summary(report)
    md_path.write_text(summary, encoding="utf-8")
    if config is not None and config.step_summary is not None:
        with config.step_summary.open("a", encoding="utf-8") as handle:
            handle.write(summary + "\n")
    return paths
