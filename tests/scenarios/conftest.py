"""Fixtures of the Nightingale scenario tests: the parsed history, fresh installs and a seeded workbench per server.

Everything expensive is built once per session and server, then cloned by the tests (the server's clone API), so
the scenario's twelve versions are installed once, not once per test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.engines.server_api import Server
from harness.runners import runner_for
from harness.scenario import Scenario, load_scenario
from harness.workbench import Workbench
from migrator.source import MigrationSource
from tests.scenarios import n9e_apply
from tests.scenarios.n9e_support import SEED_SIZE, Installs


@pytest.fixture(scope="session")
def n9e_source() -> MigrationSource:
    return n9e_apply.load()


@pytest.fixture(scope="session")
def n9e_scenario() -> Scenario:
    return load_scenario(n9e_apply.SCENARIO)


@pytest.fixture(scope="session")
def installs(server: Server, n9e_source: MigrationSource) -> Iterator[Installs]:
    """Fresh installs of every version on the test engine, made on first use."""
    built = Installs(server, n9e_source)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture(scope="session")
def n9e_bench(server: Server, n9e_scenario: Scenario) -> Iterator[Workbench]:
    """The scenario with the migrator on the test engine: seeded snapshots (SEED_SIZE) built once, then cloned."""
    name = server.spec.name
    bench = Workbench(n9e_scenario, runner_for(n9e_scenario), {name: name}, SEED_SIZE, servers={name: server})
    try:
        yield bench
    finally:
        bench.close()
