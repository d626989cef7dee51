"""Decides what runs: the pending versions, and — in one place — which statements share a transaction.

Transactions:
- a dialect with transactional DDL and a version without non-transactional steps: the whole version and its
  `schema_migrations` row commit in ONE transaction (no journal needed);
- otherwise the version is split into units, each journaled: consecutive transactional steps share a transaction
  when the dialect has transactional DDL, else every step is its own unit; a step runs in a transaction with its
  journal row when the dialect says so (MySQL: data statements), outside of one otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from migrator.dialects import Dialect
from migrator.errors import RefusedError
from migrator.results import AppliedVersion, InFlight
from migrator.source import DialectScripts, MigrationSource, Step
from migrator.store import UndoStatement
from migrator.versions import VersionKey, require_key, version_key

INSTALL_STATUSES = frozenset({"installed", "baselined"})
_LOWEST = VersionKey(-1, -1, -1, 0, ())


@dataclass(frozen=True)
class Unit:
    steps: tuple[Step, ...]
    in_transaction: bool


@dataclass(frozen=True)
class VersionUnits:
    single_transaction: bool
    units: tuple[Unit, ...]


def units_for(steps: Sequence[Step], dialect: Dialect) -> VersionUnits:
    if dialect.transactional_ddl and not any(step.nontransactional for step in steps):
        return VersionUnits(True, (Unit(tuple(steps), True),))
    units: list[Unit] = []
    for step in steps:
        in_transaction = dialect.in_transaction(step.forward, step.nontransactional)
        if in_transaction and dialect.transactional_ddl and units and units[-1].in_transaction:
            units[-1] = Unit((*units[-1].steps, step), True)
        else:
            units.append(Unit((step,), in_transaction))
    return VersionUnits(False, tuple(units))


def undo_statements(step: Step, dialect: Dialect) -> tuple[UndoStatement, ...]:
    """A step's undo statements, each marked like its step (an undo of a concurrent build is concurrent too)."""
    return tuple(UndoStatement(s.sql, dialect.in_transaction(s, step.nontransactional)) for s in step.undo)


@dataclass(frozen=True)
class PlannedStatement:
    step: int
    sql: str
    in_transaction: bool


@dataclass(frozen=True)
class VersionPlan:
    version: str
    operation: str  # install | upgrade | rollback
    single_transaction: bool
    statements: tuple[PlannedStatement, ...]


@dataclass(frozen=True)
class Plan:
    current: str | None
    target: str
    in_flight: InFlight | None  # recovered (rolled back) before anything in `versions` runs
    versions: tuple[VersionPlan, ...]


def plan_install(version: str, scripts: DialectScripts, dialect: Dialect) -> VersionPlan:
    statements = tuple(
        PlannedStatement(i, s.sql, dialect.transactional_ddl or dialect.in_transaction(s, False))
        for i, s in enumerate(scripts.install, start=1)
    )
    return VersionPlan(version, "install", dialect.transactional_ddl, statements)


def plan_upgrade(version: str, scripts: DialectScripts, dialect: Dialect) -> VersionPlan:
    layout = units_for(scripts.steps, dialect)
    statements = tuple(
        PlannedStatement(step.index, step.forward.sql, unit.in_transaction)
        for unit in layout.units
        for step in unit.steps
    )
    return VersionPlan(version, "upgrade", layout.single_transaction, statements)


def plan_rollback(version: str, scripts: DialectScripts, dialect: Dialect) -> VersionPlan:
    layout = units_for(scripts.steps, dialect)
    statements = tuple(
        PlannedStatement(step.index, undo.sql, layout.single_transaction or undo.in_transaction)
        for step in reversed(scripts.steps)
        for undo in undo_statements(step, dialect)
    )
    return VersionPlan(version, "rollback", layout.single_transaction, statements)


def current_version(applied: Sequence[AppliedVersion]) -> str | None:
    """The highest recorded version (by semantic version; unparsable names sort lowest)."""
    if not applied:
        return None
    return max(applied, key=lambda row: version_key(row.version) or _LOWEST).version


def expected_checksum(row: AppliedVersion, scripts: DialectScripts) -> str:
    return scripts.install_checksum if row.status in INSTALL_STATUSES else scripts.checksum


def problems(applied: Sequence[AppliedVersion], source: MigrationSource, dialect: str) -> list[str]:
    """Why the recorded versions do not fit the source; empty when they do."""
    found: list[str] = []
    head = require_key(source.head)
    for row in sorted(applied, key=lambda r: version_key(r.version) or _LOWEST):
        if not source.has(row.version):
            key = version_key(row.version)
            if key is not None and key > head:
                found.append(
                    f"the database is at {row.version}, newer than the newest version in {source.root} "
                    f"({source.head}): run the release that ships {row.version} or newer"
                )
            else:
                found.append(f"the database records {row.version}, which {source.root} does not contain")
            continue
        scripts = source.get(row.version).for_dialect(dialect)
        expected = expected_checksum(row, scripts)
        if row.checksum != expected:
            script = scripts.upgrade_path or scripts.install_path
            if row.status in INSTALL_STATUSES:
                script = scripts.install_path
            found.append(
                f"{row.version}: {script} changed after it was applied (recorded sha256 {row.checksum[:12]}…, now "
                f"{expected[:12]}…): restore the script, or if the edit is intentional and the database already "
                "matches it, run `migrator repair --accept-checksums`"
            )
    recorded = {row.version for row in applied}
    known = [row.version for row in applied if source.has(row.version)]
    if known:
        low = min(require_key(v) for v in known)
        high = max(require_key(v) for v in known)
        for version in source.versions:
            if low < version.key < high and version.name not in recorded:
                found.append(
                    f"{version.name} lies below the current version but was never applied here "
                    "(a version inserted into history after later ones were released)"
                )
    return found


def refuse_on_problems(applied: Sequence[AppliedVersion], source: MigrationSource, dialect: str) -> None:
    found = problems(applied, source, dialect)
    if found:
        raise RefusedError("refusing to run, nothing was changed:\n" + "\n".join(f"- {p}" for p in found))


def upgrade_target(source: MigrationSource, current: str | None, to: str | None) -> str:
    target = to if to is not None else source.head
    if not source.has(target):
        raise RefusedError(
            f"unknown target version {target!r}; the migrations in {source.root} have: {', '.join(source.names)}"
        )
    if current is not None and require_key(target) < require_key(current):
        raise RefusedError(
            f"the database is at {current}, newer than the target {target}: use `rollback --to {target}` to downgrade"
        )
    return target
