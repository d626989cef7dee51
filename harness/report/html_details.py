"""The diagnoses report.html holds once each, in hidden blocks the page's script shows on a click or a link."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from harness.report.json_contract import CaseRecord
from harness.report.matrix import format_seconds


def e(text: object) -> str:
    """Text safe in HTML content and attribute values."""
    return escape(str(text), quote=True)


class Details:
    """Hidden blocks holding the diagnoses; the same cases get the same block, so each is in the page once."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self._ids: dict[tuple[str, ...], str] = {}

    def add(self, cases: Iterable[CaseRecord]) -> str:
        cases = tuple(cases)
        key = tuple(case.id for case in cases)
        known = self._ids.get(key)
        if known is not None:
            return known
        ident = f"detail-{len(self.blocks)}"
        self._ids[key] = ident
        self.blocks.append(f'<div id="{ident}">{"".join(_case_detail(case) for case in cases)}</div>')
        return ident


def _case_detail(case: CaseRecord) -> str:
    fault = ""
    if case.fault is not None:
        fault = (
            f"<br>fault: <code>{e(case.fault.kind)}</code> at version <code>{e(case.fault.version)}</code>, "
            f"{case.fault.where}"
        )
    allowed = f"<br>allowed: {e(case.allowed_reason)}" if case.allowed_reason else ""
    message = f"<pre>{e(case.message)}</pre>" if case.message else "<p>(no message)</p>"
    return (
        f'<h3><span class="badge {case.outcome}">{case.outcome}</span> <code>{e(case.id)}</code></h3>'
        f"<div>engine <code>{e(case.engine)}</code>, check <code>{e(case.check)}</code>, path "
        f"<code>{e(' → '.join(case.path))}</code>, {format_seconds(case.duration_s)} "
        f"(runner {format_seconds(case.runner_s)}){fault}{allowed}</div>{message}"
    )
