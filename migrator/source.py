"""The loaded migration source: versions, per-dialect install statements and upgrade steps, checksums."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from migrator.errors import RefusedError
from migrator.versions import VersionKey, require_key

DIALECT_NAMES = ("mysql", "postgresql")


@dataclass(frozen=True)
class Statement:
    """One SQL statement as written, without its terminating `;`. `kind` is its leading verb (INSERT, ALTER, ...)."""

    sql: str
    line: int
    kind: str


@dataclass(frozen=True)
class Step:
    """One forward statement and the statements that undo it (empty for `-- migrator:undo noop`)."""

    index: int  # 1-based position in the upgrade script
    line: int
    forward: Statement
    undo: tuple[Statement, ...]
    nontransactional: bool


@dataclass(frozen=True)
class DialectScripts:
    install_path: Path
    install: tuple[Statement, ...]
    install_checksum: str
    upgrade_path: Path | None  # None for the first version
    steps: tuple[Step, ...]
    upgrade_checksum: str | None

    @property
    def checksum(self) -> str:
        """What an applied version records: the upgrade script's checksum, the install script's for the first."""
        return self.upgrade_checksum if self.upgrade_checksum is not None else self.install_checksum


@dataclass(frozen=True)
class VersionSource:
    name: str
    description: str
    path: Path
    scripts: Mapping[str, DialectScripts]

    @property
    def key(self) -> VersionKey:
        return require_key(self.name)

    def for_dialect(self, dialect: str) -> DialectScripts:
        return self.scripts[dialect]


@dataclass(frozen=True)
class MigrationSource:
    """All versions of a migration directory, oldest first."""

    root: Path
    versions: tuple[VersionSource, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.versions)

    @property
    def head(self) -> str:
        return self.versions[-1].name

    def has(self, name: str) -> bool:
        return name in self.names

    def get(self, name: str) -> VersionSource:
        for version in self.versions:
            if version.name == name:
                return version
        raise RefusedError(f"unknown version {name!r}; the migrations in {self.root} have: {', '.join(self.names)}")

    def after(self, current: str | None, up_to: str) -> tuple[VersionSource, ...]:
        """Versions newer than `current` (all when None) up to and including `up_to`, oldest first."""
        low = require_key(current) if current is not None else None
        high = require_key(up_to)
        return tuple(v for v in self.versions if (low is None or v.key > low) and v.key <= high)
