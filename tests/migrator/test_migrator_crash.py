"""A runner killed with SIGKILL mid-version: the next start recovers, then ends where a clean upgrade ends.

The kill is made deterministic by a lock the test holds: the runner's next statement waits for it, the test sees
that wait in the server's process list, kills the runner, and only then releases the lock.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, Connection
from sqlalchemy.pool import NullPool

from harness.engines import Server
from migrator import Migrator
from migrator.dialects import DIALECTS
from tests.migrator.support import ACCOUNTS, HEAD, Database, cli_command, cli_env, history, rows, run_cli, seed, state

PATIENCE_S = 60  # an upper bound for waits on another process, never an assertion on speed


def prepared(db: Database, version: str) -> Migrator:
    migrator = Migrator(db.url, ACCOUNTS)
    migrator.install("v1.0.0")
    seed(db.url, "v1.0.0")
    migrator.upgrade(to=version)
    return migrator


@contextmanager
def holding_table(url: URL, table: str) -> Iterator[Connection]:
    """An open transaction that read `table`: DDL on it waits until the transaction ends."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f"SELECT * FROM {table}").all()
            yield connection
    finally:
        engine.dispose()


def wait_for(condition: Callable[[], bool], what: str, runner: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if runner is not None and runner.poll() is not None:
            raise AssertionError(f"the runner exited ({runner.returncode}) before {what}: {runner.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def mariadb_waiters(db: Database, statement_start: str) -> list[int]:
    return [
        int(r[0])
        for r in rows(
            db.url,
            "SELECT id FROM information_schema.processlist "
            "WHERE db = :db AND info LIKE :statement AND state LIKE '%metadata lock%'",
            db=db.name,
            statement=statement_start + "%",
        )
    ]


def start_runner(db: Database, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        cli_command(db.url, ACCOUNTS, "--lock-timeout", "600", *args),
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("orphan_finishes", [True, False], ids=["ddl-commits-after-kill", "ddl-never-runs"])
def test_sigkill_mid_version_on_mariadb_then_restart_equals_clean_upgrade(
    mariadb_db: Database, databases: Callable[[Server], Database], orphan_finishes: bool
) -> None:
    db = mariadb_db
    reference = databases(db.server)
    prepared(reference, "v1.1.0").upgrade()
    prepared(db, "v1.1.0")
    blocked = "ALTER TABLE accounts ADD COLUMN status"  # v1.2.0 step 4, after a DDL, a backfill and an UPDATE

    with holding_table(db.url, "accounts") as blocker:
        runner = start_runner(db, "upgrade")
        try:
            wait_for(lambda: bool(mariadb_waiters(db, blocked)), "the runner to wait at v1.2.0 step 4", runner)
        finally:
            runner.kill()
            runner.wait()
        orphan = mariadb_waiters(db, blocked)
        assert len(orphan) == 1, "the server keeps running the killed runner's statement"
        # The killed runner held the cluster lock on its own idle session: released the moment it died.
        cluster = DIALECTS["mysql"].lock_key("cluster", db.name)
        assert rows(db.url, f"SELECT IS_FREE_LOCK('{cluster}')") == [(1,)]
        if not orphan_finishes:
            blocker.exec_driver_sql(f"KILL {orphan[0]}")
        blocker.rollback()

    wait_for(lambda: not mariadb_waiters(db, blocked), "the orphaned statement to end")
    columns = {
        r[0]
        for r in rows(
            db.url,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = :db AND table_name = 'accounts'",
            db=db.name,
        )
    }
    assert ("status" in columns) is orphan_finishes
    journal = rows(db.url, "SELECT step, phase, position FROM schema_migrations_journal ORDER BY step")
    assert journal == [(0, "upgrade", 0), (1, "forward", 1), (2, "forward", 1), (3, "forward", 1), (4, "forward", 0)]

    restarted = run_cli(db.url, ACCOUNTS, "upgrade", timeout=PATIENCE_S)

    assert restarted.returncode == 0, restarted.stderr
    assert "recovered v1.2.0" in restarted.stdout
    assert state(db.url, db.dialect) == state(reference.url, db.dialect)
    attempts = [(v, op, status) for v, op, status, *_ in history(db.url)]
    assert attempts[2:] == [
        ("v1.2.0", "upgrade", "interrupted"),
        ("v1.2.0", "recovery", "rolled back"),
        ("v1.2.0", "upgrade", "applied"),
        ("v1.3.0", "upgrade", "applied"),
        (HEAD, "upgrade", "applied"),
    ]


def postgresql_waiters(db: Database, statement_start: str) -> list[int]:
    return [
        int(r[0])
        for r in rows(
            db.url,
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = :db AND query LIKE :statement AND wait_event_type = 'Lock'",
            db=db.name,
            statement=statement_start + "%",
        )
    ]


def test_sigkill_mid_journaled_version_on_postgresql(
    postgresql_db: Database, databases: Callable[[Server], Database]
) -> None:
    db = postgresql_db
    reference = databases(db.server)
    prepared(reference, "v1.2.0").upgrade()
    prepared(db, "v1.2.0")
    # v1.3.0 is journaled (its index is built concurrently); step 4 waits for the test's lock on accounts.
    blocked = "ALTER TABLE accounts ALTER COLUMN name TYPE"
    with holding_table(db.url, "accounts"):
        runner = start_runner(db, "upgrade")
        try:
            wait_for(lambda: bool(postgresql_waiters(db, blocked)), "the runner to wait at v1.3.0 step 4", runner)
        finally:
            runner.kill()
            runner.wait()
        key = DIALECTS["postgresql"].lock_key("cluster", db.name)
        assert rows(db.url, f"SELECT pg_try_advisory_lock({key}), pg_advisory_unlock({key})") == [(True, True)]

    restarted = run_cli(db.url, ACCOUNTS, "upgrade", timeout=PATIENCE_S)

    assert restarted.returncode == 0, restarted.stderr
    assert "recovered v1.3.0" in restarted.stdout
    assert state(db.url, db.dialect) == state(reference.url, db.dialect)
    recovery = rows(db.url, "SELECT detail FROM schema_migrations_history WHERE operation = 'recovery'")
    assert recovery == [("rolled back an interrupted upgrade; undid steps: 3, 2, 1",)]
