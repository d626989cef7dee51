""""Database at version V, seeded": built once per session and server, cloned for every case that starts there."""

from __future__ import annotations

from dataclasses import dataclass

from harness.data import DataSnapshot, read_data
from harness.db import connect
from harness.engines.server_api import Server
from harness.failures import InstallFailed, SeedError
from harness.inspect import Schema, read_schema
from harness.runners.system_under_test import Runner
from harness.scenario import Scenario
from harness.seeding import run_seed


@dataclass(frozen=True)
class SeededSnapshot:
    database: str
    version: str
    schema: Schema
    data: DataSnapshot
    rows_seeded: int


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
                    schema = read_schema(connection).without(self.runner.own_tables)
                    data = read_data(connection, schema, self.runner.own_tables)
            except SeedError as err:
                self.server.drop_database(database)
                self._seed_failures[version] = err
                raise
            except BaseException:
                self.server.drop_database(database)
                raise
            self._seeded[version] = SeededSnapshot(database, version, schema, data, sum(counts.values()))
        return self._seeded[version]

    def clone_seeded(self, version: str) -> str:
        return self.server.clone_database(self.seeded(version).database)

    def fresh_schema(self, version: str) -> Schema:
        """Schema of a fresh install of `version`, runner tables left out; its database is dropped once read."""
        if version not in self._fresh:
            database = self._install(version)
            try:
                with connect(self.server.url(database)) as connection:
                    schema = read_schema(connection).without(self.runner.own_tables)
                    self._fresh[version] = schema
                    self._fresh_data[version] = read_data(connection, schema)
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
