"""One online measurement: the upgrade start -> target runs while the start version's workload keeps running.

The database is installed at `start` and seeded at the online seed size, the workload and the lock sampler start,
after a warm-up the runner upgrades, and after a cool-down everything stops. Then the samples and the workload's
timings are attributed to the runner's statements, and a replay on an empty database tells which statements
rewrote a table, which write-blocking locks they held (scaled to the tables' production size, `scaling.py`) and
after which statement each failing workload query first failed.
"""

from __future__ import annotations

import time

from harness.db import connect
from harness.dialects import TRAITS
from harness.engines.server_api import Server
from harness.failures import CheckFailed
from harness.online.findings import Latency, OnlineRun
from harness.online.params import read_param_values
from harness.online.probe import probe_statements
from harness.online.sampler import LockSampler
from harness.online.scaling import scale_all, table_rows
from harness.online.server_activity import online_dialect
from harness.online.settings import OnlineSettings
from harness.online.timeline import (
    impacts,
    observed_statements,
    place_statements,
    runner_executions,
    runner_lock_waits,
    wait_episodes,
)
from harness.online.workers import QueryRun, WorkloadWorkers
from harness.online.workload import WorkloadQuery
from harness.runners.system_under_test import Runner, RunOutcome
from harness.scenario import Scenario, ScenarioError


class WorkloadError(ScenarioError):
    """The workload does not run on its own version: a scenario mistake, not an upgrade problem."""


def seeded_database(server: Server, runner: Runner, scenario: Scenario, version: str, size: int) -> str:
    """A new database installed at `version` and seeded with `size`; the caller drops it."""
    database = server.create_database()
    try:
        url = server.url(database)
        outcome = runner.install(url, version)
        if not outcome.ok:
            raise CheckFailed(
                f"fresh install of {version} failed on {server.spec.name}",
                {"runner said": outcome.error, "statement": outcome.failed_statement or ""},
            )
        if scenario.seed is not None:
            with connect(url) as connection:
                scenario.seed(connection, version=version, dialect=server.dialect, size=size)
                connection.commit()
        refresh = TRAITS[server.dialect].refresh_statistics_sql
        if refresh is not None:
            with connect(url, autocommit=True) as connection:
                connection.exec_driver_sql(refresh)  # fresh statistics, as a live database has
    except BaseException:
        server.drop_database(database)
        raise
    return database


def measure_online(
    server: Server,
    runner: Runner,
    scenario: Scenario,
    queries: tuple[WorkloadQuery, ...],
    start: str,
    target: str,
    settings: OnlineSettings,
    engine: str | None = None,
) -> OnlineRun:
    database = seeded_database(server, runner, scenario, start, settings.seed_size)
    try:
        url = server.url(database)
        dialect = online_dialect(server.dialect)
        with connect(url, autocommit=True) as connection:
            values = read_param_values(connection, queries)
            rows = table_rows(connection)
        if values.broken:
            name, problem = next(iter(values.broken.items()))
            raise WorkloadError(f"the workload of {start} cannot start on {start}: query {name!r}: {problem}")
        workers = WorkloadWorkers(
            url,
            dialect,
            queries,
            values,
            workers=settings.workers,
            think_s=settings.think_s,
            timeout_s=settings.query_timeout_s,
        )
        sampler = LockSampler(url, dialect, settings.sample_interval_s, workers.label)
        with workers.running(), sampler.running():
            time.sleep(settings.warmup_s)
            upgrade_started = time.time()
            outcome = runner.upgrade(url, target)
            upgrade_ended = time.time()
            time.sleep(settings.cooldown_s)
    finally:
        server.drop_database(database)
    runs = list(workers.runs)
    _require_working_workload(runs, upgrade_started, start)
    failing = {run.query for run in runs if run.error and run.ended > upgrade_started}
    probe = (
        probe_statements(
            server, runner, start, outcome.statements, [query for query in queries if query.name in failing], values
        )
        if outcome.statements
        else None
    )
    executions = runner_executions(sampler.samples, workers.is_workload)
    statements = list(outcome.statements) or observed_statements(executions)
    spans = place_statements(statements, executions, upgrade_started)
    episodes = wait_episodes(sampler.samples, workers.is_workload, (upgrade_started, upgrade_ended))
    own_waits = runner_lock_waits(sampler.samples, workers.is_workload)
    found, before_first = impacts(spans, episodes, runs, probe, upgrade_ended, own_waits)
    outside = [run for run in runs if run.error and (run.ended > upgrade_ended or not spans)]
    return OnlineRun(
        engine=engine or server.spec.name,
        start=start,
        target=target,
        seed_size=settings.seed_size,
        workers=settings.workers,
        impacts=tuple(scale_all(found, rows, settings)),
        upgrade_s=upgrade_ended - upgrade_started,
        upgrade_error=_runner_error(outcome),
        baseline=Latency.of([run.seconds for run in runs if run.ended <= upgrade_started and not run.error]),
        during=Latency.of([run.seconds for run in runs if run.started < upgrade_ended and run.ended > upgrade_started]),
        errors_after=tuple(f"{run.query}: {run.error}" for run in outside),
        unattributed_wait=before_first,
        breakages=() if probe is None else tuple(probe.breakages.values()),
    )


def _require_working_workload(runs: list[QueryRun], upgrade_started: float, start: str) -> None:
    failed = [run for run in runs if run.error and run.ended <= upgrade_started]
    if failed:
        raise WorkloadError(
            f"the workload of {start} fails on {start} itself, before the upgrade started: "
            f"query {failed[0].query!r}: {failed[0].error}"
        )


def _runner_error(outcome: RunOutcome) -> str:
    if outcome.ok:
        return ""
    where = f" in {outcome.failed_version}" if outcome.failed_version else ""
    statement = f" at: {outcome.failed_statement}" if outcome.failed_statement else ""
    return f"{outcome.error}{where}{statement}"
