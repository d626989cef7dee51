"""Turn pytest reports into report.json case records (the contract in DESIGN.md) and write the report files."""

from __future__ import annotations

import os
import platform
import sys
from typing import TYPE_CHECKING, Any

import pytest

from harness.cases import Case
from harness.report.model import STATEMENTS_PROPERTY
from harness.report.write import load_output_config, write_reports

if TYPE_CHECKING:
    from harness.plugin.session import UpgradeSession

SEVERITY = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}


def _outcome(report: pytest.TestReport) -> str:
    if report.when == "call":
        return str(report.outcome)
    return {"failed": "error", "skipped": "skipped"}.get(report.outcome, "passed")


def _message(report: pytest.TestReport) -> str:
    if report.outcome == "skipped" and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    if report.outcome == "failed":
        return report.longreprtext[-4000:]
    return ""


def case_record(case: Case, report: pytest.TestReport, runner_s: float) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": report.nodeid,
        "engine": case.engine,
        "check": case.check,
        "from": case.path.start,
        "to": case.path.target,
        "path": list(case.path.stops),
        "fault": case.fault.as_json() if case.fault else None,
        "outcome": _outcome(report),
        "duration_s": round(report.duration, 4),
        "runner_s": round(runner_s, 4),
        "message": _message(report),
    }
    statements = dict(report.user_properties).get(STATEMENTS_PROPERTY)
    if statements:
        record["statements"] = statements
    return record


def merge_record(records: dict[str, dict[str, Any]], record: dict[str, Any]) -> None:
    """A case reports once per phase (setup, call, teardown): keep the worst outcome, add up the time."""
    existing = records.get(record["id"])
    if existing is None:
        records[record["id"]] = dict(record)
        return
    duration = existing["duration_s"] + record["duration_s"]
    if SEVERITY[record["outcome"]] > SEVERITY[existing["outcome"]]:
        existing.update(record)
    existing["duration_s"] = round(duration, 4)
    existing["runner_s"] = max(existing["runner_s"], record["runner_s"])


def build_report(session: UpgradeSession, duration_s: float) -> dict[str, Any]:
    cases = sorted(session.results.values(), key=lambda case: case["id"])
    summary = {outcome: 0 for outcome in ("passed", "failed", "error", "skipped")}
    for case in cases:
        summary[case["outcome"]] += 1
    bench = session.workbench
    # Servers this process started first, then those xdist workers started, then the engines nobody could start.
    described = {engine["spec"]: engine for engine in bench.describe_engines()}
    for spec, engine in session.worker_engines.items():
        described.setdefault(spec, engine)
    for name in session.engine_specs:
        described.setdefault(name, {"spec": name, "provider": "unavailable", "server_version": ""})
    engines = list(described.values())
    return {
        "scenario": session.scenario.name,
        "duration_s": round(duration_s, 3),
        "engines": engines,
        "cases": cases,
        "summary": summary,
        "environment": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "selection": {
                "paths": session.selection.paths,
                "checks": list(session.selection.checks),
                "faults": session.selection.faults,
                "seed_size": session.selection.seed_size,
                "shard": "/".join(map(str, session.selection.shard)) if session.selection.shard else None,
            },
        },
    }


def write_session_report(session: UpgradeSession, duration_s: float) -> None:
    report = build_report(session, duration_s)
    directory = session.selection.report_dir
    assert directory is not None
    directory.mkdir(parents=True, exist_ok=True)
    write_reports(report, directory, load_output_config(os.environ))
