"""What the runner needs to know about a database family, as declarative capabilities and SQL snippets.

Each family is one small class; `migrator.dialects.DIALECTS` registers them. Nothing outside this package branches
on the family's name.
"""

from __future__ import annotations

import hashlib
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from migrator.source import Statement

RUNNER_TABLES = ("schema_migrations", "schema_migrations_history", "schema_migrations_journal")
RUNNER_TABLES_SQL = ", ".join(f"'{name}'" for name in RUNNER_TABLES)


@dataclass(frozen=True)
class Timeouts:
    """Per-statement limits for migration statements: how long to wait for a lock, how long a statement may run."""

    lock_timeout_s: float
    statement_timeout_s: float | None


@dataclass(frozen=True)
class ServerInfo:
    version: str  # as the server reports it, e.g. "10.11.6-MariaDB" or "150008"
    database: str
    schema: str  # where unqualified names go: the current schema (PostgreSQL), the database (MySQL)


class Dialect(ABC):
    """A database family: `postgresql`, or `mysql` for MySQL and MariaDB."""

    name: ClassVar[str]
    default_driver: ClassVar[str]
    transactional_ddl: ClassVar[bool]
    """DDL can be rolled back: a version without non-transactional steps commits in one transaction."""
    lock_timeout_codes: ClassVar[frozenset[str]]
    """Error codes (SQLSTATE or error number) meaning "waited too long for a lock": the unit is retried."""
    begin_sql: ClassVar[str] = "BEGIN"
    now_sql: ClassVar[str]
    lock_try_sql: ClassVar[str]
    """Take the named lock without waiting; returns a true value when taken."""
    lock_wait_sql: ClassVar[str | None]
    """Wait for the named lock; returns a true value when taken, false when its wait ran out (then wait again).
    None: poll with `lock_try_sql` instead, because a statement waiting in the server would get in the way."""
    lock_holder_sql: ClassVar[str]
    """Which connection holds the named lock, for the "waiting for ..." message."""
    lock_session_sql: ClassVar[tuple[str, ...]]
    """Settings of the dedicated lock session, so it is never timed out while it holds the lock."""
    server_sql: ClassVar[str]
    """(server version, database, schema)."""
    runner_tables_present_sql: ClassVar[str]
    """Names of the runner's tables that exist in the managed database."""
    user_objects_sql: ClassVar[str]
    """(name, is_view) of every table and view in the managed database, the runner's own excluded."""
    fingerprint_sql: ClassVar[tuple[str, ...]]
    """Catalog queries whose rows, hashed, identify the schema: any DDL's effect changes at least one row."""
    snapshot_tables_sql: ClassVar[str]
    snapshot_columns_sql: ClassVar[str]
    snapshot_indexes_sql: ClassVar[str]
    sandbox_in_transaction: ClassVar[bool]
    """`verify` installs into a scratch schema inside a transaction it rolls back (else a scratch database)."""
    session_id_sql: ClassVar[str]
    """The current connection's id on the server, as `cancel_sql` takes it."""
    server_bounds_statements: ClassVar[bool] = True
    """The server itself stops every kind of statement past the session's statement timeout; when not, the runner
    cancels an overdue statement from a second connection (`cancel_sql`)."""

    def statement_timeout_code(self, server: ServerInfo) -> str:
        """The error code reported when the runner itself stopped a statement past its statement timeout."""
        raise NotImplementedError(f"{self.name} stops statements by its own statement timeout")

    def cancel_sql(self, session_id: int) -> str:
        """Stop the statement running on connection `session_id`, leaving the connection open."""
        raise NotImplementedError(f"{self.name} stops statements by its own statement timeout")

    @abstractmethod
    def runner_tables_sql(self) -> tuple[str, ...]:
        """CREATE TABLE IF NOT EXISTS for the three runner tables."""

    @abstractmethod
    def in_transaction(self, statement: Statement, nontransactional: bool) -> bool:
        """Whether a migration statement runs inside a transaction (and so commits atomically with its journal row)."""

    @abstractmethod
    def session_sql(self, server: ServerInfo, timeouts: Timeouts) -> tuple[str, ...]:
        """Settings applied once to the session that runs migration statements."""

    @abstractmethod
    def transaction_sql(self, timeouts: Timeouts) -> tuple[str, ...]:
        """Settings at the start of each transaction that runs migration statements."""

    @abstractmethod
    def autocommit_sql(self, timeouts: Timeouts) -> tuple[str, ...]:
        """Settings before each migration statement that runs outside a transaction."""

    @abstractmethod
    def set_autocommit(self, connection: Any) -> None:
        """Put a driver connection in autocommit mode: the runner issues BEGIN/COMMIT itself."""

    @abstractmethod
    def error_code(self, error: BaseException) -> str | None:
        """The SQLSTATE or error number of a driver error."""

    @abstractmethod
    def driver_errors(self) -> tuple[type[BaseException], ...]:
        """The driver's error classes."""

    @abstractmethod
    def lock_key(self, purpose: str, database: str) -> object:
        """The lock name for `purpose` ("cluster" or "work") on `database`."""

    @abstractmethod
    def quote(self, identifier: str) -> str:
        """Quote an identifier."""

    @abstractmethod
    def drop_sql(self, name: str, is_view: bool) -> tuple[str, ...]:
        """Statements dropping one table or view of the managed database, whatever refers to it."""

    @abstractmethod
    def sandbox_sql(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(create, drop) statements for the scratch schema or database `verify` installs into."""

    @abstractmethod
    def use_sql(self, name: str) -> tuple[str, ...]:
        """Make unqualified names refer to schema or database `name`."""


def seconds_to_ms(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


def whole_seconds(seconds: float) -> int:
    return max(1, math.ceil(seconds))


def stable_bigint(text: str) -> int:
    """A non-negative 63-bit integer derived from `text` (advisory lock keys)."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1
