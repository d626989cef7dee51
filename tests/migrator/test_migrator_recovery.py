"""Recovery of versions a runner left in flight, decided from the journal and the schema fingerprint.

The interrupted runs are reproduced statement by statement with the runner's own journal calls, so each case is
exact: the kill lands between a statement outside a transaction and the journal write that follows it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from migrator import Migrator, MigratorError, load_source
from migrator.dialects import DIALECTS, Timeouts
from migrator.executor import Executor
from migrator.planner import undo_statements
from migrator.session import Session
from migrator.store import PHASE_UNDO, VersionStore
from tests.migrator.support import ACCOUNTS, HEAD, Database, execute, history, rows, run_cli, seed, state

SOURCE = load_source(ACCOUNTS)


def prepared(db: Database, version: str) -> Migrator:
    migrator = Migrator(db.url, ACCOUNTS)
    migrator.install("v1.0.0")
    seed(db.url, "v1.0.0")
    migrator.upgrade(to=version)
    return migrator


def runner_parts(db: Database) -> tuple[Session, VersionStore, Executor]:
    session = Session(db.url, DIALECTS[db.dialect])
    store = VersionStore(session)
    return session, store, Executor(session, store, Timeouts(5, None), 0)


def interrupt_upgrade(db: Database, version: str, done: int, started_statement_ran: bool) -> None:
    """A runner applied steps 1..done of `version`, journaled an intent for the next (DDL) step and died."""
    dialect = DIALECTS[db.dialect]
    steps = SOURCE.get(version).for_dialect(db.dialect).steps
    session, store, executor = runner_parts(db)
    try:
        attempt = store.start_attempt(version, "upgrade", "0" * 64, "killed-runner")
        store.journal_header(version, "upgrade", attempt)
        for step in steps[:done]:
            session.run(step.forward.sql)
            store.journal_step(version, step.index, attempt, step.forward.sql, undo_statements(step, dialect), None)
        step = steps[done]
        store.journal_step(
            version, step.index, attempt, step.forward.sql, undo_statements(step, dialect), executor.fingerprint()
        )
        if started_statement_ran:
            session.run(step.forward.sql)
    finally:
        session.close()


@pytest.mark.parametrize("took_effect", [True, False], ids=["ddl-committed", "ddl-not-run"])
def test_interrupted_upgrade_is_rolled_back_first_then_upgraded(
    db: Database, another_database: Callable[[], Database], took_effect: bool
) -> None:
    reference = another_database()
    prepared(reference, "v1.1.0").upgrade()
    migrator = prepared(db, "v1.1.0")
    # v1.2.0 step 4 adds accounts.status: if the undo of a step that never ran were run, DROP COLUMN would fail.
    interrupt_upgrade(db, "v1.2.0", done=3, started_statement_ran=took_effect)
    in_flight = migrator.status().in_flight
    assert in_flight is not None
    assert (in_flight.version, in_flight.steps_done, in_flight.uncertain_step) == ("v1.2.0", (1, 2, 3), 4)

    result = migrator.upgrade()

    assert result.recovered == ("v1.2.0",)
    assert result.applied == ("v1.2.0", "v1.3.0", HEAD)
    assert state(db.url, db.dialect) == state(reference.url, db.dialect)
    attempts = [(v, op, status) for v, op, status, *_ in history(db.url)]
    assert attempts[-5:-3] == [("v1.2.0", "upgrade", "interrupted"), ("v1.2.0", "recovery", "rolled back")]
    detail = rows(db.url, "SELECT detail FROM schema_migrations_history WHERE operation = 'recovery'")[0][0]
    assert detail.endswith("undid steps: 4, 3, 2, 1" if took_effect else "undid steps: 3, 2, 1")


def test_interrupted_rollback_is_finished_from_where_it_stopped(
    db: Database, another_database: Callable[[], Database]
) -> None:
    reference = another_database()
    prepared(reference, "v1.3.0")
    migrator = prepared(db, HEAD)
    dialect = DIALECTS[db.dialect]
    steps = SOURCE.get(HEAD).for_dialect(db.dialect).steps
    session, store, executor = runner_parts(db)
    try:
        attempt = store.start_attempt(HEAD, "rollback", "0" * 64, "killed-runner")
        store.journal_header(HEAD, "rollback", attempt)
        for step in steps:
            store.journal_step(HEAD, step.index, attempt, step.forward.sql, undo_statements(step, dialect), None)
        for row in sorted(store.journal(HEAD), key=lambda r: -r.step)[:4]:
            executor.undo_row(row)  # steps 6, 5, 4, 3 undone
        # Step 2's undo is two statements (re-add created_at, recompute it): killed after the first one committed.
        store.journal_progress(HEAD, 2, PHASE_UNDO, 0, executor.fingerprint())
        session.run(steps[1].undo[0].sql)
    finally:
        session.close()

    result = migrator.rollback(to="v1.3.0")

    assert result.recovered == (HEAD,) and result.rolled_back == ()
    assert state(db.url, db.dialect) == state(reference.url, db.dialect)
    assert migrator.verify() == []


def test_recovery_that_cannot_complete_is_refused_until_repaired(db: Database) -> None:
    migrator = prepared(db, "v1.1.0")
    interrupt_upgrade(db, "v1.2.0", done=1, started_statement_ran=False)
    # Someone dropped the new table by hand: the journaled undo (DROP TABLE account_groups) now fails.
    execute(db.url, "DROP TABLE account_groups")
    before = state(db.url, db.dialect)

    refused = run_cli(db.url, ACCOUNTS, "upgrade")
    assert refused.returncode == 2, refused.stderr
    assert "could not be rolled back automatically" in refused.stderr
    assert "repair --clear-journal" in refused.stderr
    assert state(db.url, db.dialect) == before

    repaired = run_cli(db.url, ACCOUNTS, "repair", "--clear-journal")
    assert repaired.returncode == 0, repaired.stderr
    assert "journal of v1.2.0 cleared by hand" in repaired.stdout
    assert migrator.status().in_flight is None
    assert migrator.upgrade().applied == ("v1.2.0", "v1.3.0", HEAD)
    assert [(v, op, s) for v, op, s, *_ in history(db.url)][3] == ("v1.2.0", "repair", "repaired")


def test_status_and_plan_show_an_in_flight_version(db: Database) -> None:
    migrator = prepared(db, "v1.1.0")
    interrupt_upgrade(db, "v1.2.0", done=2, started_statement_ran=False)
    assert migrator.plan().in_flight == migrator.status().in_flight
    shown = run_cli(db.url, ACCOUNTS, "status")
    assert shown.returncode == 0
    assert "v1.2.0 (upgrade); steps done: 1, 2" in shown.stdout
    with pytest.raises(MigratorError, match="choose a repair"):
        migrator.repair()
