"""The replay runner's executors: how each layout's own tool applies a migration and keeps its books, replayed
faithfully enough to verify against.

- golang-migrate (also the dialect-suffixed layout, which golang-migrate-based products load): the version row is set
  dirty before a file runs and clean after; the file runs in one transaction on PostgreSQL (a multi-statement
  execution is one implicit transaction there) and without one on MySQL, so a failure mid-file leaves a dirty version
  and, on MySQL, the statements before it applied.
- Flyway: each migration in a transaction with its history row; where DDL cannot roll back (MySQL) a failure is
  recorded as a failed row that blocks further migrations until repaired.
- dbmate: each section in a transaction with the insert (or delete) of its version, unless `transaction:false`.
- pop / popx: each file in a transaction with the insert (or delete) of its version in `schema_migration`, unless the
  file is `.autocommit`; no dirty flag, so a failure records nothing (and on MySQL leaves the DDL before it).
"""

from __future__ import annotations

import contextlib
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from harness.dialects import TRAITS, Dialect
from harness.layouts.history import Migration, Script
from harness.runners.version_tables import DBMATE, FLYWAY, GOLANG_MIGRATE, POP, Recorded, VersionTable


class StepFailed(Exception):
    """A statement of a migration failed; the tool's bookkeeping for the failure is already done."""

    def __init__(self, statement: str, step: int, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.statement = statement
        self.step = step
        self.message = message
        self.path = path  # the file the statement comes from


@dataclass
class Run:
    """One session of a tool on one database: executes scripts the way the tool does and times each statement."""

    connection: Connection  # in autocommit mode: transactions are opened and closed explicitly
    dialect: Dialect
    timings: list[tuple[int, str, float]] = field(default_factory=list)

    def sql(self, statement: str) -> None:
        # no_parameters: the script's text goes to the driver untouched (a `%` in a string literal stays a `%`)
        self.connection.execution_options(no_parameters=True).exec_driver_sql(statement)

    def baseline(self, migration: Migration) -> None:
        """The schema a plugin's history assumes (its host product's tables), before its first migration. It is the
        host's, not the tool's: no bookkeeping, no timings; in one transaction where DDL is transactional."""
        script = migration.baseline.get(self.dialect)
        if script is None:
            return
        recorded = len(self.timings)
        self.execute(script, TRAITS[self.dialect].transactional_ddl)
        del self.timings[recorded:]

    def book(self, statement: str, **values: object) -> None:
        self.connection.execute(text(statement), values)

    def execute(self, script: Script | None, transaction: bool, inside: Callable[[], None] | None = None) -> None:
        """Run `script` (None: nothing for this dialect), then `inside` - in one transaction when `transaction`."""
        if transaction:
            self.sql("BEGIN")
        try:
            for step, statement in enumerate(script.statements if script else (), start=1):
                started = time.perf_counter()
                try:
                    self.sql(statement)
                except DBAPIError as err:
                    raise StepFailed(statement, step, driver_message(err), script.path if script else None) from err
                self.timings.append((step, statement, time.perf_counter() - started))
            if inside is not None:
                inside()
            if transaction:
                self.sql("COMMIT")
        except BaseException:
            if transaction:
                self._rollback()
            raise

    def _rollback(self) -> None:
        # When the connection is gone the server rolls the transaction back itself. SQLAlchemy then refuses any
        # statement on the invalidated connection until its own rollback() clears that state; sending ROLLBACK would
        # raise PendingRollbackError, which would replace the migration's failure the caller is handling.
        if self.connection.invalidated:
            with contextlib.suppress(SQLAlchemyError):
                self.connection.rollback()
            return
        with contextlib.suppress(DBAPIError):
            self.sql("ROLLBACK")


def driver_message(err: DBAPIError) -> str:
    return " ".join(str(err.orig).split()) if err.orig is not None else str(err)


class Tool(Protocol):
    name: str
    table: VersionTable

    def prepare(self, run: Run) -> None:
        """Create the tool's history table when missing, as the tool does on its first run."""
        ...

    def refusal(self, recorded: Recorded) -> str | None:
        """The tool's own refusal to run on a database in this state (dirty, failed), or None."""
        ...

    def up(self, run: Run, migration: Migration) -> None: ...

    def down(self, run: Run, migration: Migration, previous: Migration | None) -> None: ...

    def repair(self, run: Run, last: Migration | None) -> bool:
        """The operator's documented repair after a failure, recording `last` as the last applied migration; False
        when the tool documents none."""
        ...


class GolangMigrate:
    name = "golang-migrate"
    table = GOLANG_MIGRATE
    NIL_VERSION = -1

    def prepare(self, run: Run) -> None:
        run.sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)"
        )

    def refusal(self, recorded: Recorded) -> str | None:
        if recorded.state == "dirty":
            return f"Dirty database version {recorded.version}. Fix and force version."
        return None

    @staticmethod
    def _implicit_transaction(run: Run, script: Script | None) -> bool:
        """A file goes to the server as one execution; on PostgreSQL several statements in one execution form an
        implicit transaction, while a single statement runs on its own (so CREATE INDEX CONCURRENTLY works)."""
        return TRAITS[run.dialect].transactional_ddl and script is not None and len(script.statements) > 1

    def _set_version(self, run: Run, version: int, dirty: bool) -> None:
        run.sql("BEGIN")
        try:
            run.book("DELETE FROM schema_migrations")
            if version >= 0 or dirty:
                run.book("INSERT INTO schema_migrations (version, dirty) VALUES (:v, :d)", v=version, d=dirty)
            run.sql("COMMIT")
        except BaseException:
            run._rollback()
            raise

    def up(self, run: Run, migration: Migration) -> None:
        run.baseline(migration)
        version = int(migration.version)
        self._set_version(run, version, True)
        script = migration.up.get(run.dialect)
        run.execute(script, transaction=self._implicit_transaction(run, script))
        self._set_version(run, version, False)

    def down(self, run: Run, migration: Migration, previous: Migration | None) -> None:
        target = int(previous.version) if previous is not None else self.NIL_VERSION
        self._set_version(run, target, True)
        script = migration.down.get(run.dialect)
        run.execute(script, transaction=self._implicit_transaction(run, script))
        self._set_version(run, target, False)

    def repair(self, run: Run, last: Migration | None) -> bool:
        """`migrate force V`: record V, clean."""
        self._set_version(run, int(last.version) if last is not None else self.NIL_VERSION, False)
        return True


