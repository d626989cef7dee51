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
