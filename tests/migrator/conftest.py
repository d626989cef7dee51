"""Fixtures of the runner's tests: a scratch database as (URL, dialect), and a second one for references."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.engine import URL

from harness.engines import Server


@dataclass(frozen=True)
class Database:
    server: Server
    name: str
    url: URL
    dialect: str


@pytest.fixture
def db(scratch_database: tuple[Server, str]) -> Database:
    """An empty database on each test engine."""
    server, name = scratch_database
    return Database(server, name, server.url(name), server.dialect)


@pytest.fixture
def another_database(db: Database) -> Iterator[Callable[[], Database]]:
    """`another_database()`: more empty databases on the same server, dropped after the test."""
    created: list[str] = []

    def create() -> Database:
        name = db.server.create_database()
        created.append(name)
        return Database(db.server, name, db.server.url(name), db.dialect)

    yield create
    for name in created:
        db.server.drop_database(name)


def _database_on(server: Server) -> Iterator[Database]:
    name = server.create_database()
    try:
        yield Database(server, name, server.url(name), server.dialect)
    finally:
        server.drop_database(name)


@pytest.fixture
def postgresql_db(postgresql_server: Server) -> Iterator[Database]:
    """An empty database on the PostgreSQL test server (for PostgreSQL-only behaviour)."""
    yield from _database_on(postgresql_server)


@pytest.fixture
def mariadb_db(mariadb_server: Server) -> Iterator[Database]:
    """An empty database on the MariaDB test server (for MySQL-family-only behaviour)."""
    yield from _database_on(mariadb_server)
