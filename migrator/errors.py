"""Every error the runner raises, with the exit code the command line maps it to."""

from __future__ import annotations

from pathlib import Path


class MigratorError(Exception):
    """Base of the runner's errors. `exit_code` is what the command line exits with."""

    exit_code = 2


class SourceError(MigratorError):
    """The migration source is invalid: names the file and, where known, the line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


class RefusedError(MigratorError):
    """The runner refuses to act (changed checksum, newer database, unknown target, unresolvable state)."""


class DatabaseError(MigratorError):
    """A statement or connection failed. `code` is the SQLSTATE (PostgreSQL) or error number (MySQL)."""

    def __init__(self, message: str, code: str | None = None, statement: str | None = None) -> None:
        self.code = code
        self.message = message
        self.statement = statement
        super().__init__(f"[{code}] {message}" if code else message)


class VersionTableError(MigratorError):
    """A write to one of the runner's own tables did not affect the rows it must affect."""

    def __init__(self, table: str, action: str, expected: int, actual: int) -> None:
        self.table = table
        self.action = action
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{table}: {action} affected {actual} row(s), expected {expected}; "
            "another process may be changing the runner's tables outside the lock"
        )


class MigrationFailed(MigratorError):
    """A version failed at a step. Raised after the automatic rollback ran.

    `rollback_error` is None when the rollback completed (the database is at the previous version); otherwise the
    database is left with an in-flight journal that the next run recovers, or `repair` resolves.
    `step` is 1-based; 0 means the failure happened while recording the version, not in one of its steps.
    """

    exit_code = 1

    def __init__(
        self,
        version: str,
        step: int,
        statement: str,
        error: str,
        *,
        applied: tuple[str, ...] = (),
        rollback_error: str | None = None,
        previous: str | None = None,
    ) -> None:
        self.version = version
        self.step = step
        self.statement = statement
        self.error = error
        self.applied = applied
        self.rollback_error = rollback_error
        self.previous = previous
        where = f"step {step}" if step else "recording the version"
        lines = [f"{version} failed at {where}: {error}", f"statement: {statement}"]
        if rollback_error is None:
            lines.append(f"rolled back: the database is at {previous or 'no version'} again")
        else:
            lines.append(
                f"the automatic rollback failed: {rollback_error}\n"
                "the next run retries the rollback first; see `migrator repair` if it keeps failing"
            )
        super().__init__("\n".join(lines))
