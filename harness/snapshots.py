""""Database at version V, seeded": built once per session and server, cloned for every case that starts there.

With templates kept between runs (template_cache), the server starts with the seeded databases of an earlier run
of the same inputs and `stored` says what they are; those are used instead of installing and seeding again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from harness.data import DataSnapshot, read_data, read_product_schema, read_product_state
from harness.data_checksums import FingerprintStore, LiveDatabase, fingerprint_database
from harness.db import connect
from harness.engines.server_api import Server
from harness.engines.template_cache import StoredSeed, StoredTemplates
from harness.failures import InstallFailed, SeedError
from harness.inspect import Schema
from harness.runners.system_under_test import Runner
from harness.scenario import Scenario
from harness.seeding import run_seed
from harness.volatile import VolatileDeclarationError, declared_volatile


@dataclass(frozen=True)
class SeededSnapshot:
    """A seeded template: its schema, the per-chunk checksums of its rows (`live.store`, taken once when it is
    seeded, so a comparison against it scans only the other side) and, read when first asked for, its rows."""

    database: str
    version: str
    schema: Schema
    rows_seeded: int
    live: LiveDatabase

    @cached_property
    def data(self) -> DataSnapshot:
        with connect(self.live.url) as connection:
            return read_data(connection, self.schema)


class SnapshotCache:
    """Per-server cache of seeded templates and fresh-install schemas; `close()` drops every database it made."""

    def __init__(
        self, server: Server, scenario: Scenario, runner: Runner, seed_size: int,
        stored: StoredTemplates | None = None,
    ) -> None:
        self.server = server
        self.scenario = scenario
        self.runner = runner
        self.seed_size = seed_size
        self._seeded: dict[str, SeededSnapshot] = {}
        self._seed_failures: dict[str, SeedError] = {}
        self._install_failures: dict[str, InstallFailed] = {}
        self._fresh: dict[str, Schema] = {}
        self._fresh_data: dict[str, DataSnapshot] = {}
        self._stored = stored
        # What this run did: the evidence that kept templates were used (and the reason to save them again).
        self.installs_run = 0
        self.reused: set[str] = set()
        self.built: set[str] = set()
        if stored is not None:
            for version, (schema, data) in stored.fresh.items():
                self._fresh[version] = schema
                self._fresh_data[version] = data
                self.reused.add(f"fresh {version}")

    def _install(self, version: str) -> str:
        """A fresh install of `version`; one that failed is not tried again (its cases all get the same failure)."""
        if version in self._install_failures:
            raise self._install_failures[version].repeated()
        database = self.server.create_database()
        self.installs_run += 1
        outcome = self.runner.install(self.server.url(database), version)
        if not outcome.ok:
            self.server.drop_database(database)
            failure = InstallFailed(version, self.server.spec.name, outcome.error, outcome.failed_statement or "")
            self._install_failures[version] = failure
            raise failure
        return database

    def seeded(self, version: str) -> SeededSnapshot:
        """The seeded template of `version`. A seed that failed is not run again: every later case that needs it
        gets the same SeedError, so one mistake in the scenario is one message, not one re-run per case."""
        if version in self._seed_failures:
            raise self._seed_failures[version].repeated()
        if version not in self._seeded and not self._restore(version):
            database = self._install(version)
            try:
                with connect(self.server.url(database)) as connection:
                    counts = run_seed(
                        self.scenario, connection, version=version, dialect=self.server.dialect,
                        engine=self.server.spec.name, size=self.seed_size,
                    )
                    schema = read_product_schema(connection, self.runner.own_tables)
                    store = self._fingerprint(connection, schema)
            except SeedError as err:
                self.server.drop_database(database)
                self._seed_failures[version] = err
                raise
            except BaseException:
                self.server.drop_database(database)
                raise
            live = LiveDatabase(self.server.url(database), schema, store)
            self._seeded[version] = SeededSnapshot(database, version, schema, sum(counts.values()), live)
            self.built.add(f"seeded {version}")
        return self._seeded[version]

    def _restore(self, version: str) -> bool:
        """The kept seeded template of `version`, when there is one and its database is really there."""
        stored = self._stored.seeded.get(version) if self._stored is not None else None
        if stored is None or not self._reachable(stored.database):
            return False
        live = LiveDatabase(self.server.url(stored.database), stored.schema, stored.fingerprints)
        self._seeded[version] = SeededSnapshot(stored.database, version, stored.schema, stored.rows_seeded, live)
        self.reused.add(f"seeded {version}")
        return True

    def _reachable(self, database: str) -> bool:
        try:
            with connect(self.server.url(database)):
                return True
        except DBAPIError:
            return False

    @property
    def built_new(self) -> bool:
        """Whether this run made a template or reference the kept ones lack (or had lost)."""
        return bool(self.built)

    def to_store(self, entry: str) -> StoredTemplates:
        """Everything this cache holds, as kept templates: its seeded databases stay (see `close(keep=True)`)."""
        seeded = {
            version: StoredSeed(
                snapshot.database, snapshot.schema, snapshot.rows_seeded, snapshot.live.store or FingerprintStore()
            )
            for version, snapshot in self._seeded.items()
        }
        fresh = {version: (schema, self._fresh_data[version]) for version, schema in self._fresh.items()}
        return StoredTemplates(entry, seeded, fresh)

    def _fingerprint(self, connection: Connection, schema: Schema) -> FingerprintStore:
        """Checksums of every seeded table, volatile columns by kind as the comparisons will ask for them. A
        declaration that is wrong is reported by the first check that reads it; checksums without it still serve
        the comparisons whose tables have no volatile column (the others compute their own)."""
        try:
            volatile = declared_volatile(self.scenario)
        except VolatileDeclarationError:
            volatile = None
        return fingerprint_database(connection, schema, volatile)

    def clone_seeded(self, version: str) -> str:
        return self.server.clone_database(self.seeded(version).database)

    def fresh_schema(self, version: str) -> Schema:
        """Schema of a fresh install of `version`, runner tables left out; its database is dropped once read."""
        if version not in self._fresh:
            database = self._install(version)
            try:
                with connect(self.server.url(database)) as connection:
                    schema, data = read_product_state(connection, self.runner.own_tables)
                    self._fresh[version] = schema
                    self._fresh_data[version] = data
                    self.built.add(f"fresh {version}")
            finally:
                self.server.drop_database(database)
        return self._fresh[version]

    def fresh_data(self, version: str) -> DataSnapshot:
        """Rows a fresh install ships with (reference data), for comparing what upgrades must also insert."""
        self.fresh_schema(version)
        return self._fresh_data[version]

    def close(self, keep: bool = False) -> None:
        """Drop every seeded database, unless `keep`: the server's data directory is then saved with them."""
        if not keep:
            for snapshot in self._seeded.values():
                self.server.drop_database(snapshot.database)
        self._seeded.clear()
