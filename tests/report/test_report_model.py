"""report.json: the contract's keys round-trip exactly, and a broken file names itself and the bad field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.report.environment import collect_environment, mask_passwords
from harness.report.model import Report, ReportError, Summary

CONTRACT_CASE_KEYS = {
    "id", "engine", "check", "from", "to", "path", "fault", "outcome", "duration_s", "runner_s", "message",
}  # fmt: skip


def test_round_trip_through_a_file_is_exact(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    report.to_file(path)
    assert Report.from_file(path) == report
    assert Report.from_file(path).environment == report.environment


def test_written_keys_are_the_contract(report: Report) -> None:
    data = report.to_json()
    assert set(data) == {"scenario", "duration_s", "engines", "cases", "summary", "environment"}
    assert data["summary"] == {"passed": 88, "failed": 3, "error": 1, "skipped": 42}
    cases = data["cases"]
    assert isinstance(cases, list)
    optional = {"statements", "allowed_reason"}
    for case in cases:
        assert isinstance(case, dict)
        assert CONTRACT_CASE_KEYS <= set(case) <= CONTRACT_CASE_KEYS | optional
    faults = [case["fault"] for case in cases if isinstance(case, dict) and case["fault"] is not None]
    assert {"kind": "sql-error", "version": "v8.0.0", "statement": 1} in faults


def test_the_design_example_loads() -> None:
    example = {
        "scenario": "nightingale", "duration_s": 12.3,
        "engines": [{"spec": "postgresql@15", "provider": "local", "server_version": "15.18"}],
        "cases": [{"id": "x", "engine": "postgresql@15", "check": "schema", "from": "v7.0.0", "to": "v9.1.0",
                   "path": ["v7.0.0", "v9.1.0"], "fault": None, "outcome": "passed", "duration_s": 0.41,
                   "runner_s": 0.22, "message": ""}],
        "summary": {"passed": 1, "failed": 0, "error": 0, "skipped": 0},
    }  # fmt: skip
    report = Report.from_json(example)
    assert report.cases[0].from_version == "v7.0.0"
    assert report.to_json() == example


def _broken(report: Report, tmp_path: Path, change: str) -> str:
    data = report.to_json()
    cases = data["cases"]
    assert isinstance(cases, list) and isinstance(cases[5], dict)
    if change == "outcome":
        cases[5]["outcome"] = "pased"
    elif change == "missing":
        del cases[5]["runner_s"]
    elif change == "summary":
        data["summary"] = {"passed": 89, "failed": 2, "error": 1, "skipped": 42}
    elif change == "duplicate":
        assert isinstance(cases[6], dict)
        cases[6]["id"] = cases[5]["id"]
    elif change == "unknown":
        cases[5]["nodeid"] = "x"
    elif change == "fault":
        cases[5]["fault"] = {"kind": "power-cut", "version": "v7.0.0", "statement": 1}
    path = tmp_path / "report.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ReportError) as caught:
        Report.from_file(path)
    assert str(caught.value).startswith(f"{path}: ")
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("outcome", "field cases[5].outcome: expected one of passed, failed, error, skipped, allowed, got 'pased'"),
        ("missing", "field cases[5]: missing key(s) runner_s"),
        ("summary", "field summary.passed: says 89 but the cases contain 88 passed"),
        ("duplicate", "field cases[6].id: duplicate case id"),
        ("unknown", "field cases[5].nodeid: unknown key"),
        ("fault", "field cases[5].fault.kind: expected one of sql-error, crash, disconnect, lock-timeout"),
    ],
)
def test_a_broken_file_names_file_and_field(report: Report, tmp_path: Path, change: str, expected: str) -> None:
    assert expected in _broken(report, tmp_path, change)


def test_not_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text('{"scenario": "x",\n  "cases": [,]}')
    with pytest.raises(ReportError, match=r"report.json: not valid JSON at line 2 column"):
        Report.from_file(path)


def test_missing_file_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="cannot read the report"):
        Report.from_file(tmp_path / "nope.json")


def test_summary_counts_and_totals(report: Report) -> None:
    assert report.summary == Summary(passed=88, failed=3, error=1, skipped=42)
    assert report.summary.total == len(report.cases) == 134
    assert report.case_time_s == pytest.approx(sum(case.duration_s for case in report.cases))


def test_environment_hides_url_passwords() -> None:
    args = ["--upgrade-engine=postgresql+psycopg://app:hunter2@db:5432/prod", "-k", "schema"]
    environment = collect_environment(args)
    assert "hunter2" not in json.dumps(environment)
    assert environment["pytest_args"] == ["--upgrade-engine=postgresql+psycopg://app:***@db:5432/prod", "-k", "schema"]
    assert mask_passwords("mysql+pymysql://root@h/x") == "mysql+pymysql://root@h/x"
    assert isinstance(environment["cpu_count"], int)
