""""Database at version V, seeded": built once per session and server, cloned for every case that starts there."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Connection

from harness.data import DataSnapshot, read_data, read_product_schema, read_product_state
from harness.data_checksums import FingerprintStore, LiveDatabase, fingerprint_database
from harness.db import connect
from harness.engines.server_api import Server
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

    def __init__(self, server: Server, scenario: Scenario, runner: Runner, seed_size: int) -> None:
        self.server = server
        self.scenario = scenario
        self.runner = runner
        self.seed_size = seed_size
        self._seeded: dict[str, SeededSnapshot] = {}
        self._seed_failures: dict[str, SeedError] = {}
        self._install_failures: dict[str, InstallFailed] = {}
        self._fresh: dict[str, Schema] = {}
        self._fresh_data: dict[str, DataSnapshot] = {}

    def _install(self, version: str) -> str:
        """A fresh install of `version`; one that failed is not tried again (its cases all get the same failure)."""
        if version in self._install_failures:
            raise self._install_failures[version].repeated()
        database = self.server.create_database()
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
        if version not in self._seeded:
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
        return self._seeded[version]

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
            finally:
                self.server.drop_database(database)
        return self._fresh[version]

    def fresh_data(self, version: str) -> DataSnapshot:
        """Rows a fresh install ships with (reference data), for comparing what upgrades must also insert."""
        self.fresh_schema(version)
        return self._fresh_data[version]

    def close(self) -> None:
        for snapshot in self._seeded.values():
            self.server.drop_database(snapshot.database)
        self._seeded.clear()
