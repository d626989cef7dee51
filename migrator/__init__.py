"""migrator: versioned schema migrations for PostgreSQL, MySQL and MariaDB (see docs/migrator.md)."""

from migrator.api import Migrator
from migrator.errors import DatabaseError, MigrationFailed, MigratorError, RefusedError, SourceError, VersionTableError
from migrator.loader import load_source
from migrator.planner import Plan, PlannedStatement, VersionPlan
from migrator.results import AppliedVersion, HistoryEntry, InFlight, RunResult, StatementTiming, Status
from migrator.source import MigrationSource, Statement, Step, VersionSource

__all__ = [
    "AppliedVersion",
    "DatabaseError",
    "HistoryEntry",
    "InFlight",
    "MigrationFailed",
    "MigrationSource",
    "Migrator",
    "MigratorError",
    "Plan",
    "PlannedStatement",
    "RefusedError",
    "RunResult",
    "SourceError",
    "Statement",
    "StatementTiming",
    "Status",
    "Step",
    "VersionPlan",
    "VersionSource",
    "VersionTableError",
    "load_source",
]
