"""Release gate: documented known failures pass, expired ones fail, stale ones warn, broken lists exit 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from harness.cases import Fault
from harness.report.gate import (
    AllowEntry,
    AllowListError,
    apply_gate,
    decide,
    gate_exit_code,
    load_allowlist,
    parse_allowlist,
)
from harness.report.json_contract import UNAVAILABLE_PROVIDER, CaseRecord, EngineInfo, Report
from harness.report.write import write_reports

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


# --- decide(): the run's verdict, as a table of runs -----------------------------------------------------------

PG_UP = EngineInfo("postgresql@15", "local", "15.18")
MY_DOWN = EngineInfo("mysql@8.0", UNAVAILABLE_PROVIDER, "", reason="Docker is not reachable")
MY_UP = EngineInfo("mysql@8.0", "docker", "8.0.36")


def _run(engines: tuple[EngineInfo, ...], *cases: tuple[str, str, str]) -> Report:
    """cases: (engine, outcome, message); a `fault:` prefix on the message makes it a fault case."""
    built = []
    for index, (engine, outcome, message) in enumerate(cases):
        fault = Fault("lock-timeout", "v2", 1) if message.startswith("fault:") else None
        built.append(
            CaseRecord(
                f"c{index}[{engine}]", engine, "data", "v1", "v2", ("v1", "v2"), fault, outcome, 0.1, 0.0, message  # type: ignore[arg-type]
            )
        )
    return Report.build("shop", 1.0, engines, built)


SKIP_DOWN = ("mysql@8.0", "skipped", "mysql@8.0 unavailable: Docker is not reachable")
INAPPLICABLE = ("mysql@8.0", "skipped", "fault: lock-timeout does not apply: MySQL 8.0 takes no lock here")
ALLOW_DATA = parse_allowlist('[[allow]]\ncheck = "data"\nreason = "known"\nexpires = 2026-06-01\n', "a.toml").entries
EXPIRED = parse_allowlist('[[allow]]\ncheck = "x"\nreason = "old"\nexpires = 2026-05-31\n', "a.toml").entries

DECISIONS = [
    # (name, report, requested, allow missing, allow-list, interrupted, expected code, expected reason prefixes)
    ("all passed", _run((PG_UP,), ("postgresql@15", "passed", "")), ["postgresql@15"], False, (), False, 0, []),
    ("nothing selected", _run((PG_UP,)), ["postgresql@15"], False, (), False, 1, ["no case ran: the selection"]),
    (
        "only skips",
        _run((MY_DOWN,), SKIP_DOWN),
        ["mysql@8.0"],
        False,
        (),
        False,
        1,
        ["no case ran (1 skipped of 1)", "engine mysql@8.0 could not run: Docker is not reachable (pass --allow"],
    ),
    (
        "missing engine",
        _run((PG_UP, MY_DOWN), ("postgresql@15", "passed", ""), SKIP_DOWN),
        ["postgresql@15", "mysql@8.0"],
        False,
        (),
        False,
        1,
        ["engine mysql@8.0 could not run: Docker is not reachable"],
    ),
    (
        "missing engine accepted",
        _run((PG_UP, MY_DOWN), ("postgresql@15", "passed", ""), SKIP_DOWN),
        ["postgresql@15", "mysql@8.0"],
        True,
        (),
        False,
        0,
        [],
    ),
    (
        "engine known only from its skip messages",
        _run((PG_UP,), ("postgresql@15", "passed", ""), SKIP_DOWN),
        ["postgresql@15", "mysql@8.0"],
        False,
        (),
        False,
        1,
        ["engine mysql@8.0 could not run: Docker is not reachable (pass"],
    ),
    (
        "requested engine absent from the report",
        _run((PG_UP,), ("postgresql@15", "passed", "")),
        ["postgresql@15", "mariadb@10.11"],
        False,
        (),
        False,
        1,
        ["engine mariadb@10.11 could not run: the report has no case and no server for it"],
    ),
    (
        "inapplicable fault cases of an engine that ran",
        _run((PG_UP, MY_UP), ("postgresql@15", "passed", ""), INAPPLICABLE),
        ["postgresql@15", "mysql@8.0"],
        False,
        (),
        False,
        0,
        [],
    ),
    (
        "a failure",
        _run((PG_UP,), ("postgresql@15", "passed", ""), ("postgresql@15", "failed", "x")),
        ["postgresql@15"],
        False,
        (),
        False,
        1,
        ["1 case failed that no allow-list entry covers (first: c1[postgresql@15])"],
    ),
    (
        "a failure the allow-list covers",
        _run((PG_UP,), ("postgresql@15", "failed", "x")),
        ["postgresql@15"],
        False,
        ALLOW_DATA,
        False,
        0,
        [],
    ),
    (
        "an error is never covered",
        _run((PG_UP,), ("postgresql@15", "passed", ""), ("postgresql@15", "error", "x")),
        ["postgresql@15"],
        False,
        ALLOW_DATA,
        False,
        1,
        ["1 case in error, which no allow-list can excuse"],
    ),
    (
        "an expired entry",
        _run((PG_UP,), ("postgresql@15", "passed", "")),
        ["postgresql@15"],
        False,
        EXPIRED,
        False,
        1,
        ["allow-list entry a.toml:1 (entry 1) [check=x] expired on 2026-05-31"],
    ),
    (
        "interrupted",
        _run((PG_UP,), ("postgresql@15", "passed", "")),
        ["postgresql@15"],
        False,
        (),
        True,
        1,
        ["the run was interrupted: the report is partial"],
    ),
]


@pytest.mark.parametrize(
    ("report", "requested", "allow_missing", "allowlist", "interrupted", "code", "reasons"),
    [pytest.param(*row[1:], id=row[0]) for row in DECISIONS],
)
def test_decide(
    report: Report,
    requested: list[str],
    allow_missing: bool,
    allowlist: tuple[AllowEntry, ...],
    interrupted: bool,
    code: int,
    reasons: list[str],
) -> None:
    verdict = decide(
        report,
        requested_engines=requested,
        allow_missing_engines=allow_missing,
        allowlist=allowlist,
        today=TODAY,
        interrupted=interrupted,
    )
    assert verdict.code == code
    assert len(verdict.reasons) == len(reasons), verdict.reasons
    for said, expected in zip(verdict.reasons, reasons, strict=True):
        assert said.startswith(expected), said
    assert verdict.interrupted is interrupted
    missing = [spec for spec in requested if spec == "mysql@8.0" and MY_DOWN in report.engines]
    assert verdict.allowed_missing == (tuple(missing) if allow_missing else ())


def test_the_verdict_rules_the_headlines(tmp_path: Path) -> None:
    """summary.md and report.html never say "all passed" when the gate failed, the run stopped or nothing ran."""
    runs = {
        "only skips": _run((MY_DOWN,), SKIP_DOWN),
        "interrupted": _run((PG_UP,), ("postgresql@15", "passed", "")),
        "accepted missing": _run((PG_UP, MY_DOWN), ("postgresql@15", "passed", ""), SKIP_DOWN),
    }
    told = {}
    for name, run in runs.items():
        verdict = decide(
            run,
            requested_engines=[engine.spec for engine in run.engines],
            allow_missing_engines=name == "accepted missing",
            allowlist=(),
            today=TODAY,
            interrupted=name == "interrupted",
        )
        write_reports(run.with_gate(verdict), tmp_path / name)
        summary = (tmp_path / name / "summary.md").read_text(encoding="utf-8")
        page = (tmp_path / name / "report.html").read_text(encoding="utf-8")
        told[name] = (summary.splitlines()[0], summary, page)
    assert told["only skips"][0] == (
        "## Upgrade verification: shop - gate failed: no case ran (1 skipped of 1) (and 1 more)"
    )
    assert "**Gate: failed (exit 1)**" in told["only skips"][1]
    assert '<div id="verdict" class="verdict failed"><strong>Gate: failed (exit 1)</strong>' in told["only skips"][2]
    assert "engine mysql@8.0 could not run: Docker is not reachable" in told["only skips"][2]
    assert told["interrupted"][0].startswith("## Upgrade verification: shop - interrupted: partial report")
    assert "all passed" not in told["interrupted"][1] + told["interrupted"][2]
    head, summary, page = told["accepted missing"]
    assert head == "## Upgrade verification: shop - gate passed, without mysql@8.0"
    note = "accepted as missing (--allow-missing-engine): mysql@8.0; not verified"
    assert f"- {note}" in summary and note in page
    assert '<div id="verdict" class="verdict passed">' in page


def test_without_a_verdict_nothing_run_is_not_a_pass(tmp_path: Path) -> None:
    write_reports(_run((MY_DOWN,), SKIP_DOWN), tmp_path)
    assert (
        (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## Upgrade verification: shop - no case ran")
    )
