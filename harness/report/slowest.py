"""Where upgrade time goes: the slowest timed statements, or the slowest cases when statements are not timed."""

from __future__ import annotations

from dataclasses import dataclass

from harness.report.json_contract import CaseRecord, Report, Statement


@dataclass(frozen=True)
class TimedStatement:
    case: CaseRecord
    statement: Statement


def slowest_statements(report: Report, limit: int = 15) -> list[TimedStatement]:
    """The same statement timed in many cases appears once per case: each is a separate measurement."""
    timed = [TimedStatement(case, statement) for case in report.cases for statement in case.statements]
    timed.sort(key=lambda item: (-item.statement.seconds, item.case.id, item.statement.version, item.statement.step))
    return timed[:limit]


def slowest_cases(report: Report, limit: int = 15) -> list[CaseRecord]:
    """Ranked by time inside the system under test, so harness overhead does not reorder them."""
    ran = [case for case in report.cases if case.outcome != "skipped"]
    ran.sort(key=lambda case: (-case.runner_s, case.id))
    return ran[:limit]
