"""Give a dump without the runner's version table one, so the runner upgrades it from the identified version.

Runner-agnostic: the runner installs the identified version into a fresh database (which writes its version table
exactly as it would for a customer), every product object is then dropped again, and the dump is loaded on top.
Only the runner's own tables survive from the install.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL

from harness.db import connect
from harness.dialects import TRAITS, Dialect, quote
from harness.engines.server_api import Server
from harness.reproduce.dumpfile import Dump
from harness.reproduce.load import load_dump
from harness.reproduce.reproduce_error import ReproduceError
from harness.runners.system_under_test import Runner

_PARKING_SCHEMA = "uh_reproduce_parked"


def stamped_database(server: Server, runner: Runner, dump: Dump, version: str) -> str:
    """A new database holding the dump's data plus the runner's version table at `version`."""
    database = server.create_database()
    try:
        url = server.url(database)
        outcome = runner.install(url, version)
        if not outcome.ok:
            raise ReproduceError(
                f"cannot stamp version {version}: the runner's fresh install of it failed on {server.spec.name} "
                f"({outcome.error.splitlines()[0] if outcome.error else 'no message'})"
            )
        clear_product_objects(url, server.dialect, runner.own_tables)
        load_dump(dump, url)
    except BaseException:
        server.drop_database(database)
        raise
    return database


def clear_product_objects(url: URL, dialect: Dialect, keep: frozenset[str]) -> None:
    """Drop everything but the tables in `keep`."""
    with connect(url, autocommit=True) as connection:
        _CLEARERS[dialect](connection, keep)


def _clear_postgresql(connection: Connection, keep: frozenset[str]) -> None:
    kept = [
        quote("postgresql", row[0])
        for row in connection.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        if row[0] in keep
    ]
    connection.execute(text(f"CREATE SCHEMA {_PARKING_SCHEMA}"))
    for table in kept:
        connection.execute(text(f"ALTER TABLE public.{table} SET SCHEMA {_PARKING_SCHEMA}"))
    connection.execute(text("DROP SCHEMA public CASCADE"))
    connection.execute(text("CREATE SCHEMA public"))
    for table in kept:
        connection.execute(text(f"ALTER TABLE {_PARKING_SCHEMA}.{table} SET SCHEMA public"))
    connection.execute(text(f"DROP SCHEMA {_PARKING_SCHEMA}"))


def _clear_mysql(connection: Connection, keep: frozenset[str]) -> None:
    connection.execute(text(TRAITS["mysql"].foreign_key_checks_off_sql))
    for name, kind in connection.execute(
        text("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
    ).fetchall():
        if name in keep:
            continue
        statement = "DROP VIEW" if kind == "VIEW" else "DROP TABLE"
        connection.execute(text(f"{statement} {quote('mysql', name)}"))
    for name, kind in connection.execute(
        text("SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()")
    ).fetchall():
        connection.execute(text(f"DROP {kind} {quote('mysql', name)}"))


_CLEARERS: dict[Dialect, Callable[[Connection, frozenset[str]], None]] = {
    "postgresql": _clear_postgresql,
    "mysql": _clear_mysql,
}
