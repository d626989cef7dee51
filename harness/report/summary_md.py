"""summary.md: the few lines a CI job page or a release checklist needs."""

from __future__ import annotations

from harness.report.fault_coverage import describe, fault_coverage
from harness.report.matrix import case_order, first_line, format_seconds
from harness.report.model import OUTCOMES, Report, Summary

_LISTED_FAILURES = 30  # a step summary is a glance; the full list is in report.html


def _md(text: str) -> str:
    """Text safe inside a Markdown line: GitHub renders inline HTML, so angle brackets are escaped too."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _counts(summary: Summary) -> str:
    return ", ".join(f"{getattr(summary, key)} {key}" for key in OUTCOMES if key != "allowed" or summary.allowed)


def render_summary(report: Report) -> str:
    summary = report.summary
    bad = summary.failed + summary.error
    verdict = "all passed" if bad == 0 else f"{bad} of {summary.total} cases did not pass"
    lines = [
        f"## Upgrade verification: {_md(report.scenario)} - {verdict}",
        "",
        f"**{summary.total} cases**: {_counts(summary)}.  ",
        f"Wall time {format_seconds(report.duration_s)}, case time {format_seconds(report.case_time_s)}.",
        "",
    ]
    failing = sorted((c for c in report.cases if c.outcome in ("failed", "error")), key=case_order)
    if failing:
        lines += ["### Failures", ""]
        for case in failing[:_LISTED_FAILURES]:
            message = first_line(case.message) or "(no message)"
            lines.append(f"- **{case.outcome}** {_code(case.id)}: {_md(message)}")
        if len(failing) > _LISTED_FAILURES:
            lines.append(f"- ... and {len(failing) - _LISTED_FAILURES} more (see report.html)")
        lines.append("")
    allowed = sorted((c for c in report.cases if c.outcome == "allowed"), key=case_order)
    if allowed:
        lines += ["### Allowed known failures", ""]
        lines += [f"- {_code(c.id)}: {_md(c.allowed_reason or '')}" for c in allowed]
        lines.append("")
    lines += ["### Per engine", "", "| engine | server | " + " | ".join(OUTCOMES) + " | time |"]
    lines.append("|" + "---|" * (len(OUTCOMES) + 3))
    versions = {engine.spec: engine.server_version or "" for engine in report.engines}
    names = list(versions) + sorted({c.engine for c in report.cases} - set(versions))
    for name in names:
        cases = [c for c in report.cases if c.engine == name]
        counts = Summary.of(cases)
        cells = " | ".join(str(getattr(counts, key)) for key in OUTCOMES)
        spent = format_seconds(sum(c.duration_s for c in cases))
        lines.append(f"| {_md(name)} | {_md(versions.get(name, ''))} | {cells} | {spent} |")
    coverage = fault_coverage(report)
    if coverage:
        lines += ["", "### Fault cases", "", "| engine | check | cases | kinds | " + " | ".join(OUTCOMES) + " |"]
        lines.append("|" + "---|" * (len(OUTCOMES) + 4))
        for row in coverage:
            cells = " | ".join(str(getattr(row.outcomes, key)) for key in OUTCOMES)
            lines.append(f"| {_md(row.engine)} | {_md(row.check)} | {_md(describe(row))} | "
                         f"{_md(', '.join(row.kinds))} | {cells} |")
    return "\n".join(lines) + "\n"