def flyway_checksum(script: Script | None) -> int | None:
    """Flyway's checksum: CRC32 over the file's lines without their line endings, as a signed 32-bit number (a Flyway
    script's text is its whole file, as the reader read it: no need to read the file again)."""
    if script is None:
        return None
    crc = 0
    for line in script.sql.splitlines():
        crc = zlib.crc32(line.encode("utf-8"), crc)
    return crc - (1 << 32) if crc >= 1 << 31 else crc


class Flyway:
    name = "flyway"
    table = FLYWAY

    def prepare(self, run: Run) -> None:
        run.sql(
            "CREATE TABLE IF NOT EXISTS flyway_schema_history (installed_rank INT NOT NULL, version VARCHAR(50), "
            "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, "
            "checksum INT, installed_by VARCHAR(100) NOT NULL, "
            "installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, "
            "success BOOLEAN NOT NULL, CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank))"
        )

    def refusal(self, recorded: Recorded) -> str | None:
        if recorded.state == "failed":
            return (
                f"Validate failed: Detected failed migration to version {recorded.version}. "
                f"Please remove any half-completed changes then run repair to fix the schema history."
            )
        return None

    def _record(
        self, run: Run, migration: Migration, kind: str, script: Script | None, started: float, success: bool
    ) -> None:
        run.book(
            "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
            "installed_by, execution_time, success) SELECT COALESCE(MAX(installed_rank), 0) + 1, :version, "
            ":description, :kind, :script, :checksum, CURRENT_USER, :ms, :success FROM flyway_schema_history",
            version=migration.version,
            description=migration.name,
            kind=kind,
            script=script.path.name if script else "",
            checksum=flyway_checksum(script),
            ms=int((time.perf_counter() - started) * 1000),
            success=success,
        )

    def _apply(self, run: Run, migration: Migration, kind: str, script: Script | None) -> None:
        started = time.perf_counter()
        try:
            run.execute(script, True, lambda: self._record(run, migration, kind, script, started, True))
        except StepFailed:
            if not TRAITS[run.dialect].transactional_ddl:
                self._record(run, migration, kind, script, started, False)
            raise

    def up(self, run: Run, migration: Migration) -> None:
        run.baseline(migration)
        self._apply(run, migration, "SQL", migration.up.get(run.dialect))

    def down(self, run: Run, migration: Migration, previous: Migration | None) -> None:
        self._apply(run, migration, "UNDO_SQL", migration.down.get(run.dialect))

    def repair(self, run: Run, last: Migration | None) -> bool:
        """`flyway repair`: the failed migrations' rows are removed from the history."""
        run.book("DELETE FROM flyway_schema_history WHERE success = :failed", failed=False)
        return True


