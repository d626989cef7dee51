"""The one dialect table (`harness.dialects`): which dialect a name, URL, spec or connection is, which variant of the
MySQL family a server is, how each dialect quotes a name, and that what it declares holds on the real servers."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from harness.db import connect
from harness.dialects import (
    DIALECTS,
    FAMILIES,
    TRAITS,
    VARIANTS,
    UnknownDialect,
    dialect_of,
    family_of_version,
    quote,
    quote_identifier,
    server_family,
    variant_of,
)
from harness.engines import Server
from harness.engines.specs import parse_spec
from harness.inspect import read_schema

# A name with the other dialect's quote, its own quote, a reserved word and a space: only a quoting function that
# always quotes and doubles its own quote character gets it through unchanged.
AWKWARD = 'order "x" `y` z'


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("postgresql", "postgresql"),
        ("mysql", "mysql"),
        ("mariadb", "mysql"),
        (make_url("postgresql+psycopg://u:p@h/db"), "postgresql"),
        (make_url("postgresql://u@h/db"), "postgresql"),
        (make_url("mysql+pymysql://u@h/db"), "mysql"),
        (make_url("mariadb+pymysql://u@h/db"), "mysql"),
        (make_url("mysql://u@h/db"), "mysql"),
    ],
)
def test_dialect_of_names_and_urls(source: str | URL, expected: str) -> None:
    assert dialect_of(source) == expected


@pytest.mark.parametrize("name", ["sqlite", "oracle", "", "Postgres"])
def test_dialect_of_refuses_other_databases(name: str) -> None:
    with pytest.raises(UnknownDialect, match="not a database the harness runs"):
        dialect_of(name)


@pytest.mark.parametrize(
    ("spec", "dialect"),
    [("postgresql@15", "postgresql"), ("mariadb@10.11", "mysql"), ("mysql@9.7", "mysql"), ("mysql@5.7", "mysql")],
)
def test_engine_specs_say_their_dialect(spec: str, dialect: str) -> None:
    assert parse_spec(spec).dialect == dialect
    assert VARIANTS[parse_spec(spec).family].dialect == dialect


def test_every_dialect_and_family_is_declared() -> None:
    assert set(TRAITS) == set(DIALECTS)
    assert set(VARIANTS) == set(FAMILIES)
    assert {variant.dialect for variant in VARIANTS.values()} == set(DIALECTS)
    for dialect, traits in TRAITS.items():
        assert traits.name == dialect


@pytest.mark.parametrize(
    ("dialect", "version", "family"),
    [
        ("mysql", "10.11.6-MariaDB", "mariadb"),
        ("mysql", "10.11.6-MariaDB-1:10.11.6+maria~ubu2204-log", "mariadb"),
        ("mysql", "mysqld  Ver 10.11.6-MariaDB for debian-linux-gnu on x86_64", "mariadb"),
        ("mysql", "9.7.0", "mysql"),
        ("mysql", "8.0.36-0ubuntu0.22.04.1", "mysql"),
        ("mysql", "/usr/sbin/mysqld  Ver 8.4.0 for Linux on x86_64 (MySQL Community Server - GPL)", "mysql"),
        ("postgresql", "15.18", "postgresql"),
    ],
)
def test_family_of_version(dialect: str, version: str, family: str) -> None:
    assert family_of_version(dialect, version) == family  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("dialect", "name", "quoted"),
    [
        ("postgresql", "plain", '"plain"'),
        ("postgresql", 'say "hi"', '"say ""hi"""'),
        ("postgresql", "back`tick", '"back`tick"'),
        ("mysql", "plain", "`plain`"),
        ("mysql", "back`tick", "`back``tick`"),
        ("mysql", 'say "hi"', '`say "hi"`'),
    ],
)
def test_quote_always_quotes_and_doubles_its_own_quote(dialect: str, name: str, quoted: str) -> None:
    assert quote(dialect, name) == quoted  # type: ignore[arg-type]


@pytest.fixture
def connection(scratch_database: tuple[Server, str]) -> Iterator[Connection]:
    server, name = scratch_database
    with connect(server.url(name), autocommit=True) as connection:
        yield connection


