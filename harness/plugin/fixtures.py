"""Fixtures: the extension points. Override any of them in your conftest.py to change what the checks use.

A product team's own upgrade test, in five lines:

    def test_rules_survive(database_at, upgrade_runner):
        db = database_at("v7.0.0")
        assert upgrade_runner.upgrade(db.url, "v9.1.0").ok
        with db.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM alert_rule").scalar() > 0
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass

import pytest
from sqlalchemy import Connection
from sqlalchemy.engine import URL

from harness.cases import Case
from harness.data import DataSnapshot, read_product_schema, read_product_state
from harness.db import connect
from harness.engines.server_api import EngineUnavailable, Server
from harness.inspect import Schema
from harness.run import Run
from harness.runners import Runner
from harness.scenario import Scenario
from harness.workbench import Workbench


@dataclass(frozen=True)
class Database:
    """A scratch database handed to a test; dropped when the test ends."""

    server: Server
    name: str
    own_tables: frozenset[str]

    @property
    def url(self) -> URL:
        return self.server.url(self.name)

    def connect(self) -> AbstractContextManager[Connection]:
        return connect(self.url)

    def schema(self) -> Schema:
        with self.connect() as connection:
            return read_product_schema(connection, self.own_tables)

    def data(self) -> DataSnapshot:
        with self.connect() as connection:
            return read_product_state(connection, self.own_tables)[1]


@pytest.fixture(scope="session")
def upgrade_session(request: pytest.FixtureRequest) -> Run:
    """The run core's Run: its plan (scenario, runner, selection) and workbench; needs `--upgrade-scenario` (or the
    ini key)."""
    from harness.plugin.hooks import SESSION_KEY

    session = request.config.stash.get(SESSION_KEY, None)
    if session is None:
        pytest.skip("no upgrade scenario selected: pass --upgrade-scenario NAME|PATH")
    return session


@pytest.fixture(scope="session")
def upgrade_scenario(upgrade_session: Run) -> Scenario:
    """The scenario under verification. Override to hand the checks a scenario built in code."""
    return upgrade_session.plan.scenario


@pytest.fixture(scope="session")
def upgrade_runner(upgrade_session: Run) -> Runner:
    """The system under test. Override to verify another runner against the same scenario."""
    return upgrade_session.plan.runner


@pytest.fixture(scope="session")
def upgrade_workbench(upgrade_session: Run) -> Workbench:
    """Servers, seeded snapshots and upgraded databases shared by every case of the run."""
    return upgrade_session.workbench


@pytest.fixture(scope="session")
def upgrade_server(upgrade_workbench: Workbench) -> Callable[[str | None], Server]:
    """`upgrade_server(engine)`: the running server of a selected engine (the first one when None)."""

    def get(engine: str | None = None) -> Server:
        name = engine or next(iter(upgrade_workbench.engines))
        try:
            return upgrade_workbench.server(name)
        except EngineUnavailable as err:
            pytest.skip(f"{name} unavailable: {err.reason}")

    return get


@pytest.fixture
def database_at(upgrade_workbench: Workbench) -> Iterator[Callable[..., Database]]:
    """`database_at(version, seed=True, engine=None)`: a scratch database at `version`, seeded unless seed=False."""
    made: list[Database] = []

    def make(version: str, seed: bool = True, engine: str | None = None) -> Database:
        name = engine or next(iter(upgrade_workbench.engines))
        try:
            server = upgrade_workbench.server(name)
        except EngineUnavailable as err:
            pytest.skip(f"{name} unavailable: {err.reason}")
        snapshots = upgrade_workbench.snapshots(name)
        if seed:
            database = snapshots.clone_seeded(version)
        else:
            database = server.create_database()
            outcome = upgrade_workbench.runner.install(server.url(database), version)
            if not outcome.ok:
                server.drop_database(database)
                pytest.fail(f"fresh install of {version} failed: {outcome.error}")
        handle = Database(server, database, upgrade_workbench.runner.own_tables)
        made.append(handle)
        return handle

    yield make
    for handle in made:
        handle.server.drop_database(handle.name)


@pytest.fixture(autouse=True)
def upgrade_case_engines_available(request: pytest.FixtureRequest) -> None:
    """A case whose engine cannot run here is skipped with the reason (what to install), never dropped."""
    if "upgrade_case" not in request.fixturenames:
        return
    case: Case = request.getfixturevalue("upgrade_case")
    bench: Workbench = request.getfixturevalue("upgrade_workbench")
    for engine in case.engines:
        try:
            bench.server(engine)
        except EngineUnavailable as err:
            pytest.skip(f"{engine} unavailable: {err.reason}")