class Dbmate:
    name = "dbmate"
    table = DBMATE

    def prepare(self, run: Run) -> None:
        run.sql("CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY)")

    def refusal(self, recorded: Recorded) -> str | None:
        return None

    def up(self, run: Run, migration: Migration) -> None:
        run.baseline(migration)
        script = migration.up.get(run.dialect)
        record = lambda: run.book("INSERT INTO schema_migrations (version) VALUES (:v)", v=migration.version)  # noqa: E731
        run.execute(script, script.transaction if script else True, record)

    def down(self, run: Run, migration: Migration, previous: Migration | None) -> None:
        script = migration.down.get(run.dialect)
        forget = lambda: run.book("DELETE FROM schema_migrations WHERE version = :v", v=migration.version)  # noqa: E731
        run.execute(script, script.transaction if script else True, forget)

    def repair(self, run: Run, last: Migration | None) -> bool:
        return False  # dbmate records nothing of a failed migration, so it has nothing to repair


class Pop:
    """gobuffalo/pop with popx's table: `schema_migration(version varchar(48))`, unique on the version.

    pop creates `version varchar(14)` (a 14-digit timestamp); popx widens it to 48 characters for its 20-digit
    versions and adds `version_self`, which this replay creates as popx does and leaves at its default.
    """

    name = "pop"
    table = POP

    def prepare(self, run: Run) -> None:
        if POP.table_name(run.connection) is not None:
            return  # pop checks for the table with a SELECT and creates it only when missing
        run.sql("BEGIN")
        try:
            run.sql(
                "CREATE TABLE schema_migration (version varchar(48) NOT NULL PRIMARY KEY, "
                "version_self int NOT NULL DEFAULT 0)"
            )
            run.sql("CREATE UNIQUE INDEX schema_migration_version_idx ON schema_migration (version)")
            run.sql("COMMIT")
        except BaseException:
            run._rollback()
            raise

    def refusal(self, recorded: Recorded) -> str | None:
        return None  # pop keeps no mark of a failed migration

    @staticmethod
    def _transaction(run: Run, script: Script | None) -> bool:
        """pop runs a file in a transaction; an `.autocommit` file is one execution outside it, which PostgreSQL
        still makes one implicit transaction when the file holds several statements."""
        if script is None or script.transaction:
            return True
        return TRAITS[run.dialect].transactional_ddl and len(script.statements) > 1

    def up(self, run: Run, migration: Migration) -> None:
        # Where pop has no file of a version for a dialect it records nothing there; the replay records the version
        # anyway, so that every dialect walks the same versions (the table is the runner's own, never compared).
        run.baseline(migration)
        script = migration.up.get(run.dialect)
        record = lambda: run.book("INSERT INTO schema_migration (version) VALUES (:v)", v=migration.version)  # noqa: E731
        run.execute(script, self._transaction(run, script), record)

    def down(self, run: Run, migration: Migration, previous: Migration | None) -> None:
        script = migration.down.get(run.dialect)
        forget = lambda: run.book("DELETE FROM schema_migration WHERE version = :v", v=migration.version)  # noqa: E731
        run.execute(script, self._transaction(run, script), forget)

    def repair(self, run: Run, last: Migration | None) -> bool:
        return False  # nothing recorded of a failure, nothing to repair


TOOLS: dict[str, Tool] = {
    "golang-migrate": GolangMigrate(),
    "dialect-suffixed": GolangMigrate(),
    "flyway": Flyway(),
    "dbmate": Dbmate(),
    "pop": Pop(),
}
"""Layout -> the tool whose behaviour the replay runner reproduces."""
