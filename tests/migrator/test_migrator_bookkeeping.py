"""The runner's own journal work around a MySQL-family DDL step: portable SQL, and its failures named as its own."""

from __future__ import annotations

import pytest

from migrator import MigrationFailed, Migrator
from migrator.executor import bookkeeping_after, bookkeeping_before
from tests.migrator.support import ACCOUNTS, Database, execute, history, rows, state

pytestmark = pytest.mark.usefixtures("mysql_family")


@pytest.fixture
def mysql_family(db: Database) -> None:
    if db.dialect != "mysql":
        pytest.skip("DDL steps are journaled (fingerprint before, done after) on the MySQL family only")


def _at_first_version(db: Database) -> Migrator:
    migrator = Migrator(db.url, ACCOUNTS)
    migrator.install("v1.0.0")
    return migrator


def _columns(db: Database, table: str) -> list[str]:
    return [str(name) for (name,) in rows(
        db.url, "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
        "AND table_name = :table ORDER BY column_name", table=table,
    )]


def test_a_schema_with_stored_routines_upgrades(db: Database) -> None:
    """The fingerprint reads routine bodies; MySQL 9.6+ has no MD5() unless a component is installed."""
    migrator = _at_first_version(db)
    execute(db.url, "CREATE FUNCTION uh_answer() RETURNS int DETERMINISTIC RETURN 42")
    result = migrator.upgrade(to="v1.1.0")
    assert result.applied == ("v1.1.0",)
    assert "email" in _columns(db, "accounts")


@pytest.mark.parametrize(
    ("phase", "expected"),
    [("forward", bookkeeping_before(1)), ("done", bookkeeping_after(1))],
)
def test_a_failing_journal_write_is_reported_as_the_runners_not_the_statements(
    db: Database, phase: str, expected: str
) -> None:
    migrator = _at_first_version(db)
    before = state(db.url, db.dialect)
    # A real server-side failure of the runner's own write: the journal row of step 1 (insert before the
    # statement runs), or its update to "done" after the statement ran.
    trigger_event = "INSERT" if phase == "forward" else "UPDATE"
    execute(db.url, (
        f"CREATE TRIGGER uh_refuse_journal BEFORE {trigger_event} ON schema_migrations_journal FOR EACH ROW "
        "BEGIN IF NEW.step = 1 AND NEW.phase = 'forward' AND NEW.position = "
        f"{0 if phase == 'forward' else 1} THEN "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'journal refused'; END IF; END"
    ))
    with pytest.raises(MigrationFailed) as caught:
        migrator.upgrade(to="v1.1.0")
    failure = caught.value
    assert (failure.version, failure.step, failure.statement) == ("v1.1.0", 1, expected)
    assert "journal refused" in failure.error
    assert "ALTER TABLE" not in str(failure).split("statement:", 1)[1].splitlines()[0]
    last = history(db.url)[-1]
    assert (last[0], last[2]) == ("v1.1.0", "failed")
    execute(db.url, "DROP TRIGGER uh_refuse_journal")
    if phase == "forward":
        # The statement never ran: nothing to undo, the database is where it was.
        assert state(db.url, db.dialect) == before
        assert "email" not in _columns(db, "accounts")
    assert migrator.upgrade(to="v1.1.0").applied == ("v1.1.0",)
