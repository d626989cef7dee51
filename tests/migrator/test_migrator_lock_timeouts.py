"""Per-statement lock timeouts with bounded retries, recognised by error code."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from migrator import MigrationFailed, Migrator
from tests.migrator.support import ACCOUNTS, Database, history, seed, state

LOCK_TIMEOUT_CODE = {"postgresql": "55P03", "mysql": "1205"}


@contextmanager
def reader_of_accounts(db: Database) -> Iterator[Connection]:
    """An open transaction that read accounts: ALTER TABLE accounts waits for it."""
    engine = create_engine(db.url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT * FROM accounts").all()
            yield connection
    finally:
        engine.dispose()


class Calls(logging.Handler):
    """Calls `action` on the first record whose message contains `text`, and counts such records."""

    def __init__(self, text: str, action: object = None) -> None:
        super().__init__()
        self.text = text
        self.action = action
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if self.text in record.getMessage():
            self.count += 1
            if self.count == 1 and callable(self.action):
                self.action()


@contextmanager
def watching(handler: Calls) -> Iterator[Calls]:
    logger = logging.getLogger("migrator")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def at_first_version(db: Database) -> None:
    Migrator(db.url, ACCOUNTS).install("v1.0.0")
    seed(db.url, "v1.0.0")


def test_lock_wait_gives_up_after_the_retries_and_changes_nothing(db: Database) -> None:
    at_first_version(db)
    before = state(db.url, db.dialect)
    with (
        reader_of_accounts(db),
        watching(Calls("lock wait timed out")) as retried,
        pytest.raises(MigrationFailed) as caught,
    ):
        Migrator(db.url, ACCOUNTS, lock_timeout_s=1, retries=2).upgrade(to="v1.1.0")
    assert retried.count == 2
    assert caught.value.step == 1
    assert caught.value.error.startswith(f"[{LOCK_TIMEOUT_CODE[db.dialect]}]")
    assert state(db.url, db.dialect) == before
    assert [(v, op, status) for v, op, status, *_ in history(db.url)][-1] == ("v1.1.0", "upgrade", "failed")


def test_lock_wait_is_retried_until_the_lock_is_gone(db: Database) -> None:
    at_first_version(db)
    with reader_of_accounts(db) as reader, watching(Calls("lock wait timed out", reader.rollback)) as retried:
        result = Migrator(db.url, ACCOUNTS, lock_timeout_s=1, retries=3).upgrade(to="v1.1.0")
    assert retried.count == 1
    assert result.applied == ("v1.1.0",)
    assert Migrator(db.url, ACCOUNTS).verify() == []


def test_without_retries_the_first_timeout_fails_the_version(db: Database) -> None:
    at_first_version(db)
    with reader_of_accounts(db), watching(Calls("lock wait timed out")) as retried, pytest.raises(MigrationFailed):
        Migrator(db.url, ACCOUNTS, lock_timeout_s=1, retries=0).upgrade(to="v1.1.0")
    assert retried.count == 0
