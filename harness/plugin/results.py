"""Translate a pytest report of an upgrade case into the run core's CaseResult (report.json's record)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from harness.cases import Case
from harness.report.json_contract import STATEMENTS_PROPERTY, Outcome
from harness.run.execute import CaseResult, shorten_middle

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


def case_result(case: Case, report: pytest.TestReport, runner_s: float, scenario_error: bool = False) -> CaseResult:
    """`scenario_error`: the case raised the scenario's own error (its seed, its files): an error, not a failure."""
    statements = dict(report.user_properties).get(STATEMENTS_PROPERTY)
    measured: tuple[Mapping[str, object], ...] = tuple(statements) if isinstance(statements, list) else ()
    return CaseResult.of(case, _outcome(report, scenario_error), report.duration, runner_s, _message(report), measured)
