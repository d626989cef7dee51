"""Runs migration statements with the journal protocol; the only code that opens transactions for them.

A statement inside a transaction commits together with its journal row, so the journal is exact. A statement
outside a transaction (MySQL DDL, PostgreSQL non-transactional steps) is bracketed: the journal first records the
schema fingerprint taken before it, then the statement runs, then the journal records it done. If the runner dies
in between, the fingerprint tells whether the statement took effect: a changed schema means it did. Undo statements
are journaled the same way, so a rollback interrupted half-way resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import logging
import time

from migrator.dialects import Timeouts
from migrator.errors import DatabaseError, MigratorError, VersionTableError
from migrator.results import StatementTiming
from migrator.session import Session
from migrator.store import HEADER_STEP, PHASE_FORWARD, PHASE_UNDO, JournalRow, UndoStatement, VersionStore
from migrator.watchdog import StatementWatchdog

log = logging.getLogger("migrator")

STORE_ERRORS = (DatabaseError, VersionTableError)


class StepFailure(Exception):
    """A unit failed for good (after retries). `step` 0: while recording the version."""

    def __init__(self, step: int, statement: str, error: MigratorError) -> None:
        super().__init__(str(error))
        self.step = step
        self.statement = statement
        self.error = error


def bookkeeping_before(step: int) -> str:
    """What a failure names when the runner's own work before step `step` failed, not the step's statement."""
    return f"(the runner's journal entry before step {step}: schema fingerprint and schema_migrations_journal row)"


def bookkeeping_after(step: int) -> str:
    """What a failure names when recording step `step` as done failed after its statement succeeded."""
    return f"(the runner's journal entry after step {step}: recording it done in schema_migrations_journal)"


class Executor:
    def __init__(self, session: Session, store: VersionStore, timeouts: Timeouts, retries: int) -> None:
        self.session = session
        self.store = store
        self.dialect = session.dialect
        self.timeouts = timeouts
        self.retries = retries
        self.timings: list[StatementTiming] = []
        self.watchdog = StatementWatchdog.for_session(session, timeouts.statement_timeout_s)

    # -- single statements ----------------------------------------------------------------------------------------

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for sql in self.dialect.fingerprint_sql:
            for row in self.session.rows(sql):
                digest.update(repr(tuple(None if value is None else str(value) for value in row)).encode())
            digest.update(b"\x00")
        return digest.hexdigest()

    def execute(self, version: str, step: int, sql: str) -> None:
        started = time.perf_counter()
        if self.watchdog is None:
            self.session.run(sql)
        else:
            with self.watchdog.guard(sql):
                self.session.run(sql)
        self.timings.append(StatementTiming(version, step, sql, time.perf_counter() - started))

    def begin(self) -> None:
        self.session.begin()
        self.session.run_all(self.dialect.transaction_sql(self.timeouts))

    def prepare_autocommit(self) -> None:
        self.session.run_all(self.dialect.autocommit_sql(self.timeouts))

    def abandon_transaction(self) -> None:
        """Roll back after an error; a lost connection has rolled back already."""
        try:
            self.session.rollback()
        except DatabaseError as err:
            log.warning("rollback after a failure failed too: %s", err)

    def should_retry(self, error: MigratorError, attempt: int) -> bool:
        """Lock waits (by SQLSTATE / error number) are retried a bounded number of times, with a growing pause."""
        if not isinstance(error, DatabaseError) or error.code not in self.dialect.lock_timeout_codes:
            return False
        if attempt >= self.retries:
            return False
        pause = min(0.25 * 2**attempt, 4.0)
        log.warning(
            "lock wait timed out (%s); retrying in %.2fs (%d of %d)", error.code, pause, attempt + 1, self.retries
        )
        time.sleep(pause)
        return True

    # -- forward steps with their journal rows ---------------------------------------------------------------------

    def transaction_unit(
        self, version: str, attempt: str, steps: list[tuple[int, str, tuple[UndoStatement, ...]]]
    ) -> None:
        """Run (step, statement, undo) items in one transaction that also writes their journal rows."""
        for tries in range(self.retries + 1):
            step, blamed = steps[0][0], steps[0][1]
            try:
                self.begin()
                for step, sql, undo in steps:
                    blamed = sql
                    self.execute(version, step, sql)
                    blamed = bookkeeping_after(step)
                    self.store.journal_step(version, step, attempt, sql, undo, None)
                self.session.commit()
                return
            except STORE_ERRORS as err:
                self.abandon_transaction()
                if self.should_retry(err, tries):
                    continue
                raise StepFailure(step, blamed, err) from err

    def autocommit_step(self, version: str, attempt: str, step: int, sql: str, undo: tuple[UndoStatement, ...]) -> None:
        """Run one statement outside a transaction, bracketed by journal writes (see the module docstring)."""
        for tries in range(self.retries + 1):
            try:
                before = self.fingerprint()
                self.store.journal_step(version, step, attempt, sql, undo, before)
            except STORE_ERRORS as err:
                # The statement has not run: the failure is the runner's own and is reported as such.
                if self.should_retry(err, tries):
                    continue
                raise StepFailure(step, bookkeeping_before(step), err) from err
            try:
                self.prepare_autocommit()
                self.execute(version, step, sql)
            except STORE_ERRORS as err:
                if self.should_retry(err, tries):
                    # A statement that failed may still have left something (a concurrent build's invalid index).
                    self.undo_row(self._row(version, step))
                    continue
                raise StepFailure(step, sql, err) from err
            try:
                self.store.journal_progress(version, step, PHASE_FORWARD, 1, None)
            except STORE_ERRORS as err:
                raise StepFailure(step, bookkeeping_after(step), err) from err
            return

    def _row(self, version: str, step: int) -> JournalRow:
        for row in self.store.journal(version):
            if row.step == step:
                return row
        raise VersionTableError("schema_migrations_journal", f"read {version} step {step}", 1, 0)

    # -- undo -----------------------------------------------------------------------------------------------------

    def undo_steps(self, version: str) -> list[int]:
        """Undo every journaled step of `version`, last first; return the steps whose undo ran."""
        undone: list[int] = []
        rows = [row for row in self.store.journal(version) if row.step != HEADER_STEP]
        for row in sorted(rows, key=lambda r: r.step, reverse=True):
            if self.undo_row(row):
                undone.append(row.step)
        return undone

    def undo_row(self, row: JournalRow) -> bool:
        """Revert one journaled step and delete its row; False when the step had never taken effect."""
        if row.phase == PHASE_FORWARD:
            if row.position == 0 and row.fingerprint == self.fingerprint():
                self.store.journal_delete(row.version, row.step)
                return False
            self.store.journal_progress(row.version, row.step, PHASE_UNDO, 0, None)
            position, pending = 0, None
        else:
            position, pending = row.position, row.fingerprint
        if pending is not None and pending != self.fingerprint():
            position += 1  # the undo statement running when the previous runner stopped took effect
        for index in range(position, len(row.undo)):
            self._undo_statement(row, index)
        self.store.journal_delete(row.version, row.step)
        return True

    def _undo_statement(self, row: JournalRow, index: int) -> None:
        undo = row.undo[index]
        for tries in range(self.retries + 1):
            before: str | None = None
            try:
                if undo.in_transaction:
                    self.begin()
                    self.execute(row.version, row.step, undo.sql)
                    self.store.journal_progress(row.version, row.step, PHASE_UNDO, index + 1, None)
                    self.session.commit()
                    return
                before = self.fingerprint()
                self.store.journal_progress(row.version, row.step, PHASE_UNDO, index, before)
                self.prepare_autocommit()
                self.execute(row.version, row.step, undo.sql)
                self.store.journal_progress(row.version, row.step, PHASE_UNDO, index + 1, None)
                return
            except STORE_ERRORS as err:
                self.abandon_transaction()
                unchanged = undo.in_transaction or (before is not None and self.fingerprint() == before)
                if unchanged and self.should_retry(err, tries):
                    continue
                raise

    # -- partial installs -----------------------------------------------------------------------------------------

    def drop_partial_install(self) -> list[str]:
        """Drop every table and view: an install only starts on a database without any, so all are its own."""
        objects = sorted(self.store.user_objects(), key=lambda item: not item[1])  # views first
        for name, is_view in objects:
            self.session.run_all(self.dialect.drop_sql(name, is_view))
        return [name for name, _ in objects]
