"""Shared fixtures for the project's own tests: real database servers, started once per session.

- `postgresql_server`: a local PostgreSQL 15 server.
- `mariadb_server`: a local MariaDB 10.11 server (the test is skipped, saying what to install, when absent).
- `server`: parametrized over the test engines (ids are the specs: "postgresql@15", "mariadb@10.11").
- `scratch_database`: `(server, name)` of an empty database on `server`, dropped after the test.
- `engine_server`: `engine_server(spec)` starts (once per session) any engine, skipping when it cannot run here.

`UPGRADE_HARNESS_TEST_ENGINES` (space- or comma-separated specs, e.g. "postgresql@18 mariadb@10.11") replaces the
engines `server` and `scratch_database` are parametrized over. Servers are stopped at the end of the session.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

import pytest

from harness.engines import EngineUnavailable, Server, start_server

DEFAULT_TEST_ENGINES = ("postgresql@15", "mariadb@10.11")
ENGINES_VARIABLE = "UPGRADE_HARNESS_TEST_ENGINES"


def selected_test_engines() -> tuple[str, ...]:
    """The specs `server` is parametrized over: UPGRADE_HARNESS_TEST_ENGINES, or postgresql@15 and mariadb@10.11."""
    configured = tuple(spec for spec in re.split(r"[\s,]+", os.environ.get(ENGINES_VARIABLE, "")) if spec)
    return configured or DEFAULT_TEST_ENGINES


@pytest.fixture(scope="session")
def engine_server() -> Iterator[Callable[[str], Server]]:
    """`engine_server(spec)`: the session's server for `spec`, started on first use; skips the test if unavailable."""
    servers: dict[str, Server] = {}
    unavailable: dict[str, str] = {}

    def get(spec: str) -> Server:
        if spec in unavailable:
            pytest.skip(unavailable[spec])
        if spec not in servers:
            try:
                servers[spec] = start_server(spec)
            except EngineUnavailable as err:
                unavailable[spec] = str(err)
                pytest.skip(str(err))
        return servers[spec]

    yield get
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def postgresql_server(engine_server: Callable[[str], Server]) -> Server:
    """A local PostgreSQL 15 server for the whole session."""
    return engine_server("postgresql@15:local")


@pytest.fixture(scope="session")
def mariadb_server(engine_server: Callable[[str], Server]) -> Server:
    """A local MariaDB 10.11 server for the whole session (skipped with an install hint when absent)."""
    return engine_server("mariadb@10.11:local")


_LOCAL_ALIASES = {"postgresql@15": "postgresql@15:local", "mariadb@10.11": "mariadb@10.11:local"}


@pytest.fixture(scope="session", params=selected_test_engines())
def server(request: pytest.FixtureRequest, engine_server: Callable[[str], Server]) -> Server:
    """Each test engine in turn (ids are the specs); shares servers with `postgresql_server` / `mariadb_server`."""
    spec = str(request.param)
    return engine_server(_LOCAL_ALIASES.get(spec, spec))


@pytest.fixture
def scratch_database(server: Server) -> Iterator[tuple[Server, str]]:
    """`(server, name)`: an empty scratch database on `server`, dropped after the test."""
    name = server.create_database()
    try:
        yield server, name
    finally:
        server.drop_database(name)
