"""report.json: the contract's keys round-trip exactly, and a broken file names itself and the bad field."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from harness.report.environment import collect_environment, mask_passwords
from harness.report.json_contract import UNAVAILABLE_PROVIDER, Report, ReportError, Summary
from harness.report.verdict import GateVerdict

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


def test_gate_shard_and_engine_reason_round_trip(report: Report, tmp_path: Path) -> None:
    why = "Docker is not reachable"
    down = replace(report.engines[2], provider=UNAVAILABLE_PROVIDER, server_version="", reason=why)
    verdict = GateVerdict(1, ("engine mysql@8.0 could not run: Docker is not reachable",), ("mariadb@10.11",), True)
    full = replace(report, engines=(*report.engines[:2], down), shard=(2, 3), gate=verdict)
    data = full.to_json()
    assert data["shard"] == [2, 3]
    assert data["gate"] == {
        "code": 1,
        "reasons": ["engine mysql@8.0 could not run: Docker is not reachable"],
        "allowed_missing": ["mariadb@10.11"],
        "interrupted": True,
    }
    assert isinstance(data["engines"], list) and data["engines"][2] == {
        "spec": "mysql@8.0", "provider": "unavailable", "server_version": "", "reason": "Docker is not reachable",
    }  # fmt: skip
    full.to_file(tmp_path / "report.json")
    assert Report.from_file(tmp_path / "report.json") == full
    # Reports written before these keys existed load as before, with none of them.
    old = Report.from_json({key: value for key, value in report.to_json().items() if key not in ("shard", "gate")})
    assert old.gate is None and old.shard is None and old.engines[0].reason is None
    # A verdict judges the cases it was computed from: other cases drop it.
    assert full.with_cases(full.cases[:3]).gate is None


@pytest.mark.parametrize(
    ("gate", "expected"),
    [
        ({"code": 0, "reasons": ["x"], "allowed_missing": [], "interrupted": False}, "a passing gate verdict has no"),
        ({"code": 1, "reasons": [], "allowed_missing": [], "interrupted": False}, "needs at least one reason"),
        ({"code": 2, "reasons": ["x"], "allowed_missing": [], "interrupted": False}, "must be 0 (pass) or 1 (fail)"),
        ({"code": 1, "reasons": ["x"], "allowed_missing": [], "interrupted": "no"}, "gate.interrupted: expected true"),
        ({"code": 1, "reasons": ["x"]}, "field gate: missing key(s) allowed_missing, interrupted"),
    ],
)
def test_a_broken_gate_names_the_field(report: Report, gate: dict[str, object], expected: str) -> None:
    data = report.to_json()
    data["gate"] = gate  # type: ignore[assignment]
    with pytest.raises(ReportError, match=re.escape(expected)):
        Report.from_json(data)


@pytest.mark.parametrize("shard", [[0, 2], [3, 2], [1], "1/2"])
def test_a_broken_shard_is_refused(report: Report, shard: object) -> None:
    data = report.to_json()
    data["shard"] = shard  # type: ignore[assignment]
    with pytest.raises(ReportError, match="field shard"):
        Report.from_json(data)


def test_a_fault_after_the_last_statement_round_trips_and_renders_as_end(report: Report) -> None:
    from harness.cases import Fault
    from harness.report.html import render_html

    index, faulted = next((index, case) for index, case in enumerate(report.cases) if case.fault is not None)
    assert faulted.fault is not None
    ending = replace(faulted, fault=Fault(faulted.fault.kind, faulted.fault.version, 7, after_last=True))
    changed = replace(report, cases=(*report.cases[:index], ending, *report.cases[index + 1 :]))
    data = changed.to_json()
    assert isinstance(data["cases"], list) and isinstance(data["cases"][index], dict)
    assert data["cases"][index]["fault"] == {
        "kind": faulted.fault.kind, "version": faulted.fault.version, "statement": 7, "after_last": True
    }
    assert Report.from_json(data) == changed
    page = render_html(changed)
    assert f"{faulted.fault.version} #end" in page and "after the last statement" in page
