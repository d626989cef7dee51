"""A failure at any step of a version leaves the database exactly at the previous version, and is recorded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from migrator import MigrationFailed, Migrator, RefusedError, load_source
from migrator.source import Step
from tests.migrator.support import (
    ACCOUNTS,
    VERSIONS,
    Database,
    copy_history,
    execute,
    history,
    replace_step,
    rows,
    seed,
    state,
)

SOURCE = load_source(ACCOUNTS)
MULTI_STEP = [
    pytest.param(version.name, step, id=f"{version.name}-step{step}")
    for version in SOURCE.versions
    for step in range(1, len(version.for_dialect("mysql").steps) + 1)
    if len(version.for_dialect("mysql").steps) > 2
]
MISSING = "migrator_missing_table"


def failing_like(step: Step) -> str:
    """A statement of the same kind as the step's (data, DDL, concurrent DDL) that fails on every engine."""
    if step.forward.kind in {"INSERT", "UPDATE", "DELETE"}:
        return f"UPDATE {MISSING} SET x = 1"
    if step.nontransactional:
        return f"CREATE INDEX CONCURRENTLY idx_injected ON {MISSING} (x)"
    return f"ALTER TABLE {MISSING} ADD COLUMN x int"


def database_at(db: Database, version: str) -> Migrator:
    migrator = Migrator(db.url, ACCOUNTS)
    migrator.install("v1.0.0")
    seed(db.url, "v1.0.0")
    migrator.upgrade(to=version)
    return migrator


@pytest.mark.parametrize(("version", "step"), MULTI_STEP)
def test_failure_at_each_step_restores_the_previous_version(
    db: Database, tmp_path: Path, version: str, step: int
) -> None:
    previous = VERSIONS[VERSIONS.index(version) - 1]
    database_at(db, previous)
    before = state(db.url, db.dialect)
    attempts_before = len(history(db.url))
    broken = copy_history(tmp_path)
    original = SOURCE.get(version).for_dialect(db.dialect).steps[step - 1]
    failing = failing_like(original)
    replace_step(broken, version, db.dialect, step, failing)

    with pytest.raises(MigrationFailed) as caught:
        Migrator(db.url, broken).upgrade(to=version)

    failure = caught.value
    assert (failure.version, failure.step, failure.statement) == (version, step, failing)
    assert MISSING in failure.error
    assert failure.rollback_error is None and failure.previous == previous
    assert state(db.url, db.dialect) == before
    assert rows(db.url, "SELECT * FROM schema_migrations_journal") == []
    attempts = history(db.url)
    assert len(attempts) == attempts_before + 1
    recorded_version, operation, status, recorded_step, statement, error = attempts[-1]
    assert (recorded_version, operation, status) == (version, "upgrade", "failed")
    assert (recorded_step, statement) == (step, failing)
    assert MISSING in error
    repaired = Migrator(db.url, ACCOUNTS)
    assert repaired.status().current == previous
    assert repaired.upgrade().applied == VERSIONS[VERSIONS.index(version) :]
    assert repaired.verify() == []


def test_failure_in_a_later_version_keeps_the_versions_before_it(db: Database, tmp_path: Path) -> None:
    database_at(db, "v1.0.0")
    broken = copy_history(tmp_path)
    replace_step(broken, "v1.3.0", db.dialect, 2, f"UPDATE {MISSING} SET x = 1")
    with pytest.raises(MigrationFailed) as caught:
        Migrator(db.url, broken).upgrade()
    assert caught.value.applied == ("v1.1.0", "v1.2.0")
    assert Migrator(db.url, ACCOUNTS).status().current == "v1.2.0"
    assert [(v, status) for v, op, status, *_ in history(db.url) if op == "upgrade"] == [
        ("v1.1.0", "applied"), ("v1.2.0", "applied"), ("v1.3.0", "failed")
    ]