def test_a_connection_and_its_server_agree_on_the_dialect(scratch_database: tuple[Server, str]) -> None:
    server, name = scratch_database
    with connect(server.url(name)) as connection:
        assert dialect_of(connection) == server.dialect == dialect_of(server.url(name)) == server.spec.dialect
        family = server_family(connection)
    if server.spec.url is None:  # a spec names its family; a URL's `mysql://` may be either
        assert family == server.spec.family
    assert VARIANTS[family].dialect == server.dialect


def test_quoted_names_mean_what_they_say(connection: Connection) -> None:
    """The name reaches the catalog exactly as written, reserved word, quotes and all."""
    connection.exec_driver_sql(
        f"CREATE TABLE {quote_identifier(connection, AWKWARD)} ({quote_identifier(connection, 'select')} int)"
    )
    schema = read_schema(connection)
    assert list(schema.tables) == [AWKWARD]
    assert list(schema.tables[AWKWARD].columns) == ["select"]


def test_quoting_without_doubling_is_caught(connection: Connection) -> None:
    """The defect the one quoting function exists to prevent: wrapping a name in quotes without doubling the quote
    character inside it breaks the statement (or worse, changes the name)."""
    mark = '"' if dialect_of(connection) == "postgresql" else "`"
    naive = mark + AWKWARD + mark
    with pytest.raises(DBAPIError):
        connection.exec_driver_sql(f"CREATE TABLE {naive} (id int)")


def test_transactional_ddl_is_what_the_server_does(connection: Connection) -> None:
    """PostgreSQL rolls a CREATE TABLE back with its transaction; the MySQL family commits it at once."""
    table = quote_identifier(connection, "made_in_a_transaction")
    connection.exec_driver_sql("BEGIN")
    connection.exec_driver_sql(f"CREATE TABLE {table} (id int)")
    connection.exec_driver_sql("ROLLBACK")
    kept = "made_in_a_transaction" in read_schema(connection).tables
    assert kept is not TRAITS[dialect_of(connection)].transactional_ddl


def test_statement_timeout_stops_a_long_statement(connection: Connection) -> None:
    """The variant's statement timeout stops a long read on its own server."""
    variant = variant_of(connection)
    connection.exec_driver_sql(variant.statement_timeout_sql(0.3))
    # A read that runs for minutes, and no SLEEP() or BENCHMARK(): interrupted, they return normally.
    endless = (
        "SELECT count(*) FROM generate_series(1, 100000000)"
        if dialect_of(connection) == "postgresql"
        else "SELECT count(*) FROM information_schema.COLLATIONS a, information_schema.COLLATIONS b, "
        "information_schema.COLLATIONS c, information_schema.COLLATIONS d"
    )
    started = time.monotonic()
    with pytest.raises(DBAPIError):
        connection.exec_driver_sql(endless)
    assert time.monotonic() - started < 10


def test_lock_timeout_gives_up_a_lock_wait(scratch_database: tuple[Server, str]) -> None:
    """The dialect's lock timeout makes a statement waiting for another session's table lock fail quickly."""
    server, name = scratch_database
    url = server.url(name)
    dialect = server.dialect
    table = quote(dialect, "locked")
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as holder, engine.connect() as waiter:
            holder.exec_driver_sql(f"CREATE TABLE {table} (id int PRIMARY KEY)")
            holder.commit()
            holder.exec_driver_sql(f"INSERT INTO {table} VALUES (1)")  # holds the row and the table's metadata
            for statement in TRAITS[dialect].lock_timeout_sql(1):
                waiter.exec_driver_sql(statement)
            waiter.commit()
            stop = threading.Timer(30, holder.rollback)  # never wait for ever if the setting did nothing
            stop.start()
            started = time.monotonic()
            try:
                with pytest.raises(DBAPIError):
                    waiter.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN extra int")
            finally:
                stop.cancel()
            assert time.monotonic() - started < 20
            holder.rollback()
    finally:
        engine.dispose()
