"""Benchmarks on the Nightingale scenario: schema readers, a profile, and seed speed (time to first result:
first_result_runs.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from benchmarks.profiling import profile_harness
from benchmarks.reflection import compare_readers
from benchmarks.seed_speed import measure_seed
from harness.engines.server_api import Server
from harness.runners import runner_for
from harness.scenario import Scenario, ScenarioError, load_scenario

Result = dict[str, Any]
Log = Callable[[str], None]
SCENARIO = "nightingale"


def load() -> Scenario:
    return load_scenario(SCENARIO)


def readers(scenario: Scenario, servers: Mapping[str, Server], repeats: int) -> Result:
    """Catalog reader vs SQLAlchemy reflection on a fresh install of the head."""
    runner = runner_for(scenario)
    results: Result = {}
    for engine, server in servers.items():
        database = server.create_database()
        try:
            outcome = runner.install(server.url(database), scenario.head)
            if not outcome.ok:
                raise ScenarioError(f"install of {scenario.head} failed on {engine}: {outcome.error}")
            results[engine] = compare_readers(server, database, repeats)
        finally:
            server.drop_database(database)
    return results


def profiles(scenario: Scenario, servers: Mapping[str, Server], seed_size: int, out_dir: Path) -> Result:
    return {engine: profile_harness(scenario, server, seed_size, out_dir) for engine, server in servers.items()}


def seeds(scenario: Scenario, servers: Mapping[str, Server], size: int, log: Log) -> Result:
    results: Result = {}
    for engine, server in servers.items():
        log(f"  seeding {size:,} rows on {engine}")
        results[engine] = measure_seed(scenario, server, size)
    return results
