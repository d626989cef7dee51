"""What the Nightingale scenario tests share: fresh installs of every version, built once per server and cloned."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from sqlalchemy import Connection, create_engine

from harness.engines.server_api import Server
from harness.inspect import Schema
from harness.release_order import sort_versions
from migrator.source import MigrationSource
from tests.scenarios import n9e_apply

SEED_SIZE = 20  # rows in the big seeded tables: enough for every kind of row, small enough to stay quick
# Known when tests are collected: the version directories, oldest first.
VERSIONS = sort_versions([entry.name for entry in n9e_apply.MIGRATIONS.iterdir() if entry.is_dir()])


class Installs:
    """Fresh installs of the scenario's versions on one server (the install scripts alone, no runner tables).

    Each is made on first use and kept as a template: a test clones it (`clone`) and drops its clone.
    """

    def __init__(self, server: Server, source: MigrationSource) -> None:
        self.server = server
        self.source = source
        self._databases: dict[str, str] = {}
        self._schemas: dict[str, Schema] = {}

    def database(self, version: str) -> str:
        if version not in self._databases:
            name = self.server.create_database()
            try:
                n9e_apply.install(self.server.url(name), self.source, version)
            except BaseException:
                self.server.drop_database(name)
                raise
            self._databases[version] = name
        return self._databases[version]

    def schema(self, version: str) -> Schema:
        if version not in self._schemas:
            self._schemas[version] = n9e_apply.schema_of(self.server.url(self.database(version)))
        return self._schemas[version]

    def clone(self, version: str) -> str:
        return self.server.clone_database(self.database(version))

    def close(self) -> None:
        for name in self._databases.values():
            self.server.drop_database(name)
        self._databases.clear()


@contextmanager
def connected(server: Server, database: str) -> Iterator[Connection]:
    engine = create_engine(server.url(database))
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()



def scenario_module(name: str) -> ModuleType:
    """A module of the scenario directory (strategies, semantics, ...), imported by path as the harness does."""
    path = n9e_apply.SCENARIO / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"nightingale_scenario_tests_{name}", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
