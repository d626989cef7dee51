"""Short-lived SQLAlchemy connections to a server's databases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from harness.engines import Server


@contextmanager
def connected(server: Server, database: str | None) -> Iterator[Connection]:
    """A connection in a transaction that commits on success."""
    engine = create_engine(server.url(database), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()
