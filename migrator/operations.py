"""Version-level operations: install, upgrade one version, roll one back, recover an interrupted one.

Each is atomic: it ends with the database at the version it started from or at the version it aimed for, with
`schema_migrations` agreeing, and leaves one history row telling which.
"""

from __future__ import annotations

import logging
import time

from migrator.errors import DatabaseError, MigrationFailed, RefusedError
from migrator.executor import STORE_ERRORS, Executor, StepFailure
from migrator.planner import undo_statements, units_for
from migrator.source import DialectScripts, VersionSource
from migrator.store import HEADER_STEP

log = logging.getLogger("migrator")

RECORDING = "(recording the version in schema_migrations)"


class Operations:
    def __init__(self, executor: Executor, installed_by: str) -> None:
        self.executor = executor
        self.store = executor.store
        self.session = executor.session
        self.dialect = executor.dialect
        self.installed_by = installed_by

    # -- install --------------------------------------------------------------------------------------------------

    def install(self, version: VersionSource) -> None:
        scripts = version.for_dialect(self.dialect.name)
        started = time.perf_counter()
        attempt = self.store.start_attempt(version.name, "install", scripts.install_checksum, self.installed_by)
        in_one_transaction = self.dialect.transactional_ddl
        current = (0, RECORDING)
        try:
            if in_one_transaction:
                self.executor.begin()
            else:
                self.store.journal_header(version.name, "install", attempt)
            for number, statement in enumerate(scripts.install, start=1):
                current = (number, statement.sql)
                self.executor.execute(version.name, number, statement.sql)
            current = (0, RECORDING)
            if not in_one_transaction:
                self.session.begin()
                self.store.journal_clear(version.name, 1)
            elapsed = _ms(started)
            self.store.insert_version(
                version.name, version.description, scripts.install_checksum, elapsed, self.installed_by, "installed"
            )
            self.store.finish_attempt(attempt, "installed", elapsed, detail=f"{len(scripts.install)} statements")
            self.session.commit()
        except STORE_ERRORS as err:
            self.executor.abandon_transaction()
            rollback_error = None
            detail = "rolled back: the transaction was not committed"
            if not in_one_transaction:
                try:
                    dropped = self.executor.drop_partial_install()
                    self.store.journal_delete(version.name, HEADER_STEP)
                    detail = f"rolled back: dropped {', '.join(dropped) or 'nothing'}"
                except STORE_ERRORS as cleanup:
                    rollback_error = str(cleanup)
            self._finish_failed(attempt, started, current[0], current[1], str(err), detail, rollback_error)
            raise MigrationFailed(
                version.name, current[0], current[1], str(err), rollback_error=rollback_error
            ) from err

    # -- upgrade --------------------------------------------------------------------------------------------------

    def upgrade(self, version: VersionSource, previous: str | None, applied: tuple[str, ...]) -> None:
        scripts = version.for_dialect(self.dialect.name)
        started = time.perf_counter()
        attempt = self.store.start_attempt(version.name, "upgrade", scripts.checksum, self.installed_by)
        if units_for(scripts.steps, self.dialect).single_transaction:
            failure, rollback_error, detail = self._upgrade_in_one_transaction(version, scripts, attempt, started)
        else:
            failure, rollback_error, detail = self._upgrade_journaled(version, scripts, attempt, started)
        if failure is None:
            return
        self._finish_failed(
            attempt, started, failure.step, failure.statement, str(failure.error), detail, rollback_error
        )
        raise MigrationFailed(
            version.name, failure.step, failure.statement, str(failure.error),
            applied=applied, rollback_error=rollback_error, previous=previous,
        ) from failure.error

    def _upgrade_in_one_transaction(
        self, version: VersionSource, scripts: DialectScripts, attempt: str, started: float
    ) -> tuple[StepFailure | None, str | None, str]:
        executor = self.executor
        for tries in range(executor.retries + 1):
            current = (0, RECORDING)
            try:
                executor.begin()
                for step in scripts.steps:
                    current = (step.index, step.forward.sql)
                    executor.execute(version.name, step.index, step.forward.sql)
                current = (0, RECORDING)
                self._record_applied(version, scripts, attempt, started, "one transaction")
                self.session.commit()
                return None, None, ""
            except STORE_ERRORS as err:
                executor.abandon_transaction()
                if executor.should_retry(err, tries):
                    continue
                failure = StepFailure(current[0], current[1], err)
                return failure, None, "rolled back: the transaction was not committed"
        raise AssertionError("unreachable: the last try returns")  # pragma: no cover

    def _upgrade_journaled(
        self, version: VersionSource, scripts: DialectScripts, attempt: str, started: float
    ) -> tuple[StepFailure | None, str | None, str]:
        executor = self.executor
        layout = units_for(scripts.steps, self.dialect)
        current = (0, RECORDING)
        try:
            self.store.journal_header(version.name, "upgrade", attempt)
            for unit in layout.units:
                first = unit.steps[0]
                current = (first.index, first.forward.sql)
                items = [(s.index, s.forward.sql, undo_statements(s, self.dialect)) for s in unit.steps]
                if unit.in_transaction:
                    executor.transaction_unit(version.name, attempt, items)
                else:
                    executor.autocommit_step(version.name, attempt, *items[0])
            current = (0, RECORDING)
            self.session.begin()
            self.store.journal_clear(version.name, len(scripts.steps) + 1)
            self._record_applied(version, scripts, attempt, started, f"{len(layout.units)} journaled units")
            self.session.commit()
            return None, None, ""
        except StepFailure as failure:
            return (failure, *self._roll_back_steps(version.name))
        except STORE_ERRORS as err:
            executor.abandon_transaction()
            return (StepFailure(current[0], current[1], err), *self._roll_back_steps(version.name))

    def _roll_back_steps(self, version: str) -> tuple[str | None, str]:
        """Undo what the failed attempt executed; (error of the undo or None, what was done)."""
        try:
            undone = self.executor.undo_steps(version)
            self.store.journal_delete(version, HEADER_STEP)
        except STORE_ERRORS as err:
            log.error("automatic rollback of %s failed: %s", version, err)
            return str(err), "automatic rollback failed; the journal keeps what is left to undo"
        return None, "rolled back: undid " + (", ".join(f"step {s}" for s in undone) or "nothing (no step took effect)")

    def _record_applied(
        self, version: VersionSource, scripts: DialectScripts, attempt: str, started: float, how: str
    ) -> None:
        elapsed = _ms(started)
        self.store.insert_version(
            version.name, version.description, scripts.checksum, elapsed, self.installed_by, "applied"
        )
        self.store.finish_attempt(attempt, "applied", elapsed, detail=f"{len(scripts.steps)} steps in {how}")

    def _finish_failed(
        self,
        attempt: str,
        started: float,
        step: int,
        statement: str,
        error: str,
        detail: str,
        rollback_error: str | None,
    ) -> None:
        status = "failed" if rollback_error is None else "dirty"
        if rollback_error is not None:
            detail = f"{detail}: {rollback_error}"
        try:
            self.store.finish_attempt(
                attempt, status, _ms(started), step=step, statement=statement, error=error, detail=detail
            )
        except STORE_ERRORS as err:  # the connection may be gone; the next run marks the attempt interrupted
            log.error("could not record the failed attempt: %s", err)

    # -- rollback -------------------------------------------------------------------------------------------------

    def rollback(self, version: VersionSource, previous: str) -> None:
        scripts = version.for_dialect(self.dialect.name)
        started = time.perf_counter()
        attempt = self.store.start_attempt(version.name, "rollback", scripts.checksum, self.installed_by)
        executor = self.executor
        current = (0, RECORDING)
        journaled = False
        try:
            if units_for(scripts.steps, self.dialect).single_transaction:
                executor.begin()
                for step in reversed(scripts.steps):
                    for undo in step.undo:
                        current = (step.index, undo.sql)
                        executor.execute(version.name, step.index, undo.sql)
                current = (0, RECORDING)
            else:
                self.session.begin()
                self.store.journal_header(version.name, "rollback", attempt)
                for step in scripts.steps:
                    reverts = undo_statements(step, self.dialect)
                    self.store.journal_step(version.name, step.index, attempt, step.forward.sql, reverts, None)
                self.session.commit()
                journaled = True
                executor.undo_steps(version.name)
                self.session.begin()
                self.store.journal_delete(version.name, HEADER_STEP)
            self.store.delete_version(version.name)
            self.store.finish_attempt(attempt, "rolled back", _ms(started), detail=f"now at {previous}")
            self.session.commit()
        except STORE_ERRORS as err:
            executor.abandon_transaction()
            if isinstance(err, DatabaseError) and err.statement and current[0] == 0:
                current = (_step_of(scripts, err.statement), err.statement)
            stopped = None
            if journaled:
                stopped = "the rollback stopped part-way; the next run finishes it (or see `migrator repair`)"
            self._finish_failed(attempt, started, current[0], current[1], str(err), "rollback failed", stopped)
            raise MigrationFailed(
                version.name, current[0], current[1], str(err), rollback_error=stopped, previous=version.name
            ) from err

    # -- recovery -------------------------------------------------------------------------------------------------

    def recover(self) -> list[str]:
        """Finish what an interrupted runner left in the journal: undo its version. Returns the versions recovered."""
        interrupted = self.store.interrupt_running()
        recovered: list[str] = []
        for version in sorted({row.version for row in self.store.journal()}):
            rows = self.store.journal(version)
            header = next((row for row in rows if row.step == HEADER_STEP), None)
            operation = header.phase if header is not None else "upgrade"
            log.warning("recovering %s: an interrupted %s left %d journal rows", version, operation, len(rows))
            try:
                detail = self._recover_version(version, operation, header is not None, len(rows))
            except STORE_ERRORS as err:
                self.executor.abandon_transaction()
                raise RefusedError(
                    f"{version}: an interrupted {operation} could not be rolled back automatically: {err}\n"
                    "bring the schema back to the recorded version by hand, then run `migrator repair --clear-journal`"
                ) from err
            self.store.record(version, "recovery", "rolled back", self.installed_by, detail)
            recovered.append(version)
        if interrupted and not recovered:
            log.info("%d interrupted attempt(s) had left nothing to undo", interrupted)
        return recovered

    def _recover_version(self, version: str, operation: str, has_header: bool, rows: int) -> str:
        if operation == "install":
            dropped = self.executor.drop_partial_install()
            self.store.journal_clear(version, rows)
            return f"removed a partial install: {', '.join(dropped) or 'nothing'}"
        undone = self.executor.undo_steps(version)
        self.session.begin()
        forgot = operation == "rollback" and self.store.has_version(version)
        if forgot:
            self.store.delete_version(version)
        if has_header:
            self.store.journal_delete(version, HEADER_STEP)
        self.session.commit()
        steps = ", ".join(str(step) for step in undone) or "none"
        what = "finished an interrupted rollback" if forgot else f"rolled back an interrupted {operation}"
        return f"{what}; undid steps: {steps}"


def _step_of(scripts: DialectScripts, sql: str) -> int:
    """The step whose undo statement `sql` is (0 when it is none of them: a bookkeeping statement failed)."""
    return next((step.index for step in scripts.steps if any(u.sql == sql for u in step.undo)), 0)


def _ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)

