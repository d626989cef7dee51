"""Tables of per-statement workload impact: plain text for failure messages, Markdown for documents."""

from __future__ import annotations

from collections.abc import Sequence

from harness.online.findings import Latency, OnlineRun, StatementImpact
from harness.online.timeline import normalized
from harness.report.json_contract import Report, Statement, WorkloadImpact

HEADERS = ("statement", "SQL", "took s", "lock wait s", "waiting query (lock)", "p99 ms", "max ms", "errors", "rewrote")


def short_sql(sql: str, width: int = 72) -> str:
    text = normalized(sql)
    return text if len(text) <= width else text[: width - 1] + "…"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f}"


def _row(impact: StatementImpact, width: int) -> tuple[str, ...]:
    waited = f"{impact.waiting_query} ({impact.lock})" if impact.waiting_query else ""
    rewrote = "?" if impact.rewrote is None else (", ".join(impact.rewrote) or "no")
    return (
        impact.label + ("" if impact.observed else "*"),
        short_sql(impact.statement, width),
        f"{impact.seconds:.3f}",
        f"{impact.lock_wait_s:.3f}" if impact.lock_wait_s else "0",
        waited,
        _ms(impact.latency.p99_s),
        _ms(impact.latency.max_s),
        str(len(impact.errors)) if impact.errors else "0",
        rewrote,
    )


def text_table(impacts: Sequence[StatementImpact], width: int = 60) -> str:
    rows = [HEADERS, *(_row(impact, width) for impact in impacts)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADERS))]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows)


def markdown_table(impacts: Sequence[StatementImpact], width: int = 90) -> str:
    def cell(value: str) -> str:
        return value.replace("|", "\\|")

    def code(sql: str) -> str:
        # MySQL quotes names with backticks: a span opened by two backticks may hold single ones
        return f"`` {cell(sql)} ``" if "`" in sql else f"`{cell(sql)}`"

    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for impact in impacts:
        row = list(_row(impact, width))
        lines.append("| " + " | ".join(code(value) if i == 1 else cell(value) for i, value in enumerate(row)) + " |")
    return "\n".join(lines)


def notable(run: OnlineRun, limit_s: float, top: int = 8) -> list[StatementImpact]:
    """What a failure message lists: statements over the limit or with errors, then the longest waits and runs."""
    flagged = [i for i in run.impacts if i.blocks(limit_s) or i.errors]
    rest = [i for i in run.impacts if i not in flagged]
    rest.sort(key=lambda i: (i.lock_wait_s, i.seconds), reverse=True)
    chosen = set(map(id, flagged + rest[:top]))
    return [impact for impact in run.impacts if id(impact) in chosen]


def describe_latency(latency: Latency) -> str:
    if not latency.queries:
        return "no queries"
    return f"{latency.queries} queries, p99 {_ms(latency.p99_s)} ms, max {_ms(latency.max_s)} ms"


def summary(run: OnlineRun) -> str:
    lines = [
        f"upgrade {run.start} -> {run.target} on {run.engine}: {len(run.impacts)} statements in {run.upgrade_s:.2f} s, "
        f"seed size {run.seed_size}, {run.workers} workload workers",
        f"workload before the upgrade: {describe_latency(run.baseline)}",
        f"workload during the upgrade: {describe_latency(run.during)}",
        f"failed workload queries: {run.failed_queries}",
    ]
    if run.unattributed_wait is not None:
        wait = run.unattributed_wait
        lines.append(f"longest wait before the first statement: {wait.waited_s:.3f} s ({wait.query}, {wait.lock})")
    return "\n".join(lines)


def _from_report(statement: Statement, impact: WorkloadImpact) -> StatementImpact:
    return StatementImpact(
        version=statement.version,
        step=statement.step,
        statement=statement.statement,
        seconds=statement.seconds,
        observed=True,
        lock_wait_s=impact.lock_wait_s,
        waiting_query=impact.waiting_query,
        lock=impact.lock,
        latency=Latency(impact.workload_queries, impact.p99_s, impact.max_latency_s),
        errors=impact.errors,
        rewrote=impact.rewrote,
    )


def report_markdown(report: Report) -> str:
    """Per online case of `report`: a heading (engine, step, outcome) and a Markdown table of its statements."""
    parts = []
    for case in report.cases:
        impacts = [_from_report(s, s.online) for s in case.statements if s.online is not None]
        if case.check == "online" and impacts:
            heading = f"#### {case.engine}: {case.from_version} → {case.to_version} ({case.outcome})"
            parts.append(f"{heading}\n\n{markdown_table(impacts)}\n")
    return "\n".join(parts)
