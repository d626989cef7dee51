"""Fixtures of the runner's tests: a scratch database as (URL, dialect), and a second one for references."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from harness.engines import Server
from tests.migrator.support import Database


@pytest.fixture
def db(scratch_database: tuple[Server, str]) -> Database:
    """An empty database on each test engine."""
    server, name = scratch_database
    return Database(server, name, server.url(name), server.dialect)


@pytest.fixture
def databases() -> Iterator[Callable[[Server], Database]]:
    """`databases(server)`: a new empty database on `server`, dropped after the test."""
    created: list[tuple[Server, str]] = []

    def create(server: Server) -> Database:
        name = server.create_database()
        created.append((server, name))
        return Database(server, name, server.url(name), server.dialect)

    yield create
    for server, name in created:
        server.drop_database(name)


@pytest.fixture
def another_database(db: Database, databases: Callable[[Server], Database]) -> Callable[[], Database]:
    """`another_database()`: one more empty database on the server of `db`."""
    return lambda: databases(db.server)


@pytest.fixture
def postgresql_db(postgresql_server: Server, databases: Callable[[Server], Database]) -> Database:
    """An empty database on the PostgreSQL test server (for PostgreSQL-only behaviour)."""
    return databases(postgresql_server)


@pytest.fixture
def mariadb_db(mariadb_server: Server, databases: Callable[[Server], Database]) -> Database:
    """An empty database on the MariaDB test server (for MySQL-family-only behaviour)."""
    return databases(mariadb_server)
