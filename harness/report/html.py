"""report.html: one self-contained page: the verdict, the cases worst first, a from x to matrix per engine and
check, and the diagnoses."""

from __future__ import annotations

from harness.release_order import version_key
from harness.report.environment import environment_rows
from harness.report.fault_coverage import describe, fault_coverage
from harness.report.html_assets import CSS, JS
from harness.report.html_details import Details, e
from harness.report.html_list import case_list, verdict_banner
from harness.report.json_contract import OUTCOMES, EngineInfo, Report
from harness.report.matrix import Matrix, build_matrices, first_line, format_seconds, other_cases
from harness.report.slowest import slowest_cases, slowest_statements

_TITLE_LIMIT = 1500  # a tooltip is a glance; the full diagnosis is in the details panel


def render_html(report: Report) -> str:
    details = Details()
    body = "\n".join(
        [
            _header(report),
            case_list(report, details),
            _matrices(report, details),
            _others(report, details),
            _fault_coverage(report),
            _online(report),
            _slowest(report),
            _environment(report),
            "</main>",
            '<div id="details" hidden><button id="details-close" type="button">close (Esc)</button>'
            '<div id="details-body"></div></div>',
            f'<div id="case-details" class="case-detail">{"".join(details.blocks)}</div>',
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Upgrade report: {e(report.scenario)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{body}\n<script>{JS}</script>\n</body>\n</html>\n"
    )


def _counts(report: Report) -> str:
    spans = [
        f'<span class="n-{outcome}">{getattr(report.summary, outcome)} {outcome}</span>'
        for outcome in OUTCOMES
        if outcome != "allowed" or report.summary.allowed
    ]
    return f'<div class="counts">{"".join(spans)}</div>'


def _engine_label(engine: EngineInfo) -> str:
    extra = ", ".join(e(part) for part in (engine.provider, engine.server_version) if part)
    return f"{e(engine.spec)}" + (f" <small>({extra})</small>" if extra else "")


def _header(report: Report) -> str:
    engines = ", ".join(_engine_label(engine) for engine in report.engines) or "none"
    return (
        f"<header><h1>Upgrade report: {e(report.scenario)}</h1>{verdict_banner(report)}{_counts(report)}"
        f"<div>{report.summary.total} cases, wall time {format_seconds(report.duration_s)}, "
        f"case time {format_seconds(report.case_time_s)}; engines: {engines}</div></header>\n<main>"
    )


def _legend() -> str:
    names = {"passed": "pass", "failed": "fail", "error": "error", "skipped": "skip", "allowed": "allowed failure"}
    items = "".join(f'<span><i class="{key}"></i>{label}</span>' for key, label in names.items())
    return f'<div class="legend">{items}<span>rows: from version, columns: to version</span></div>'


def _matrices(report: Report, details: Details) -> str:
    matrices = build_matrices(report)
    parts = ["<section><h2>From &times; to matrices</h2>", _legend()]
    engines = [engine.spec for engine in report.engines]
    engines += sorted({m.engine for m in matrices} - set(engines))
    for engine in engines:
        mine = [m for m in matrices if m.engine == engine]
        parts.append(f'<div class="engine-block" data-engine="{e(engine)}"><h2 class="engine">{e(engine)}</h2>')
        if not mine:
            parts.append("<p>No direct from → to cases for this engine.</p></div>")
            continue
        parts.append('<div class="matrices">')
        parts.extend(_matrix(matrix, details) for matrix in mine)
        parts.append("</div></div>")
    parts.append("</section>")
    return "\n".join(parts)


def _matrix(matrix: Matrix, details: Details) -> str:
    head = "".join(f'<th scope="col">{e(col)}</th>' for col in matrix.cols)
    rows = []
    for row in matrix.rows:
        cells = []
        for col in matrix.cols:
            cell = matrix.cell(row, col)
            if cell is None:
                later = version_key(col) > version_key(row)
                cells.append('<td class="empty" title="not run">&ndash;</td>' if later else '<td class="na"></td>')
                continue
            title = "\n\n".join(
                f"{case.outcome}: {case.id}" + (f"\n{case.message}" if case.message else "") for case in cell.cases
            )
            if len(title) > _TITLE_LIMIT:
                title = title[:_TITLE_LIMIT] + "… (click for the full diagnosis)"
            ident = details.add(cell.cases)
            cells.append(
                f'<td class="cell {cell.outcome}" data-detail="{ident}" data-from="{e(row)}" '
                f'data-to="{e(col)}" data-outcome="{cell.outcome}" title="{e(title)}">{cell.label}</td>'
            )
        rows.append(f'<tr><th scope="row">{e(row)}</th>{"".join(cells)}</tr>')
    return (
        f'<div class="matrix-box"><h3>{e(matrix.check)}</h3>'
        f'<table class="matrix" data-engine="{e(matrix.engine)}" data-check="{e(matrix.check)}">'
        f'<thead><tr><th class="corner">from \\ to</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _others(report: Report, details: Details) -> str:
    groups = other_cases(report)
    if not groups:
        return ""
    parts = ["<section><h2>Cases outside the matrices</h2>"]
    for kind, cases in groups.items():
        rows = []
        for case in cases:
            fault = "" if case.fault is None else f"{case.fault.version} {case.fault.marker}"
            rows.append(
                f'<tr class="clickable" data-detail="{details.add([case])}" data-engine="{e(case.engine)}" '
                f'data-outcome="{case.outcome}" title="{e(case.message)}">'
                f"<td>{e(case.engine)}</td><td>{e(case.check)}</td>"
                f"<td><code>{e(' → '.join(case.path))}</code></td><td>{e(fault)}</td>"
                f'<td><span class="badge {case.outcome}">{case.outcome}</span></td>'
                f"<td>{format_seconds(case.duration_s)}</td><td>{e(first_line(case.message))}</td></tr>"
            )
        parts.append(
            f'<h3>{e(kind)} ({len(cases)})</h3><table class="list" data-group="{e(kind)}"><thead><tr>'
            "<th>engine</th><th>check</th><th>path</th><th>fault at</th><th>outcome</th><th>time</th>"
            f"<th>message</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def _fault_coverage(report: Report) -> str:
    coverage = fault_coverage(report)
    if not coverage:
        return ""
    rows = "".join(
        f'<tr class="{"" if row.complete else "partial"}"><td>{e(row.engine)}</td><td>{e(row.check)}</td>'
        f"<td>{e(describe(row))}</td><td>{e(', '.join(row.kinds))}</td>"
        + "".join(f"<td>{getattr(row.outcomes, key)}</td>" for key in OUTCOMES)
        + "</tr>"
        for row in coverage
    )
    head = "".join(f"<th>{key}</th>" for key in OUTCOMES)
    return (
        '<section id="fault-coverage"><h2>Fault cases</h2><p>A boundary is a statement of a version\'s upgrade '
        "script a fault was placed before; a full fault run has every boundary with every fault kind.</p>"
        f'<table class="list"><thead><tr><th>engine</th><th>check</th><th>cases</th><th>kinds</th>{head}</tr>'
        f"</thead><tbody>{rows}</tbody></table></section>"
    )


def _online(report: Report) -> str:
    """Check `online`: per migration statement, what the previous release's workload went through."""
    measured = [case for case in report.cases if any(s.online is not None for s in case.statements)]
    if not measured:
        return ""
    parts = [
        '<section id="online"><h2>Online upgrade: workload impact per migration statement</h2>'
        "<p>Lock wait: the longest a workload query waited for a lock the statement held or queued for. "
        "p99 / max: client-side latency of the workload queries that overlapped the statement. "
        "Rewrote: tables whose storage the statement replaced.</p>"
    ]
    for case in measured:
        impacts = [(s, s.online) for s in case.statements if s.online is not None]
        worst = max(impact.lock_wait_s for _, impact in impacts)
        errors = sum(len(impact.errors) for _, impact in impacts)
        rows = "".join(
            f'<tr class="{"bad" if impact.blocking or impact.errors else ""}">'
            f"<td>{e(s.version)} #{s.step}</td>"
            f'<td><code title="{e(_short(s.statement, 600))}">{e(_short(s.statement))}</code></td>'
            f"<td>{s.seconds:.3f}</td><td>{impact.lock_wait_s:.3f}</td>"
            f"<td>{e(impact.waiting_query)}{f' ({e(impact.lock)})' if impact.lock else ''}</td>"
            f"<td>{impact.workload_queries}</td><td>{_ms(impact.p99_s)}</td><td>{_ms(impact.max_latency_s)}</td>"
            f"<td>{e('; '.join(impact.errors))}</td>"
            f"<td>{'?' if impact.rewrote is None else e(', '.join(impact.rewrote) or 'no')}</td></tr>"
            for s, impact in impacts
        )
        parts.append(
            f'<details class="online"{" open" if case.outcome in ("failed", "error") else ""}>'
            f'<summary><span class="badge {case.outcome}">{case.outcome}</span> {e(case.engine)} '
            f"<code>{e(case.from_version)} → {e(case.to_version)}</code>: {len(impacts)} statements, "
            f"longest lock wait {worst:.3f} s, {errors} failed workload queries</summary>"
            f'<table class="list" data-case="{e(case.id)}"><thead><tr><th>statement</th><th>SQL</th>'
            "<th>took s</th><th>lock wait s</th><th>waiting query (lock)</th><th>queries</th><th>p99 ms</th>"
            f"<th>max ms</th><th>errors</th><th>rewrote</th></tr></thead><tbody>{rows}</tbody></table></details>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def _short(sql: str, width: int = 90) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def _slowest(report: Report) -> str:
    statements = slowest_statements(report)
    if statements:
        rows = "".join(
            f"<tr><td>{format_seconds(item.statement.seconds)}</td><td>{e(item.case.engine)}</td>"
            f"<td>{e(item.statement.version)}</td><td>{item.statement.step}</td>"
            f"<td><code>{e(item.statement.statement)}</code></td></tr>"
            for item in statements
        )
        table = (
            '<table class="list" id="slowest"><thead><tr><th>time</th><th>engine</th><th>version</th>'
            f"<th>step</th><th>statement</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        return f"<section><h2>Slowest migration statements</h2>{table}</section>"
    cases = slowest_cases(report)
    if not cases:
        return ""
    rows = "".join(
        f"<tr><td>{format_seconds(case.runner_s)}</td><td>{e(case.engine)}</td><td>{e(case.check)}</td>"
        f"<td><code>{e(' → '.join(case.path))}</code></td><td>{format_seconds(case.duration_s)}</td></tr>"
        for case in cases
    )
    table = (
        '<table class="list" id="slowest"><thead><tr><th>runner time</th><th>engine</th><th>check</th>'
        f"<th>path</th><th>case time</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    return f"<section><h2>Slowest migrations</h2>{table}</section>"


def _environment(report: Report) -> str:
    rows = "".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in environment_rows(report))
    return f'<section><h2>Environment</h2><table class="kv" id="environment">{rows}</table></section>'
