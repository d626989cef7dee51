"""The migrator with one realistic defect planted, run as a process: `python broken_migrator.py DEFECT ARGS...`.

ARGS are the migrator's own command-line arguments (the adapter puts the repository on PYTHONPATH). Each defect
is a small patch of the correct runner, applied in this process only, before its command line runs:

- version-row-first: records the version in schema_migrations (committed) before the version's statements run;
- no-cluster-lock: takes neither the cluster lock nor the work lock;
- no-journal: keeps the journal of executed steps in memory, so a failed step is still undone, but a killed run
  leaves nothing for the next start to recover from.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import migrator.api
from migrator.cli import main
from migrator.dialects import Dialect
from migrator.operations import Operations
from migrator.session import Session
from migrator.store import JournalRow, VersionStore


def version_row_first() -> None:
    upgrade = Operations.upgrade

    def early_upgrade(self: Operations, version: Any, previous: str | None, applied: tuple[str, ...]) -> None:
        scripts = version.for_dialect(self.dialect.name)
        self.store.insert_version(version.name, version.description, scripts.checksum, 0, self.installed_by, "applied")
        upgrade(self, version, previous, applied)

    def record_attempt_only(
        self: Operations, version: Any, scripts: Any, attempt: str, started: float, how: str
    ) -> None:
        self.store.finish_attempt(attempt, "applied", 0, detail=how)

    Operations.upgrade = early_upgrade  # type: ignore[method-assign]
    Operations._record_applied = record_attempt_only  # type: ignore[method-assign]


def no_cluster_lock() -> None:
    @contextmanager
    def unlocked(url: Any, dialect: Dialect) -> Iterator[Session]:
        session = Session(url, dialect)
        try:
            yield session
        finally:
            session.close()

    migrator.api.cluster_lock = unlocked  # type: ignore[assignment]
    migrator.api.take = lambda session, purpose: None


def no_journal() -> None:
    rows: dict[tuple[str, int], JournalRow] = {}

    def journal(self: VersionStore, version: str | None = None) -> list[JournalRow]:
        return [rows[key] for key in sorted(rows) if version is None or key[0] == version]

    def insert(self: VersionStore, row: JournalRow) -> None:
        rows[(row.version, row.step)] = row

    def progress(self: VersionStore, version: str, step: int, phase: str, position: int, fingerprint: Any) -> None:
        rows[(version, step)] = replace(rows[(version, step)], phase=phase, position=position, fingerprint=fingerprint)

    def delete(self: VersionStore, version: str, step: int) -> None:
        rows.pop((version, step), None)

    def clear(self: VersionStore, version: str, expected: int = 0) -> None:
        for key in [key for key in rows if key[0] == version]:
            del rows[key]

    def clear_all(self: VersionStore) -> int:
        count = len(rows)
        rows.clear()
        return count

    VersionStore.journal = journal  # type: ignore[method-assign]
    VersionStore._insert_journal = insert  # type: ignore[method-assign]
    VersionStore.journal_progress = progress  # type: ignore[method-assign]
    VersionStore.journal_delete = delete  # type: ignore[method-assign]
    VersionStore.journal_clear = clear  # type: ignore[method-assign]
    VersionStore.journal_clear_all = clear_all  # type: ignore[method-assign]


DEFECTS: dict[str, Callable[[], None]] = {
    "version-row-first": version_row_first,
    "no-cluster-lock": no_cluster_lock,
    "no-journal": no_journal,
}


if __name__ == "__main__":
    DEFECTS[sys.argv.pop(1)]()
    sys.argv[0] = "migrator"
    main()
