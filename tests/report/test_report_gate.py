"""Release gate: documented known failures pass, expired ones fail, stale ones warn, broken lists exit 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from harness.report.gate import AllowListError, apply_gate, gate_exit_code, load_allowlist, parse_allowlist
from harness.report.model import Report

TODAY = dt.date(2026, 6, 1)

# The three failures of the synthetic run: mariadb data v6.7.3 -> v7.10.0, postgresql schema v7.0.0 -> v9.1.0,
# mariadb rollback with an sql-error fault. Plus one error (postgresql data v8.0.0 -> v9.1.0).
ALLOW_ALL_FAILURES = """
# known failures of release 9.1
[[allow]]
check = "data"
engine = "mariadb@*"
from = "v6.7.3"
to = "v7.10.0"
reason = "customer data with duplicate idents; fixed in v7.10.1 (TICKET-88)"
expires = 2026-12-31

[[allow]]
check = "schema"
engine = "postgresql@15"
path = ["v7.*", "v9.1.0"]
reason = "alert_rule.note type drift, accepted for 9.1"
expires = 2026-06-01

[[allow]]
check = "rollback"
fault = "sql-error"
case = "*mariadb*"
reason = "MariaDB DDL is not transactional; see docs/faults.md"
expires = 2026-09-30
"""


def _without_the_error(report: Report) -> Report:
    return report.with_cases(case for case in report.cases if case.outcome != "error")


def test_allowed_failures_pass_the_gate(report: Report) -> None:
    result = apply_gate(_without_the_error(report), parse_allowlist(ALLOW_ALL_FAILURES, "allow.toml"), TODAY)
    assert result.code == 0
    assert result.report.summary.allowed == 3 and result.report.summary.failed == 0
    allowed = {case.id: case.allowed_reason for case in result.report.cases if case.outcome == "allowed"}
    assert allowed["data[mariadb@10.11-v6.7.3>v7.10.0]"] == (
        "customer data with duplicate idents; fixed in v7.10.1 (TICKET-88) (until 2026-12-31)"
    )
    assert not [m for m in result.messages if m.startswith(("error", "warning"))]
    assert "note: 3 known failure(s) allowed by allow.toml" in result.messages
    assert "note: 42 case(s) skipped, so not verified" in result.messages
    assert result.report.to_json()["summary"] == {"passed": 88, "failed": 0, "error": 0, "skipped": 42, "allowed": 3}


def test_errors_are_never_allowed(report: Report) -> None:
    text = ALLOW_ALL_FAILURES + '\n[[allow]]\ncheck = "data"\nreason = "flaky"\nexpires = 2030-01-01\n'
    code, messages = gate_exit_code(report, parse_allowlist(text, "allow.toml"), TODAY)
    assert code == 1
    assert "error: error: data[postgresql@15-v8.0.0>v9.1.0]" in messages


def test_a_failure_without_entry_fails(report: Report) -> None:
    code, messages = gate_exit_code(_without_the_error(report), None, TODAY)
    assert code == 1
    assert sorted(m for m in messages if m.startswith("error")) == [
        "error: failed: data[mariadb@10.11-v6.7.3>v7.10.0]",
        "error: failed: rollback[mariadb@10.11-v7.0.0>v9.1.0-sql-error@v8.0.0#1]",
        "error: failed: schema[postgresql@15-v7.0.0>v9.1.0]",
    ]


def test_all_passed_without_allowlist(report: Report) -> None:
    passing = report.with_cases(case for case in report.cases if case.outcome in ("passed", "skipped"))
    assert gate_exit_code(passing, None, TODAY)[0] == 0


def test_an_expired_entry_fails_and_is_named(report: Report) -> None:
    later = TODAY + dt.timedelta(days=1)
    code, messages = gate_exit_code(_without_the_error(report), parse_allowlist(ALLOW_ALL_FAILURES, "a.toml"), later)
    assert code == 1
    expired = [m for m in messages if "expired" in m]
    assert expired == [
        "error: allow-list entry a.toml:11 (entry 2) [check=schema, engine=postgresql@15, path=v7.*>v9.1.0] "
        "expired on 2026-06-01: 'alert_rule.note type drift, accepted for 9.1'; "
        "fix the failure, or renew the entry with a new date and reason"
    ]
    # The expired entry no longer allows its case either.
    assert "error: failed: schema[postgresql@15-v7.0.0>v9.1.0]" in messages


def test_an_unused_entry_warns_without_failing(report: Report) -> None:
    text = ALLOW_ALL_FAILURES + (
        '\n[[allow]]\ncheck = "schema"\nengine = "mysql@8.*"\nreason = "old"\nexpires = 2027-01-01\n'
    )
    code, messages = gate_exit_code(_without_the_error(report), parse_allowlist(text, "allow.toml"), TODAY)
    assert code == 0
    assert [m for m in messages if m.startswith("warning")] == [
        "warning: allow-list entry allow.toml:25 (entry 4) [check=schema, engine=mysql@8.*] matched no failing "
        "case; remove it if the failure is fixed"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[allow]]\ncheck = "data"\nreason = "x"\nexpires = "2026-01-01"\n', "allow.toml:1 (entry 1): 'expires' must"),
        ('[[allow]]\ncheck = "data"\nexpires = 2026-01-01\n', "allow.toml:1 (entry 1): missing required key 'reason'"),
        (
            '[[allow]]\ncheck = "a"\nreason = "x"\nexpires = 2026-01-01\n\n[[allow]]\nchek = "data"\n',
            "allow.toml:6 (entry 2): unknown key 'chek'",
        ),
        ('[[allow]]\ncheck = "data"\nreason = "x"\nexpires = 2026-01-01\npath = "v1"\n', "'path' must be a list"),
        ('[[allow]]\ncheck = ""\nreason = "x"\nexpires = 2026-01-01\n', "'check' must be a non-empty string"),
        ('[[allow]\ncheck = "data"\n', "allow.toml: not valid TOML"),
        ('[allow]\ncheck = "data"\n', "allow.toml: `allow` must be a list of [[allow]] tables"),
        ('check = "data"\n', "allow.toml: unknown top-level key 'check'"),
    ],
)
def test_a_malformed_allowlist_exits_2(report: Report, tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "allow.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AllowListError) as caught:
        load_allowlist(path)
    assert expected in str(caught.value)
    assert str(caught.value).startswith(str(path))
    code, messages = gate_exit_code(report, path, TODAY)
    assert code == 2
    assert messages == [f"error: {caught.value}"]


def test_a_missing_allowlist_exits_2(report: Report, tmp_path: Path) -> None:
    code, messages = gate_exit_code(report, tmp_path / "absent.toml", TODAY)
    assert code == 2
    assert "absent.toml: cannot read the allow-list" in messages[0]


def test_a_good_file_gates_like_parsed_text(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "allow.toml"
    path.write_text(ALLOW_ALL_FAILURES, encoding="utf-8")
    assert gate_exit_code(_without_the_error(report), path, TODAY)[0] == 0
