"""On every local engine of this machine: create a table, write rows, clone the database and read the clone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from harness.engines import SCRATCH_PREFIX, Server
from tests.engines.helpers import connected

ENGINES = ["postgresql@15:local", "postgresql@16:local", "postgresql@18:local", "mariadb@10.11:local"]


@pytest.mark.parametrize("spec", ENGINES, ids=[spec.removesuffix(":local") for spec in ENGINES])
def test_clone_holds_the_rows_written_before(spec: str, engine_server: Callable[[str], Server]) -> None:
    server = engine_server(spec)
    assert server.provider == "local"
    assert server.server_version.startswith(spec.split("@")[1].split(":")[0])
    source = server.create_database()
    try:
        with connected(server, source) as connection:
            connection.execute(text("CREATE TABLE item (id INTEGER PRIMARY KEY, label VARCHAR(40) NOT NULL)"))
            connection.execute(
                text("INSERT INTO item (id, label) VALUES (:id, :label)"),
                [{"id": n, "label": f"label {n}"} for n in range(1, 101)],
            )
        copy = server.clone_database(source)
        try:
            assert copy.startswith(SCRATCH_PREFIX) and copy != source
            with connected(server, copy) as connection:
                rows = connection.execute(text("SELECT id, label FROM item ORDER BY id")).all()
                assert [tuple(row) for row in rows] == [(n, f"label {n}") for n in range(1, 101)]
                # The copy is independent of its source.
                connection.execute(text("DELETE FROM item WHERE id > 10"))
            with connected(server, source) as connection:
                assert connection.execute(text("SELECT COUNT(*) FROM item")).scalar_one() == 100
        finally:
            server.drop_database(copy)
    finally:
        server.drop_database(source)


def test_postgresql_clone_while_the_template_has_a_connection(postgresql_server: Server) -> None:
    """CREATE DATABASE ... TEMPLATE needs the template to itself; an idle session on it is ended first."""
    source = postgresql_server.create_database()
    try:
        with connected(postgresql_server, source) as connection:
            connection.execute(text("CREATE TABLE t (n INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (7)"))
        engine = create_engine(postgresql_server.url(source), poolclass=NullPool)
        idle = engine.connect()
        try:
            idle.execute(text("SELECT 1"))
            copy = postgresql_server.clone_database(source)
        finally:
            idle.invalidate()
            engine.dispose()
        try:
            with connected(postgresql_server, copy) as connection:
                assert connection.execute(text("SELECT n FROM t")).scalar_one() == 7
        finally:
            postgresql_server.drop_database(copy)
    finally:
        postgresql_server.drop_database(source)


def test_prefix_names_the_database_and_keeps_the_scratch_prefix(server: Server) -> None:
    name = server.create_database(prefix="seed_")
    try:
        assert name.startswith(SCRATCH_PREFIX + "seed_")
        with connected(server, name) as connection:
            assert connection.execute(text("SELECT 1")).scalar_one() == 1
    finally:
        server.drop_database(name)
