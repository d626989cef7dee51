"""`Migrator`: the verbs (status, plan, install, upgrade, rollback, history, verify, repair, baseline).

Every verb that changes the database holds the cluster lock for its whole run and first recovers a version an
interrupted runner left in flight.
"""

from __future__ import annotations

import getpass
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from migrator import planner
from migrator.dialects import Dialect, Timeouts, dialect_for, with_driver
from migrator.errors import MigratorError, RefusedError
from migrator.executor import Executor
from migrator.loader import load_source
from migrator.lock import cluster_lock, take
from migrator.operations import Operations
from migrator.planner import Plan
from migrator.results import AppliedVersion, HistoryEntry, InFlight, RunResult, Status
from migrator.schema import differences, fresh_install_snapshot, snapshot
from migrator.session import Session
from migrator.source import MigrationSource
from migrator.store import HEADER_STEP, PHASE_FORWARD, JournalRow, VersionStore
from migrator.versions import require_key


@dataclass(frozen=True)
class _Work:
    session: Session
    store: VersionStore
    executor: Executor
    operations: Operations


class Migrator:
    """Applies a migration source to one database. Nothing is read or written before a verb is called."""

    def __init__(
        self,
        url: str | URL,
        source: MigrationSource | str | Path,
        *,
        installed_by: str | None = None,
        lock_timeout_s: float = 5,
        statement_timeout_s: float | None = None,
        retries: int = 3,
    ) -> None:
        try:
            parsed = make_url(url) if isinstance(url, str) else url
        except ArgumentError as err:
            raise MigratorError(f"not a database URL: {err}") from err
        if lock_timeout_s <= 0 or (statement_timeout_s is not None and statement_timeout_s <= 0) or retries < 0:
            raise MigratorError("lock and statement timeouts must be positive, retries zero or more")
        self.dialect: Dialect = dialect_for(parsed)
        self.url = with_driver(parsed)
        self.source = source if isinstance(source, MigrationSource) else load_source(source)
        self.installed_by = installed_by or self.url.username or getpass.getuser()
        self.timeouts = Timeouts(lock_timeout_s, statement_timeout_s)
        self.retries = retries

    # -- sessions -------------------------------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[VersionStore]:
        session = Session(self.url, self.dialect)
        try:
            yield VersionStore(session)
        finally:
            session.close()

    @contextmanager
    def _working(self) -> Iterator[_Work]:
        with cluster_lock(self.url, self.dialect):
            session = Session(self.url, self.dialect)
            try:
                session.set_up_with(self._prepare_work_session)
                store = VersionStore(session)
                executor = Executor(session, store, self.timeouts, self.retries)
                yield _Work(session, store, executor, Operations(executor, self.installed_by))
            finally:
                session.close()

    def _prepare_work_session(self, session: Session) -> None:
        take(session, "work")
        session.run_all(self.dialect.session_sql(session.server, self.timeouts))

    def _recover(self, work: _Work) -> list[str]:
        if not work.store.initialized():
            return []
        work.store.ensure_tables()
        return work.operations.recover()

    def _result(self, work: _Work, started: float, **done: tuple[str, ...]) -> RunResult:
        return RunResult(
            statements=tuple(work.executor.timings),
            sql_seconds=work.session.sql_seconds,
            wall_seconds=time.perf_counter() - started,
            **done,
        )

    # -- reading verbs --------------------------------------------------------------------------------------------

    def status(self) -> Status:
        with self._reading() as store:
            initialized = store.initialized()
            applied = store.applied() if initialized else []
            journal = store.journal() if initialized and "schema_migrations_journal" in store.existing_tables() else []
            found = planner.problems(applied, self.source, self.dialect.name)
            if not applied and store.user_objects():
                found.append(_unmanaged_message([name for name, _ in store.user_objects()]))
        current = planner.current_version(applied)
        pending: tuple[str, ...] = ()
        if current is None or self.source.has(current):
            pending = tuple(v.name for v in self.source.after(current, self.source.head))
        return Status(
            current, self.source.head, pending, tuple(applied), initialized, _in_flight(journal), tuple(found)
        )

    def history(self) -> list[HistoryEntry]:
        with self._reading() as store:
            return store.history() if store.initialized() else []

    def plan(self, to: str | None = None) -> Plan:
        """The exact statements `upgrade(to)` (or `rollback(to)` for an older target) would run, in order."""
        with self._reading() as store:
            initialized = store.initialized()
            applied = store.applied() if initialized else []
            in_flight = _in_flight(store.journal()) if initialized else None
            objects = store.user_objects()
        dialect = self.dialect
        if not applied:
            if objects:
                raise RefusedError(_unmanaged_message([name for name, _ in objects]))
            target = planner.upgrade_target(self.source, None, to)
            scripts = self.source.get(target).for_dialect(dialect.name)
            return Plan(None, target, in_flight, (planner.plan_install(target, scripts, dialect),))
        planner.refuse_on_problems(applied, self.source, dialect.name)
        current = planner.current_version(applied)
        assert current is not None
        if to is not None and self.source.has(to) and require_key(to) < require_key(current):
            versions = self._rollback_versions(applied, current, to)
            undo = tuple(
                planner.plan_rollback(v, self.source.get(v).for_dialect(dialect.name), dialect) for v in versions
            )
            return Plan(current, to, in_flight, undo)
        target = planner.upgrade_target(self.source, current, to)
        pending = self.source.after(current, target)
        forward = tuple(planner.plan_upgrade(v.name, v.for_dialect(dialect.name), dialect) for v in pending)
        return Plan(current, target, in_flight, forward)

    def verify(self) -> list[str]:
        """Differences between the live schema and a fresh install of the recorded version; empty when equal."""
        with self._reading() as store:
            applied = store.applied() if store.initialized() else []
            current = planner.current_version(applied)
            if current is None:
                raise RefusedError("the database has no recorded version: nothing to verify against")
            if not self.source.has(current):
                raise RefusedError(f"the database is at {current}, which {self.source.root} does not contain")
            install = self.source.get(current).for_dialect(self.dialect.name).install
            expected = fresh_install_snapshot(store.session, current, install)
            return differences(expected, snapshot(store.session, store.session.server.schema), current)

    # -- changing verbs -------------------------------------------------------------------------------------------

    def upgrade(self, to: str | None = None) -> RunResult:
        """Bring the database to `to` (default: the newest version); an empty database gets a fresh install."""
        started = time.perf_counter()
        with self._working() as work:
            recovered = tuple(self._recover(work))
            store = work.store
            applied = store.applied() if store.initialized() else []
            if not applied:
                target = planner.upgrade_target(self.source, None, to)
                self._require_empty(store)
                store.ensure_tables()
                work.operations.install(self.source.get(target))
                return self._result(work, started, applied=(target,), recovered=recovered)
            planner.refuse_on_problems(applied, self.source, self.dialect.name)
            current = planner.current_version(applied)
            target = planner.upgrade_target(self.source, current, to)
            done: list[str] = []
            for version in self.source.after(current, target):
                work.operations.upgrade(version, done[-1] if done else current, tuple(done))
                done.append(version.name)
            return self._result(work, started, applied=tuple(done), recovered=recovered)

    def install(self, version: str) -> RunResult:
        """Fresh install of `version` on a database without tables, recorded as installed."""
        started = time.perf_counter()
        with self._working() as work:
            recovered = tuple(self._recover(work))
            target = self.source.get(version).name
            self._require_unrecorded(work.store)
            self._require_empty(work.store)
            work.store.ensure_tables()
            work.operations.install(self.source.get(target))
            return self._result(work, started, applied=(target,), recovered=recovered)

    def baseline(self, version: str) -> RunResult:
        """Record that an unmanaged schema is at `version`, after checking it equals that version's fresh install."""
        started = time.perf_counter()
        with self._working() as work:
            recovered = tuple(self._recover(work))
            source = self.source.get(version)
            self._require_unrecorded(work.store)
            scripts = source.for_dialect(self.dialect.name)
            expected = fresh_install_snapshot(work.session, version, scripts.install)
            found = differences(expected, snapshot(work.session, work.session.server.schema), version)
            if found:
                raise RefusedError(
                    f"the schema is not {version}; nothing was recorded. Differences:\n"
                    + "\n".join(f"- {line}" for line in found)
                )
            work.store.ensure_tables()
            work.store.insert_version(
                version, source.description, scripts.install_checksum, 0, self.installed_by, "baselined"
            )
            work.store.record(
                version, "baseline", "baselined", self.installed_by, "the existing schema matched the install script"
            )
            return self._result(work, started, applied=(version,), recovered=recovered)

    def rollback(self, to: str) -> RunResult:
        """Downgrade to `to` with the undo statements, newest version first."""
        started = time.perf_counter()
        with self._working() as work:
            recovered = tuple(self._recover(work))
            applied = work.store.applied() if work.store.initialized() else []
            current = planner.current_version(applied)
            if current is None:
                raise RefusedError("the database has no recorded version: nothing to roll back")
            planner.refuse_on_problems(applied, self.source, self.dialect.name)
            self.source.get(to)
            versions = self._rollback_versions(applied, current, to)
            below = [to, *reversed(versions)]
            for index, version in enumerate(versions):
                work.operations.rollback(self.source.get(version), below[len(versions) - 1 - index])
            return self._result(work, started, rolled_back=tuple(versions), recovered=recovered)

    def repair(self, *, accept_checksums: bool = False, clear_journal: bool = False) -> list[str]:
        """Resolve what the runner cannot on its own; returns what was done (also recorded in the history)."""
        if not (accept_checksums or clear_journal):
            raise MigratorError("choose a repair: --clear-journal and/or --accept-checksums (see docs/migrator.md)")
        with self._working() as work:
            store = work.store
            if not store.initialized():
                raise RefusedError("the database has no runner tables: nothing to repair")
            store.ensure_tables()
            done: list[str] = []
            if clear_journal:
                done.extend(self._clear_journal(store))
            if accept_checksums:
                done.extend(self._accept_checksums(store))
            return done

    # -- helpers --------------------------------------------------------------------------------------------------

    def _rollback_versions(self, applied: list[AppliedVersion], current: str, to: str) -> list[str]:
        """Versions to undo for `rollback(to)`, newest first."""
        if require_key(to) > require_key(current):
            raise RefusedError(f"the database is at {current}, older than {to}: use `upgrade --to {to}`")
        recorded = {row.version for row in applied}
        if to not in recorded:
            lowest = min((row.version for row in applied), key=require_key)
            raise RefusedError(
                f"cannot roll back to {to}: the database was installed at {lowest} and has no record below it"
            )
        return [v.name for v in reversed(self.source.after(to, current))]

    def _require_empty(self, store: VersionStore) -> None:
        objects = [name for name, _ in store.user_objects()]
        if objects:
            raise RefusedError(_unmanaged_message(objects))

    def _require_unrecorded(self, store: VersionStore) -> None:
        applied = store.applied() if store.initialized() else []
        if applied:
            raise RefusedError(
                f"the database is already at {planner.current_version(applied)}: use `upgrade` (or `rollback`)"
            )

    def _clear_journal(self, store: VersionStore) -> list[str]:
        rows = store.journal()
        versions = sorted({row.version for row in rows})
        store.journal_clear_all()
        store.interrupt_running()
        done = []
        for version in versions:
            detail = f"journal of {version} cleared by hand ({sum(r.version == version for r in rows)} rows)"
            store.record(version, "repair", "repaired", self.installed_by, detail)
            done.append(detail)
        return done

    def _accept_checksums(self, store: VersionStore) -> list[str]:
        done = []
        for row in store.applied():
            if not self.source.has(row.version):
                continue
            expected = planner.expected_checksum(row, self.source.get(row.version).for_dialect(self.dialect.name))
            if row.checksum != expected:
                store.set_checksum(row.version, expected)
                detail = f"{row.version}: checksum {row.checksum[:12]}… replaced by {expected[:12]}…"
                store.record(row.version, "repair", "repaired", self.installed_by, detail, expected)
                done.append(detail)
        return done


def _unmanaged_message(objects: list[str]) -> str:
    shown = ", ".join(objects[:5]) + (", …" if len(objects) > 5 else "")
    return (
        f"the database has tables ({shown}) but no recorded version, so the runner cannot know its version. "
        "If it is at a known version, record that with `migrator baseline --version V` (checked against V's "
        "install script); `install` and the fresh install of `upgrade` need an empty database"
    )


def _in_flight(journal: list[JournalRow]) -> InFlight | None:
    if not journal:
        return None
    version = journal[0].version
    rows = [row for row in journal if row.version == version]
    header = next((row for row in rows if row.step == HEADER_STEP), None)
    steps = [row for row in rows if row.step != HEADER_STEP]
    done = tuple(r.step for r in steps if not (r.phase == PHASE_FORWARD and r.position == 0))
    uncertain = next((r.step for r in steps if r.phase == PHASE_FORWARD and r.position == 0), None)
    return InFlight(version, header.phase if header else "upgrade", done, uncertain)
