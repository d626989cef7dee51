"""Everything one `reproduce` run holds: the server, the scenario and its runner, fresh-install schemas, and the
scratch databases to drop at the end (whatever happens)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from harness.engines import parse_spec, start_server
from harness.engines.server_api import EngineSpec, Server
from harness.failures import CheckFailed
from harness.inspect import Schema
from harness.reproduce import fresh_cache
from harness.reproduce.reproduce_error import ReproduceError
from harness.runners import Runner, runner_for
from harness.scenario import Scenario, load_scenario
from harness.snapshots import SnapshotCache


@dataclass(frozen=True)
class Environment:
    """Checked input: the engine spec and scenario, resolved before any server starts."""

    spec: EngineSpec
    scenario: Scenario
    scenario_argument: str  # as the user gave it, for the bundle's command


def resolve(engine: str, scenario: str) -> Environment:
    """Raises EngineSpecError / ScenarioError (bad input, exit 2)."""
    return Environment(parse_spec(engine), load_scenario(scenario), scenario)


_RUNNERS: dict[tuple[Path, Path, str], Runner] = {}


def _runner(scenario: Scenario) -> Runner:
    """One runner per history and process: loading a long history's scripts is costly, and runners keep no
    per-database state, so runs in one process (a test session, the bundle's replay) share it."""
    key = (scenario.root, scenario.migrations_dir, scenario.runner)
    if key not in _RUNNERS:
        _RUNNERS[key] = runner_for(scenario)
    return _RUNNERS[key]


class Workspace:
    def __init__(self, environment: Environment, server: Server | None = None) -> None:
        self.environment = environment
        self.scenario = environment.scenario
        self.runner: Runner = _runner(environment.scenario)
        self._own_server = server is None
        self.server: Server = server if server is not None else start_server(environment.spec)
        self._fresh = SnapshotCache(self.server, self.scenario, self.runner, seed_size=0)
        self._databases: list[str] = []

    def fresh_schema(self, version: str) -> Schema:
        """The schema of a fresh install of `version` on this server (runner tables left out), cached on disk."""
        family_version = ".".join(self.server.server_version.split(".")[:2])
        key = fresh_cache.cache_key(self.scenario.name, self.runner.name, f"{self.server.spec.family}@{family_version}",
                                    self.scenario.migrations_dir / version)
        cached = fresh_cache.load(key) if key else None
        if cached is not None:
            return cached
        try:
            schema = self._fresh.fresh_schema(version)
        except CheckFailed as err:
            raise ReproduceError(f"cannot fingerprint the dump: {err.headline}") from err
        if key:
            fresh_cache.store(key, schema)
        return schema

    def database(self) -> str:
        name = self.server.create_database("uh_repro_")
        self._databases.append(name)
        return name

    def clone(self, source: str) -> str:
        name = self.server.clone_database(source, "uh_repro_")
        self._databases.append(name)
        return name

    def adopt(self, name: str) -> str:
        """Drop `name` with the workspace (a database another helper created)."""
        self._databases.append(name)
        return name

    def drop(self, name: str) -> None:
        if name in self._databases:
            self._databases.remove(name)
            self.server.drop_database(name)

    def close(self) -> None:
        try:
            for name in reversed(self._databases):
                self.server.drop_database(name)
            self._databases.clear()
        finally:
            if self._own_server:
                self.server.stop()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
