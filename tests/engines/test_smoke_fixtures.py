"""The shared fixtures give working servers and scratch databases."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from harness.engines import SCRATCH_PREFIX, Server


def test_scratch_database_is_usable(scratch_database: tuple[Server, str]) -> None:
    server, name = scratch_database
    assert name.startswith(SCRATCH_PREFIX)
    engine = create_engine(server.url(name), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, label VARCHAR(20))"))
            connection.execute(text("INSERT INTO t VALUES (1, 'one')"))
            assert connection.execute(text("SELECT label FROM t")).scalar_one() == "one"
    finally:
        engine.dispose()
