"""Short-lived SQLAlchemy connections to a server's databases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from harness.engines import Server


@contextmanager
def connected(server: Server, database: str | None, autocommit: bool = False) -> Iterator[Connection]:
    """A connection in a transaction that commits on success (or in autocommit mode, for CREATE DATABASE)."""
    options = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
    engine = create_engine(server.url(database), poolclass=NullPool, execution_options=options)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()
