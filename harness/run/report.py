"""A run's results -> the report: report.json and its friends, and the gate's verdict (which decides the exit)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence

from harness.layouts import set_aside_entries
from harness.report.environment import collect_environment
from harness.report.gate import apply_gate, decide, load_allowlist
from harness.report.json_contract import (
    UNAVAILABLE_PROVIDER,
    EngineInfo,
    JsonValue,
    Report,
)
from harness.report.verdict import GateVerdict
from harness.report.write import load_output_config, write_reports
from harness.run.state import Run


def build_report(run: Run, duration_s: float, pytest_args: Sequence[str] = ()) -> Report:
    """The run's Report model, built from its typed results (cases sorted by id; the summary counted from them)."""
    results = sorted(run.results.values(), key=lambda result: result.id)
    return Report.build(
        run.plan.scenario.name, round(duration_s, 3), _engines(run), results, _environment(run, pytest_args)
    )


def _engines(run: Run) -> list[EngineInfo]:
    """Servers this process started first, then those xdist workers started, then the engines nobody could start."""
    described = {engine["spec"]: engine for engine in run.workbench.describe_engines()}
    for spec, engine in run.worker_engines.items():
        described.setdefault(spec, engine)
    for name in run.plan.engine_specs:
        described.setdefault(name, {"spec": name, "provider": UNAVAILABLE_PROVIDER, "server_version": ""})
    return [
        EngineInfo(e["spec"], e.get("provider"), e.get("server_version"), e.get("reason")) for e in described.values()
    ]


def _environment(run: Run, pytest_args: Sequence[str]) -> dict[str, JsonValue]:
    selection = run.plan.selection
    return {
        **collect_environment(pytest_args),
        "selection": {
            "paths": selection.paths,
            "checks": list(selection.checks),
            "faults": selection.faults,
            "seed_size": selection.seed_size,
            "shard": "/".join(map(str, selection.shard)) if selection.shard else None,
        },
        **_set_aside(run),
    }


def _set_aside(run: Run) -> dict[str, JsonValue]:
    """`set_aside`: every file of a foreign history the layout reader did not run, with the reason (omitted when
    there is none), so a report says what it did not verify."""
    entries = set_aside_entries(run.plan.scenario)
    return {"set_aside": [{"path": path, "reason": reason} for path, reason in entries]} if entries else {}


def finish_report(run: Run, duration_s: float, interrupted: bool, pytest_args: Sequence[str] = ()) -> GateVerdict:
    """The run's gate verdict; with a report directory, the report files too (partial when interrupted)."""
    selection = run.plan.selection
    report = build_report(run, duration_s, pytest_args)
    if selection.shard is not None:
        report = dataclasses.replace(report, shard=selection.shard)
    allowlist = load_allowlist(selection.allowlist) if selection.allowlist is not None else None
    today = dt.date.today()
    if allowlist is not None:
        report = apply_gate(report, allowlist, today).report
    verdict = decide(
        report,
        requested_engines=list(run.plan.engine_specs),
        allow_missing_engines=selection.allow_missing_engines,
        allowlist=allowlist.entries if allowlist is not None else (),
        today=today,
        interrupted=interrupted,
    )
    if selection.report_dir is not None:
        write_reports(report.with_gate(verdict), selection.report_dir, load_output_config(os.environ))
    return verdict