def test_failed_concurrent_index_build_leaves_no_invalid_index(postgresql_db: Database, tmp_path: Path) -> None:
    db = postgresql_db
    database_at(db, "v1.0.0")
    before = state(db.url, db.dialect)
    broken = copy_history(tmp_path)
    # Account 1 has two events: a unique concurrent build fails late and leaves an invalid index behind.
    unique = "CREATE UNIQUE INDEX CONCURRENTLY idx_events_account ON events (account_id)"
    replace_step(broken, "v1.1.0", "postgresql", 2, unique)

    with pytest.raises(MigrationFailed) as caught:
        Migrator(db.url, broken).upgrade(to="v1.1.0")

    assert caught.value.step == 2 and "could not create unique index" in caught.value.error
    assert rows(db.url, "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid") == []
    assert state(db.url, db.dialect) == before
    assert "undid step 2, step 1" in str(rows(db.url, "SELECT detail FROM schema_migrations_history")[-1][0])


def test_failed_install_leaves_an_empty_database(db: Database, tmp_path: Path) -> None:
    broken = copy_history(tmp_path)
    script = broken / "v1.2.0" / f"{db.dialect}.install.sql"
    script.write_text(script.read_text() + f"\nCREATE INDEX idx_injected ON {MISSING} (x);\n")

    with pytest.raises(MigrationFailed) as caught:
        Migrator(db.url, broken).install("v1.2.0")

    assert (caught.value.version, caught.value.step) == ("v1.2.0", 6 if db.dialect == "postgresql" else 4)
    tables = {"postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
              "mysql": "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"}
    assert sorted(r[0] for r in rows(db.url, tables[db.dialect])) == [
        "schema_migrations", "schema_migrations_history", "schema_migrations_journal"
    ]
    assert [(v, op, status) for v, op, status, *_ in history(db.url)] == [("v1.2.0", "install", "failed")]
    assert Migrator(db.url, ACCOUNTS).upgrade().applied == (VERSIONS[-1],)


def _timeout_code(db: Database) -> str:
    """PostgreSQL's query_canceled; on the MySQL family the runner stops the statement itself (the servers' limits
    miss non-SELECTs or let an interrupted SLEEP return) and reports what the server would: ER_STATEMENT_TIMEOUT on
    MariaDB, ER_QUERY_TIMEOUT on MySQL."""
    if db.dialect == "postgresql":
        return "57014"
    return "1969" if "mariadb" in db.server.server_version.lower() else "3024"


@pytest.mark.parametrize("kind", ["select", "other"])
def test_statement_timeout_fails_the_version(db: Database, tmp_path: Path, kind: str) -> None:
    database_at(db, "v1.0.0")
    before = state(db.url, db.dialect)
    slow = copy_history(tmp_path)
    sleep = {
        ("postgresql", "select"): "SELECT pg_sleep(30)",
        ("postgresql", "other"): "DO $$ BEGIN PERFORM pg_sleep(30); END $$",
        ("mysql", "select"): "SELECT SLEEP(30)",
        ("mysql", "other"): "DO SLEEP(30)",
    }[db.dialect, kind]
    replace_step(slow, "v1.1.0", db.dialect, 1, sleep)
    started = time.monotonic()
    with pytest.raises(MigrationFailed) as caught:
        Migrator(db.url, slow, statement_timeout_s=0.5).upgrade()
    assert time.monotonic() - started < 10
    assert caught.value.version == "v1.1.0" and caught.value.step == 1 and caught.value.statement == sleep
    assert caught.value.error.startswith(f"[{_timeout_code(db)}]"), caught.value.error
    assert state(db.url, db.dialect) == before


def test_rollback_stopped_by_a_failing_undo_is_reported_and_kept_in_flight(db: Database) -> None:
    migrator = database_at(db, "v1.1.0")
    execute(db.url, "ALTER TABLE accounts DROP COLUMN email")  # a change by hand the undo does not expect

    with pytest.raises(MigrationFailed) as caught:
        migrator.rollback(to="v1.0.0")

    failure = caught.value
    assert (failure.version, failure.step, failure.statement) == ("v1.1.0", 1, "ALTER TABLE accounts DROP COLUMN email")
    assert failure.rollback_error is not None and "the next run finishes it" in failure.rollback_error
    in_flight = migrator.status().in_flight
    assert in_flight is not None and (in_flight.version, in_flight.operation) == ("v1.1.0", "rollback")
    assert [(v, op, s) for v, op, s, *_ in history(db.url)][-1] == ("v1.1.0", "rollback", "dirty")
    with pytest.raises(RefusedError, match="repair --clear-journal"):
        migrator.upgrade()
