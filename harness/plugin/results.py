"""Translate a pytest report of an upgrade case into its report.json record, as the run core's `execute` makes it."""

from __future__ import annotations

import pytest

from harness.cases import Case
from harness.report.json_contract import STATEMENTS_PROPERTY, CaseRecord, Outcome, statement_from_json
from harness.run.execute import case_record, shorten_middle

__all__ = ["case_result"]


def _outcome(report: pytest.TestReport, scenario_error: bool) -> Outcome:
    """A failure outside the test call (a fixture, the workbench) or the scenario's own mistake is an error."""
    if report.when == "call" and not scenario_error:
        return "failed" if report.failed else "skipped" if report.skipped else "passed"
    return "error" if report.failed else "skipped" if report.skipped else "passed"


def _message(report: pytest.TestReport) -> str:
    if report.outcome == "skipped" and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    if report.outcome == "failed":
        return shorten_middle(report.longreprtext)
    return ""


def case_result(case: Case, report: pytest.TestReport, runner_s: float, scenario_error: bool = False) -> CaseRecord:
    """`scenario_error`: the case raised the scenario's own error (its seed, its files): an error, not a failure."""
    statements = dict(report.user_properties).get(STATEMENTS_PROPERTY)
    measured = [statement_from_json(record) for record in statements] if isinstance(statements, list) else []
    return case_record(case, _outcome(report, scenario_error), report.duration, runner_s, _message(report), measured)
