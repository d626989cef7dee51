"""report.html's top: the verdict, then every case worst first, with filters by engine and outcome.

The filters are plain script in the page (no network). Their state can be given in the address, e.g.
`report.html?engine=mariadb@10.11&outcome=failed`, so a link shows the same selection to its reader.
"""

from __future__ import annotations

from harness.report.headline import headline
from harness.report.html_details import Details, e
from harness.report.json_contract import OUTCOMES, CaseRecord, Report
from harness.report.matrix import SEVERITY, case_order, first_line

# The outcome filter's choices besides single outcomes: "bad" is what fails a gate.
OUTCOME_CHOICES = (("", "any outcome"), ("bad", "failed or error"), *((o, o) for o in OUTCOMES))


def verdict_banner(report: Report) -> str:
    told = headline(report)
    state = "passed" if told.passed else "failed"
    # With a verdict its reasons are listed below, so the banner's first line names the gate only.
    first = told.gate_line if told.gate_line and told.reasons else told.title
    gate = f" <span>{e(told.gate_line)}</span>" if told.gate_line and not told.reasons else ""
    items = "".join(f'<li class="reason">{e(reason)}</li>' for reason in told.reasons)
    items += "".join(f'<li class="note">{e(note)}</li>' for note in told.notes)
    return (
        f'<div id="verdict" class="verdict {state}"><strong>{e(first)}</strong>{gate}'
        + (f"<ul>{items}</ul>" if items else "")
        + "</div>"
    )


def _worst_first(case: CaseRecord) -> tuple[object, ...]:
    return (SEVERITY.index(case.outcome), case_order(case))


def _fault(case: CaseRecord) -> str:
    return "" if case.fault is None else f"{case.fault.kind} at {case.fault.version} {case.fault.marker}"


def case_list(report: Report, details: Details) -> str:
    """Every case, failures first: check, engine, path, fault, the diagnosis' first line, a link to the detail."""
    rows = []
    for case in sorted(report.cases, key=_worst_first):
        ident = details.add([case])
        rows.append(
            f'<tr class="clickable" data-detail="{ident}" data-engine="{e(case.engine)}" '
            f'data-outcome="{case.outcome}"><td><span class="badge {case.outcome}">{case.outcome}</span></td>'
            f"<td>{e(case.check)}</td><td>{e(case.engine)}</td><td><code>{e(' → '.join(case.path))}</code></td>"
            f"<td>{e(_fault(case))}</td><td>{e(first_line(case.message))}</td>"
            f'<td><a href="#{ident}">detail</a></td></tr>'
        )
    engines = list(dict.fromkeys([engine.spec for engine in report.engines] + [c.engine for c in report.cases]))
    engine_options = '<option value="">all engines</option>' + "".join(
        f'<option value="{e(name)}">{e(name)}</option>' for name in engines
    )
    outcome_options = "".join(f'<option value="{key}">{e(label)}</option>' for key, label in OUTCOME_CHOICES)
    return (
        '<section id="cases"><h2>Cases, failures first</h2>'
        '<div class="filters"><label>engine <select id="filter-engine">'
        f"{engine_options}</select></label> <label>outcome "
        f'<select id="filter-outcome">{outcome_options}</select></label> '
        f'<span id="filter-count">{len(rows)} of {len(rows)} cases</span></div>'
        '<div class="case-list-box"><table class="list" id="case-list"><thead><tr><th>outcome</th><th>check</th>'
        "<th>engine</th><th>path</th><th>fault</th><th>diagnosis</th><th></th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )
