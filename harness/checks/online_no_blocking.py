"""Check `online`: while the runner upgrades V-1 -> V on a database seeded at the online seed size, the workload
of V-1 keeps running; no migration statement may keep a workload query waiting for a lock longer than
`[online] max_blocking_s` (default 1 s), hold a write-blocking lock while it scans a table for longer than that
at the table's production size (`[online] production_rows`, `production_scale`), or make a workload query fail.
The seed size is the larger of `[online] seed_size` and `--seed-size`. Per-statement measurements go to the
report's `statements` (see docs/online.md).
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections
from harness.failures import CheckFailed
from harness.online import OnlineRun, load_workload, measure_online, online_settings
from harness.online.findings import StatementImpact, counted
from harness.online.impact_tables import notable, short_sql, summary, text_table
from harness.release_order import version_key
from harness.report.json_contract import STATEMENTS_PROPERTY
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "online", CaseKind.STEPS, "the previous release's workload is not blocked by a step")


def measure(bench: Workbench, case: Case) -> OnlineRun:
    scenario = bench.scenario
    workload = load_workload(scenario)
    if workload is None:
        pytest.skip(f"scenario {scenario.name!r} declares no workload (workload.py), so there is nothing to run")
    server = bench.server(case.engine)
    queries = workload.queries(case.path.start, server.dialect)
    if not queries:
        pytest.skip(f"the workload declares nothing at or before {case.path.start}")
    settings = online_settings(scenario)
    if bench.seed_size > settings.seed_size:  # --seed-size raises the online seed; [online] seed_size is its floor
        settings = settings.replace(seed_size=bench.seed_size)
    return measure_online(
        server, bench.runner, scenario, queries, case.path.start, case.path.target, settings, case.engine
    )


def judge(run: OnlineRun, case: Case, limit_s: float) -> None:
    blocking = run.blocking(limit_s)
    scaled = run.scaled_blocking(limit_s)
    failed = [(impact, error) for impact in run.impacts for error in impact.errors]
    if not (blocking or scaled or failed or run.errors_after or run.upgrade_error):
        return
    raise CheckFailed(
        _headline(run, limit_s, blocking, scaled, failed),
        {
            **case_sections(case),
            f"blocking statements (limit {limit_s:g} s)": "\n".join(
                f"{i.label}: {i.waiting_query!r} waited {i.lock_wait_s:.3f} s for {i.lock}\n"
                f"  {short_sql(i.statement, 200)}"
                for i in blocking
            ),
            f"write-blocking locks at production size (limit {limit_s:g} s)": "\n".join(
                f"{i.label}: {i.scaled.describe()}\n  {short_sql(i.statement, 200)}" for i in scaled if i.scaled
            ),
            f"where the workload of {run.start} first fails": "\n".join(
                f"{b.query!r} fails from {b.label} on ({short_sql(b.statement.statement, 100)}): {b.error}"
                for b in run.breakages
            ),
            "failed workload queries": _counted(
                f"during {impact.label} ({short_sql(impact.statement, 60)}): {error}" for impact, error in failed
            ),
            "failed after the upgrade": _counted(run.errors_after),
            "runner said": run.upgrade_error,
            "workload": summary(run),
            "per-statement impact (* = not seen running; placed by the runner's timings)": text_table(
                notable(run, limit_s)
            ),
        },
    )


def _headline(
    run: OnlineRun,
    limit_s: float,
    blocking: list[StatementImpact],
    scaled: list[StatementImpact],
    failed: list[tuple[StatementImpact, str]],
) -> str:
    if blocking:
        worst = max(blocking, key=lambda impact: impact.lock_wait_s)
        return (
            f"{worst.label} blocked the workload of {run.start} for {worst.lock_wait_s:.2f} s "
            f"(limit {limit_s:g} s): {short_sql(worst.statement, 100)}"
        )
    if scaled:
        longest = max(scaled, key=lambda impact: impact.scaled.estimate_s if impact.scaled else 0.0)
        assert longest.scaled is not None
        block = longest.scaled
        return (
            f"{longest.label} holds {block.lock.mode} on {block.lock.table} while it scans the table: writes would "
            f"wait about {block.estimate_s:.1f} s at {block.production_rows:,} rows (limit {limit_s:g} s; "
            f"{block.cost_s:.3f} s at {block.seeded_rows:,} seeded rows): {short_sql(longest.statement, 100)}"
        )
    if failed or run.errors_after:
        count = len(failed) + len(run.errors_after)
        when = "during the upgrade" if failed else "after the upgrade"
        lead = f"{count} workload quer{'y' if count == 1 else 'ies'} of {run.start} failed {when}"
        if run.breakages:  # the statement that broke it, not the one that happened to run when it failed
            first = min(run.breakages, key=lambda b: (version_key(b.statement.version), b.statement.step))
            return (
                f"{lead}; {first.query!r} fails from {first.label} on "
                f"({short_sql(first.statement.statement, 80)}): {first.error}"
            )
        if failed:
            impact, error = failed[0]
            return f"{lead}, first during {impact.label}: {error}"
        return f"{lead}: {run.errors_after[0]}"
    return f"the upgrade {run.start} -> {run.target} failed while the workload ran: {run.upgrade_error}"


def _counted(lines: Iterable[str]) -> str:
    return "\n".join(counted(lines))


def verify(bench: Workbench, case: Case) -> None:
    judge(measure(bench, case), case, online_settings(bench.scenario).max_blocking_s)


def test_online(upgrade_case: Case, upgrade_workbench: Workbench, request: pytest.FixtureRequest) -> None:
    run = measure(upgrade_workbench, upgrade_case)
    limit_s = online_settings(upgrade_workbench.scenario).max_blocking_s
    # The plugin copies this into the case's `statements` in report.json. (Not `record_property`: it warns
    # under junit's xunit2 family, and warnings are errors.)
    request.node.user_properties.append((STATEMENTS_PROPERTY, [impact.as_record(limit_s) for impact in run.impacts]))
    judge(run, upgrade_case, limit_s)
