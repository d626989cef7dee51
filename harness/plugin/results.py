"""Turn pytest reports into report.json case records (the contract in DESIGN.md) and write the report files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pytest

from harness.cases import Case
from harness.layouts import set_aside_entries
from harness.report.environment import collect_environment
from harness.report.gate import apply_gate, decide, load_allowlist
from harness.report.model import STATEMENTS_PROPERTY, Report
from harness.report.verdict import GateVerdict
from harness.report.write import load_output_config, write_reports

if TYPE_CHECKING:
    from harness.plugin.session import UpgradeSession

SEVERITY = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}


MESSAGE_LIMIT = 60_000  # characters; a longer message keeps its head (what failed) and its tail
_HEAD_SHARE = 2 / 3


def _outcome(report: pytest.TestReport, scenario_error: bool) -> str:
    if report.when == "call" and not scenario_error:
        return str(report.outcome)
    return {"failed": "error", "skipped": "skipped"}.get(report.outcome, "passed")


def shorten_middle(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Cut a long text in the middle, saying how much went, so its first lines (the diagnosis) always survive."""
    if len(text) <= limit:
        return text
    head = int(limit * _HEAD_SHARE)
    tail = limit - head
    return f"{text[:head]}\n[... {len(text) - limit} characters cut ...]\n{text[-tail:]}"


def _message(report: pytest.TestReport) -> str:
    if report.outcome == "skipped" and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    if report.outcome == "failed":
        return shorten_middle(report.longreprtext)
    return ""


def case_record(case: Case, report: pytest.TestReport, runner_s: float, scenario_error: bool = False) -> dict[str, Any]:
    """`scenario_error`: the case raised the scenario's own error (its seed, its files): an error, not a failure."""
    record: dict[str, Any] = {
        "id": report.nodeid,
        "engine": case.engine_label,
        "check": case.check,
        "from": case.path.start,
        "to": case.path.target,
        "path": list(case.path.stops),
        "fault": case.fault.as_json() if case.fault else None,
        "outcome": _outcome(report, scenario_error),
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


def build_report(session: UpgradeSession, duration_s: float, pytest_args: Sequence[str] = ()) -> dict[str, Any]:
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
            **collect_environment(pytest_args),
            "selection": {
                "paths": session.selection.paths,
                "checks": list(session.selection.checks),
                "faults": session.selection.faults,
                "seed_size": session.selection.seed_size,
                "shard": "/".join(map(str, session.selection.shard)) if session.selection.shard else None,
            },
            **_set_aside(session),
        },
    }


def _set_aside(session: UpgradeSession) -> dict[str, Any]:
    """`set_aside`: every file of a foreign history the layout reader did not run, with the reason (omitted when
    there is none), so a report says what it did not verify."""
    entries = set_aside_entries(session.scenario)
    return {"set_aside": [{"path": path, "reason": reason} for path, reason in entries]} if entries else {}


def finish_report(
    session: UpgradeSession, duration_s: float, interrupted: bool, pytest_args: Sequence[str] = ()
) -> GateVerdict:
    """The run's gate verdict; with a report directory, the report files too (partial when interrupted)."""
    selection = session.selection
    report = Report.from_json(build_report(session, duration_s, pytest_args), source="this run")
    if selection.shard is not None:
        report = dataclasses.replace(report, shard=selection.shard)
    allowlist = load_allowlist(selection.allowlist) if selection.allowlist is not None else None
    today = dt.date.today()
    if allowlist is not None:
        report = apply_gate(report, allowlist, today).report
    verdict = decide(
        report,
        requested_engines=list(session.engine_specs),
        allow_missing_engines=selection.allow_missing_engines,
        allowlist=allowlist.entries if allowlist is not None else (),
        today=today,
        interrupted=interrupted,
    )
    if selection.report_dir is not None:
        write_reports(report.with_gate(verdict), selection.report_dir, load_output_config(os.environ))
    return verdict
