"""The version store: the runner's three tables, read and written through one session.

Every write checks the number of rows it affected and raises VersionTableError otherwise: the store is only written
under the cluster lock, so any other count means someone else is changing it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from migrator.dialects import RUNNER_TABLES
from migrator.errors import VersionTableError
from migrator.results import AppliedVersion, HistoryEntry
from migrator.session import Session

PHASE_FORWARD = "forward"
PHASE_UNDO = "undo"
HEADER_STEP = 0


@dataclass(frozen=True)
class UndoStatement:
    sql: str
    in_transaction: bool


@dataclass(frozen=True)
class JournalRow:
    """Step 0 is the header (phase = the operation in flight); steps 1.. record executed forward statements."""

    version: str
    step: int
    attempt: str
    phase: str
    position: int  # forward: 1 when done; undo: number of undo statements done
    fingerprint: str | None  # schema fingerprint before a statement outside a transaction started
    statement: str
    undo: tuple[UndoStatement, ...]


class VersionStore:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.dialect

    # -- tables ---------------------------------------------------------------------------------------------------

    def existing_tables(self) -> set[str]:
        return {str(row[0]) for row in self.session.rows(self.dialect.runner_tables_present_sql)}

    def initialized(self) -> bool:
        return "schema_migrations" in self.existing_tables()

    def ensure_tables(self) -> None:
        if self.existing_tables() != set(RUNNER_TABLES):
            self.session.run_all(self.dialect.runner_tables_sql())

    def user_objects(self) -> list[tuple[str, bool]]:
        return [(str(name), bool(is_view)) for name, is_view in self.session.rows(self.dialect.user_objects_sql)]

    # -- schema_migrations ----------------------------------------------------------------------------------------

    def applied(self) -> list[AppliedVersion]:
        rows = self.session.rows(
            "SELECT version, description, checksum, applied_at, execution_ms, installed_by, status "
            "FROM schema_migrations"
        )
        return [AppliedVersion(str(r[0]), str(r[1]), str(r[2]), r[3], int(r[4]), str(r[5]), str(r[6])) for r in rows]

    def insert_version(
        self, version: str, description: str, checksum: str, execution_ms: int, installed_by: str, status: str
    ) -> None:
        self._one(
            "schema_migrations",
            f"insert {version}",
            "INSERT INTO schema_migrations (version, description, checksum, applied_at, execution_ms, installed_by, "
            f"status) VALUES (%s, %s, %s, {self.dialect.now_sql}, %s, %s, %s)",
            (version, description[:255], checksum, execution_ms, installed_by[:128], status),
        )

    def delete_version(self, version: str) -> None:
        self._one(
            "schema_migrations", f"delete {version}", "DELETE FROM schema_migrations WHERE version = %s", (version,)
        )

    def has_version(self, version: str) -> bool:
        return bool(self.session.rows("SELECT 1 FROM schema_migrations WHERE version = %s", (version,)))

    def set_checksum(self, version: str, checksum: str) -> None:
        self._one(
            "schema_migrations",
            f"update checksum of {version}",
            "UPDATE schema_migrations SET checksum = %s WHERE version = %s",
            (checksum, version),
        )

    # -- history --------------------------------------------------------------------------------------------------

    def start_attempt(self, version: str, operation: str, checksum: str | None, installed_by: str) -> str:
        attempt = uuid.uuid4().hex
        self._one(
            "schema_migrations_history",
            f"record {operation} of {version}",
            "INSERT INTO schema_migrations_history (attempt, version, operation, status, checksum, started_at, "
            f"installed_by) VALUES (%s, %s, %s, 'running', %s, {self.dialect.now_sql}, %s)",
            (attempt, version, operation, checksum, installed_by[:128]),
        )
        return attempt

    def finish_attempt(
        self,
        attempt: str,
        status: str,
        execution_ms: int,
        *,
        step: int | None = None,
        statement: str | None = None,
        error: str | None = None,
        detail: str | None = None,
    ) -> None:
        self._one(
            "schema_migrations_history",
            f"finish attempt {attempt} as {status}",
            f"UPDATE schema_migrations_history SET status = %s, finished_at = {self.dialect.now_sql}, "
            "execution_ms = %s, step = %s, statement = %s, error = %s, detail = %s WHERE attempt = %s",
            (status, execution_ms, step, statement, error, detail, attempt),
        )

    def record(
        self, version: str, operation: str, status: str, installed_by: str, detail: str, checksum: str | None = None
    ) -> None:
        attempt = self.start_attempt(version, operation, checksum, installed_by)
        self.finish_attempt(attempt, status, 0, detail=detail)

    def interrupt_running(self) -> int:
        """Mark attempts a dead runner left 'running' as 'interrupted' (none is running: we hold the lock)."""
        return self.session.run(
            f"UPDATE schema_migrations_history SET status = 'interrupted', finished_at = {self.dialect.now_sql} "
            "WHERE status = 'running'"
        )

    def history(self) -> list[HistoryEntry]:
        rows = self.session.rows(
            "SELECT id, version, operation, status, started_at, finished_at, execution_ms, installed_by, checksum, "
            "step, statement, error, detail FROM schema_migrations_history ORDER BY id"
        )
        return [
            HistoryEntry(
                int(r[0]), str(r[1]), str(r[2]), str(r[3]), r[4], r[5], _int(r[6]), str(r[7]), r[8],
                _int(r[9]), r[10], r[11], r[12],
            )
            for r in rows
        ]

    # -- journal --------------------------------------------------------------------------------------------------

    def journal(self, version: str | None = None) -> list[JournalRow]:
        sql = (
            "SELECT version, step, attempt, phase, position, fingerprint, statement, undo_sql "
            "FROM schema_migrations_journal"
        )
        params: tuple[str, ...] = ()
        if version is not None:
            sql += " WHERE version = %s"
            params = (version,)
        rows = self.session.rows(sql + " ORDER BY version, step", params)
        return [
            JournalRow(
                str(r[0]), int(r[1]), str(r[2]), str(r[3]), int(r[4]), r[5], str(r[6]), _decode_undo(str(r[7]))
            )
            for r in rows
        ]

    def journal_header(self, version: str, operation: str, attempt: str) -> None:
        self._insert_journal(JournalRow(version, HEADER_STEP, attempt, operation, 0, None, "", ()))

    def journal_step(
        self, version: str, step: int, attempt: str, statement: str, undo: Sequence[UndoStatement],
        fingerprint: str | None,
    ) -> None:
        """Record a forward statement: done (fingerprint None) or about to run outside a transaction."""
        position = 0 if fingerprint is not None else 1
        self._insert_journal(
            JournalRow(version, step, attempt, PHASE_FORWARD, position, fingerprint, statement, tuple(undo))
        )

    def journal_progress(self, version: str, step: int, phase: str, position: int, fingerprint: str | None) -> None:
        self._one(
            "schema_migrations_journal",
            f"{version} step {step}: {phase} {position}",
            "UPDATE schema_migrations_journal SET phase = %s, position = %s, fingerprint = %s "
            "WHERE version = %s AND step = %s",
            (phase, position, fingerprint, version, step),
        )

    def journal_delete(self, version: str, step: int) -> None:
        self._one(
            "schema_migrations_journal",
            f"delete {version} step {step}",
            "DELETE FROM schema_migrations_journal WHERE version = %s AND step = %s",
            (version, step),
        )

    def journal_clear(self, version: str, expected: int) -> None:
        affected = self.session.run("DELETE FROM schema_migrations_journal WHERE version = %s", (version,))
        if affected != expected:
            raise VersionTableError("schema_migrations_journal", f"clear {version}", expected, affected)

    def journal_clear_all(self) -> int:
        return self.session.run("DELETE FROM schema_migrations_journal")

    def _insert_journal(self, row: JournalRow) -> None:
        undo = json.dumps([{"sql": u.sql, "transaction": u.in_transaction} for u in row.undo])
        self._one(
            "schema_migrations_journal",
            f"journal {row.version} step {row.step}",
            "INSERT INTO schema_migrations_journal (version, step, attempt, phase, position, fingerprint, statement, "
            "undo_sql) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (row.version, row.step, row.attempt, row.phase, row.position, row.fingerprint, row.statement, undo),
        )

    def _one(self, table: str, action: str, sql: str, params: Sequence[object]) -> None:
        affected = self.session.run(sql, params)
        if affected != 1:
            raise VersionTableError(table, action, 1, affected)


def _decode_undo(text: str) -> tuple[UndoStatement, ...]:
    items: list[dict[str, Any]] = json.loads(text)
    return tuple(UndoStatement(str(item["sql"]), bool(item["transaction"])) for item in items)


def _int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]
