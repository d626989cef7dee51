"""A verification session's shared state: servers, seeded snapshots and upgraded databases, each built once.

Checks are views over the same upgrade: the upgrade, schema and data checks of one (engine, path) read one upgraded
database, so the runner runs once per path, not once per check. Databases are dropped as soon as the last case that
needs them has run (`expect` / `release`).

With `keep_templates`, the local servers it starts begin with the seeded databases an earlier run of the same
inputs kept (template_cache), and keep what this run added when they stop; servers it is given, and servers of
other providers (a URL, Docker), never do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from harness.data import DataSnapshot, read_data, read_product_schema
from harness.data_checksums import FingerprintStore, LiveDatabase
from harness.db import connect
from harness.engines import start_server
from harness.engines.server_api import EngineUnavailable, Server
from harness.engines.template_cache import TemplateRequest, cache_root, inputs_key, requested
from harness.inspect import Schema
from harness.paths import UpgradePath
from harness.runners.system_under_test import Runner, RunOutcome
from harness.scenario import Scenario
from harness.snapshots import SnapshotCache


@dataclass
class PathResult:
    """The outcome of upgrading a clone of the seeded start version along a path, stop by stop."""

    engine: str
    path: UpgradePath
    database: str
    outcomes: list[tuple[str, RunOutcome]] = field(default_factory=list)
    _schema: Schema | None = None
    _data: DataSnapshot | None = None
    # Checksums of the shared upgraded database, taken by the first comparison and kept: it is never written to.
    _fingerprints: FingerprintStore = field(default_factory=FingerprintStore)

    @property
    def runner_seconds(self) -> float:
        return sum(outcome.seconds for _, outcome in self.outcomes)

    @property
    def failure(self) -> tuple[str, RunOutcome] | None:
        return next(((stop, o) for stop, o in self.outcomes if not o.ok), None)


class Workbench:
    def __init__(
        self,
        scenario: Scenario,
        runner: Runner,
        engines: Mapping[str, str],
        seed_size: int,
        servers: Mapping[str, Server] | None = None,
        keep_templates: bool = False,
    ) -> None:
        """`engines` maps the display name used in case ids (password hidden) to the spec as the user gave it.

        `servers` are already running servers to use instead of starting new ones; they are left running on close.
        `keep_templates`: use and update the templates kept between runs (template_cache) for the servers started.
        """
        self.scenario = scenario
        self.runner = runner
        self.engines = engines
        self.seed_size = seed_size
        self._servers: dict[str, Server] = dict(servers or {})
        self._borrowed = frozenset(self._servers)
        self._unavailable: dict[str, str] = {}
        self._snapshots: dict[str, SnapshotCache] = {}
        self._paths: dict[tuple[str, UpgradePath], PathResult] = {}
        self._expected_uses: Counter[tuple[str, UpgradePath]] = Counter()
        self.runner_seconds: dict[tuple[str, UpgradePath], float] = {}
        self.keep_templates = keep_templates
        self._template_requests: dict[str, TemplateRequest] = {}

    def server(self, engine: str) -> Server:
        """The running server for `engine`, started on first use; raises EngineUnavailable (remembered)."""
        if engine in self._unavailable:
            raise EngineUnavailable(engine, self._unavailable[engine])
        if engine not in self._servers:
            request = self._template_request()
            try:
                with requested(request):
                    self._servers[engine] = start_server(self.engines.get(engine, engine))
                if request is not None and request.entry is not None:  # a local server: it can keep templates
                    self._template_requests[engine] = request
            except EngineUnavailable as err:
                self._unavailable[engine] = err.reason
                raise
        return self._servers[engine]

    def _template_request(self) -> TemplateRequest | None:
        # A command runner is an outside program the key cannot see: a changed build must never reuse templates.
        if not self.keep_templates or self.scenario.runner == "command":
            return None
        directories = (self.scenario.root, self.scenario.migrations_dir)
        identity = f"{type(self.runner).__module__}.{type(self.runner).__qualname__}:{self.runner.name}"
        return TemplateRequest(cache_root(), inputs_key(directories, identity, self.seed_size))

    def snapshots(self, engine: str) -> SnapshotCache:
        if engine not in self._snapshots:
            server = self.server(engine)
            request = self._template_requests.get(engine)
            stored = request.restored if request is not None else None
            self._snapshots[engine] = SnapshotCache(server, self.scenario, self.runner, self.seed_size, stored)
        return self._snapshots[engine]

    def expect(self, engine: str, path: UpgradePath) -> None:
        """Announce one more case that will read the upgraded database of (engine, path)."""
        self._expected_uses[(engine, path)] += 1

    def upgraded(self, engine: str, path: UpgradePath) -> PathResult:
        """The shared upgraded database of (engine, path); read it, never change it."""
        key = (engine, path)
        if key not in self._paths:
            self._paths[key] = self.upgrade_fresh_clone(engine, path)
            self.runner_seconds[key] = self._paths[key].runner_seconds
        return self._paths[key]

    def upgrade_fresh_clone(self, engine: str, path: UpgradePath) -> PathResult:
        """An upgraded database of the caller's own (not shared); the caller drops it with `drop`."""
        server = self.server(engine)
        result = PathResult(engine, path, self.snapshots(engine).clone_seeded(path.start))
        for stop in path.stops[1:]:
            outcome = self.runner.upgrade(server.url(result.database), stop)
            result.outcomes.append((stop, outcome))
            if not outcome.ok:
                break
        return result

    def schema_of(self, result: PathResult) -> Schema:
        if result._schema is None:
            with connect(self.server(result.engine).url(result.database)) as connection:
                result._schema = read_product_schema(connection, self.runner.own_tables)
        return result._schema

    def data_of(self, result: PathResult) -> DataSnapshot:
        if result._data is None:
            schema = self.schema_of(result)
            with connect(self.server(result.engine).url(result.database)) as connection:
                result._data = read_data(connection, schema)
        return result._data

    def live_of(self, result: PathResult) -> LiveDatabase:
        """The upgraded database for checksum comparisons; its checksums are computed once, on first use."""
        url = self.server(result.engine).url(result.database)
        return LiveDatabase(url, self.schema_of(result), result._fingerprints)

    def release(self, engine: str, path: UpgradePath) -> None:
        """One announced case is done; drop the upgraded database when none is left."""
        key = (engine, path)
        self._expected_uses[key] -= 1
        if self._expected_uses[key] <= 0 and key in self._paths:
            self.drop(self._paths.pop(key))

    def drop(self, result: PathResult) -> None:
        self.server(result.engine).drop_database(result.database)

    def close(self) -> None:
        for result in list(self._paths.values()):
            self.drop(result)
        self._paths.clear()
        for engine, cache in self._snapshots.items():
            request = self._template_requests.get(engine)
            if request is not None and request.entry is not None and cache.built_new:
                request.keep(cache.to_store(request.entry))  # saved by the server's stop, below
                cache.close(keep=True)
            else:
                cache.close()
        for name, server in self._servers.items():
            if name not in self._borrowed:
                server.stop()
        self._servers.clear()

    def describe_engines(self) -> list[dict[str, str]]:
        return [
            {
                "spec": engine,
                "provider": server.provider,
                "server_version": server.server_version,
            }
            for engine, server in self._servers.items()
        ]
