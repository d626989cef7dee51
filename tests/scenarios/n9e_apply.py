"""Apply the Nightingale scenario's scripts statement by statement, without the runner.

The scenario's own tests use this to prove the scripts themselves (install, each step, each undo) independently of
`migrator`; the runner is exercised separately on the same history.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, create_engine

from harness.inspect import Schema, read_schema
from migrator import loader
from migrator.source import MigrationSource, Statement, Step

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "nightingale"
MIGRATIONS = SCENARIO / "migrations"


def load() -> MigrationSource:
    return loader.load_source(MIGRATIONS)


def dialect_of(url: URL) -> str:
    return "postgresql" if url.get_backend_name() == "postgresql" else "mysql"


@contextmanager
def autocommit(url: URL, on: bool = True) -> Iterator[Any]:
    """A DBAPI cursor in autocommit mode: every statement is its own transaction, as DDL is on MySQL anyway.

    With `on=False` (PostgreSQL) the statements share one transaction, committed when the block ends without error.
    """
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            if dialect_of(url) == "postgresql":
                raw.autocommit = on
            else:
                raw.autocommit(True)
            cursor = raw.cursor()
            try:
                yield cursor
                raw.commit()
            finally:
                cursor.close()
    finally:
        engine.dispose()


def run(url: URL, statements: Sequence[Statement], where: str, one_transaction: bool = False) -> None:
    with autocommit(url, on=not one_transaction) as cursor:
        for statement in statements:
            try:
                cursor.execute(statement.sql)
            except Exception as err:
                raise AssertionError(f"{where}, line {statement.line}: {err}\n{statement.sql}") from err


def _one_transaction(url: URL, steps: Sequence[Step]) -> bool:
    """PostgreSQL runs a version's statements in one transaction, as the runner does, unless a step cannot be in
    one (CREATE INDEX CONCURRENTLY): committing a hundred DDL statements one by one takes seconds."""
    return dialect_of(url) == "postgresql" and not any(step.nontransactional for step in steps)


def install(url: URL, source: MigrationSource, version: str) -> None:
    scripts = source.get(version).for_dialect(dialect_of(url))
    run(url, scripts.install, f"{scripts.install_path}", one_transaction=dialect_of(url) == "postgresql")


def upgrade(url: URL, source: MigrationSource, version: str) -> None:
    scripts = source.get(version).for_dialect(dialect_of(url))
    forward = [step.forward for step in scripts.steps]
    run(url, forward, f"{scripts.upgrade_path}", one_transaction=_one_transaction(url, scripts.steps))


def undo(url: URL, source: MigrationSource, version: str) -> None:
    """Every step's undo, last step first: the database goes back to the previous version."""
    scripts = source.get(version).for_dialect(dialect_of(url))
    if _one_transaction(url, scripts.steps):
        statements = [statement for step in reversed(scripts.steps) for statement in step.undo]
        run(url, statements, f"{scripts.upgrade_path} (undo)", one_transaction=True)
        return
    for step in reversed(scripts.steps):
        run(url, step.undo, f"{scripts.upgrade_path} (undo of step {step.index})")


def schema_of(url: URL) -> Schema:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return read_schema(connection)
    finally:
        engine.dispose()
