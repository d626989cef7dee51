"""The one sentence every rendering opens with, and the gate lines under it, read from the run's verdict.

With a verdict (report.json's `gate`) the headline follows it: a run never reads "all passed" when its gate
failed, when it was interrupted, or when no case ran. Without one (a report from before verdicts, or written
by hand) the headline judges the cases alone and never claims more than they show.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.report.gate import ALLOW_MISSING_ENGINE_FLAG
from harness.report.json_contract import Report


@dataclass(frozen=True)
class Headline:
    passed: bool
    title: str  # "all passed", "gate failed: 3 cases failed ...", "interrupted: partial report ..."
    reasons: tuple[str, ...]  # the verdict's reasons, one line each
    notes: tuple[str, ...]  # what a pass accepted: missing engines, allowed failures
    gate_line: str | None = None  # "Gate: passed (exit 0)"; None when the report carries no verdict


def headline(report: Report) -> Headline:
    summary = report.summary
    bad = summary.failed + summary.error
    ran = summary.passed + summary.failed + summary.allowed
    notes: list[str] = []
    if summary.allowed:
        notes.append(f"{summary.allowed} known failure(s) allowed by the allow-list")
    verdict = report.gate
    if verdict is None:
        if ran == 0:
            title = "no case ran"
        elif bad:
            title = f"{bad} of {summary.total} cases did not pass"
        else:
            title = "all passed" if not summary.allowed else "passed with allowed known failures"
        return Headline(ran > 0 and bad == 0, title, (), tuple(notes))
    if verdict.allowed_missing:
        notes.insert(
            0,
            f"accepted as missing ({ALLOW_MISSING_ENGINE_FLAG}): {', '.join(verdict.allowed_missing)}; not verified",
        )
    gate_line = f"Gate: {'passed' if verdict.passed else 'failed'} (exit {verdict.code})"
    if verdict.interrupted:
        title = f"interrupted: partial report of {summary.total} cases, gate failed"
    elif not verdict.passed:
        more = f" (and {len(verdict.reasons) - 1} more)" if len(verdict.reasons) > 1 else ""
        title = f"gate failed: {verdict.reasons[0]}{more}"
    elif bad == 0 and not summary.allowed and not verdict.allowed_missing:
        title = "all passed"
    else:
        title = "gate passed" + (f", without {', '.join(verdict.allowed_missing)}" if verdict.allowed_missing else "")
    return Headline(verdict.passed, title, verdict.reasons, tuple(notes), gate_line)
