"""The fault-case count per engine: boundaries x kinds for a full run, marked partial otherwise."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from harness.cases import FAULT_KINDS, Fault
from harness.report.fault_coverage import fault_coverage
from harness.report.json_contract import CaseRecord, EngineInfo, Outcome, Report
from harness.report.write import OutputConfig, write_reports

BOUNDARIES = (("v7.0.0", 1), ("v7.0.0", 2), ("v7.4.0", 1))


def _fault_case(engine: str, fault: Fault, outcome: Outcome = "passed") -> CaseRecord:
    return CaseRecord(
        id=f"rollback[{engine}-{fault.kind}@{fault.version}#{fault.statement}]",
        engine=engine,
        check="rollback",
        from_version="v6.7.3",
        to_version=fault.version,
        path=("v6.7.3", fault.version),
        fault=fault,
        outcome=outcome,
        duration_s=1.0,
        runner_s=0.5,
    )


def _report(cases: list[CaseRecord]) -> Report:
    engines = [EngineInfo("postgresql@15", "local", "15.18"), EngineInfo("mariadb@10.11", "local", "10.11.14")]
    return Report.build("nightingale", 10.0, engines, cases)


def _full(engine: str) -> list[CaseRecord]:
    return [_fault_case(engine, Fault(kind, version, step)) for version, step in BOUNDARIES for kind in FAULT_KINDS]


def test_a_full_run_counts_boundaries_times_kinds_per_engine(tmp_path: Path) -> None:
    skipped = _fault_case("mariadb@10.11", Fault("lock-timeout", "v7.0.0", 1), "skipped")
    cases = _full("postgresql@15") + [c if c.id != skipped.id else skipped for c in _full("mariadb@10.11")]
    rows = fault_coverage(_report(cases))
    assert [(r.engine, r.boundaries, r.cases, r.complete) for r in rows] == [
        ("mariadb@10.11", 3, 12, True),
        ("postgresql@15", 3, 12, True),
    ]
    assert rows[0].outcomes.skipped == 1
    write_reports(_report(cases), tmp_path, OutputConfig())
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert (
        "| postgresql@15 | rollback | 12 = 3 boundaries x 4 kinds | sql-error, crash, disconnect, lock-timeout |"
        in summary
    )
    assert "Fault cases" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_a_missing_kind_makes_the_count_partial() -> None:
    cases = _full("postgresql@15")[:-1]
    (row,) = fault_coverage(_report(cases))
    assert (row.cases, row.boundaries, row.complete) == (11, 3, False)


def test_no_fault_cases_no_section(tmp_path: Path) -> None:
    plain = _fault_case("postgresql@15", Fault("crash", "v7.0.0", 1))
    plain = dataclasses.replace(plain, fault=None, check="schema", id="schema[postgresql@15-v6.7.3>v7.0.0]")
    write_reports(_report([plain]), tmp_path, OutputConfig())
    assert "Fault cases" not in (tmp_path / "summary.md").read_text(encoding="utf-8")
