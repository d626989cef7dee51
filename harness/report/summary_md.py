"""summary.md: the few lines a CI job page or a release checklist needs."""

from __future__ import annotations

from collections import Counter

from harness.report.environment import SET_ASIDE_LABEL, environment_rows
from harness.report.excerpt import excerpt
from harness.report.fault_coverage import describe, fault_coverage
from harness.report.headline import headline
from harness.report.json_contract import OUTCOMES, CaseRecord, Report, Summary
from harness.report.matrix import case_order, format_seconds

_LISTED_FAILURES = 30  # a step summary is a glance; the full list is in report.html
_EXCERPTED_FAILURES = 10  # of those, the first ones also show the start of their diff
_EXCERPT_LINES = 8
_LISTED_SET_ASIDE = 10  # a foreign history may set aside thousands of files (other engines' dialects)
SET_ASIDE = "set_aside"  # report.json's environment key for the files a layout reader did not run


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


def _fenced(lines: list[str], indent: str) -> list[str]:
    """A code block inside a list item: shown verbatim, so only a fence inside it needs breaking."""
    body = [indent + line.replace("```", "'``") for line in lines]
    return [f"{indent}```", *body, f"{indent}```"]


def _failure(case: CaseRecord, with_diff: bool) -> list[str]:
    found = excerpt(case.message, _EXCERPT_LINES)
    lines = [f"- **{case.outcome}** {_code(case.id)}: {_md(found.headline or '(no message)')}"]
    if with_diff and found.lines:
        shown = list(found.lines) + ([f"... {found.more} more line(s) in report.html"] if found.more else [])
        lines += _fenced(shown, "  ")
    return lines


def _verdict_lines(report: Report) -> list[str]:
    told = headline(report)
    lines = []
    if told.gate_line is not None:
        lines.append(f"**{told.gate_line}**")
        lines += [f"- {_md(reason)}" for reason in told.reasons]
    lines += [f"- {_md(note)}" for note in told.notes]
    return [*lines, ""] if lines else []


def _set_aside_lines(report: Report) -> list[str]:
    """The files of a foreign history the harness did not run: each one when they are few, else counted by reason
    with an example (report.json's environment lists every one)."""
    recorded = (report.environment or {}).get(SET_ASIDE)
    entries = [
        (str(entry.get("path", "")), str(entry.get("reason", "")))
        for entry in (recorded if isinstance(recorded, list) else [])
        if isinstance(entry, dict)
    ]
    if not entries:
        return []
    lines = ["", f"### Files set aside ({len(entries)}, not run)", ""]
    if len(entries) <= _LISTED_SET_ASIDE:
        return lines + [f"- {_code(path)}: {_md(reason)}" for path, reason in entries]
    by_reason = Counter(reason for _path, reason in entries)
    example = {reason: path for path, reason in reversed(entries)}  # the first file of each reason
    lines += [
        f"- {count} files: {_md(reason)} (e.g. {_code(example[reason])})" for reason, count in by_reason.most_common()
    ]
    return [*lines, "- report.json lists every file (environment.set_aside)"]


def render_summary(report: Report) -> str:
    summary = report.summary
    lines = [
        f"## Upgrade verification: {_md(report.scenario)} - {_md(headline(report).title)}",
        "",
        *_verdict_lines(report),
        f"**{summary.total} cases**: {_counts(summary)}.  ",
        f"Wall time {format_seconds(report.duration_s)}, case time {format_seconds(report.case_time_s)}.",
        "",
    ]
    failing = sorted((c for c in report.cases if c.outcome in ("failed", "error")), key=case_order)
    if failing:
        lines += ["### Failures", ""]
        for index, case in enumerate(failing[:_LISTED_FAILURES]):
            lines += _failure(case, with_diff=index < _EXCERPTED_FAILURES)
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
            lines.append(
                f"| {_md(row.engine)} | {_md(row.check)} | {_md(describe(row))} | "
                f"{_md(', '.join(row.kinds))} | {cells} |"
            )
    lines += _set_aside_lines(report)
    lines += ["", "### Environment", ""]
    lines += [f"- {_md(label)}: {_md(value)}" for label, value in environment_rows(report) if label != SET_ASIDE_LABEL]
    return "\n".join(lines) + "\n"
