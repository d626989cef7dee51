"""The history model: what every layout reader produces, read once when the scenario is loaded.

A history is a `MigratorHistory` (this project's own layout, as `migrator` loads it: versions with per-dialect install
and upgrade scripts in steps, each with its undo) or a `ForeignHistory` (golang-migrate, dialect-suffixed, Flyway,
dbmate, pop: migrations with up and down scripts, grouped into releases). Both say where they live (`root`), their
`layout`, the harness's `versions`, the `dialects` they migrate and the files set aside. The runners and the fault
rewriting take the loaded history (`Scenario.history`); nothing reads the files again, except a runner started as a
process of its own on a rewritten copy.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import sqlparse

from harness.dialects import DIALECTS, Dialect
from harness.release_order import VersionKey
from harness.release_order import version_key as release_order
from migrator import MigrationSource, Step

_NUMERIC = re.compile(r"^\d+(?:[._]\d+)*$")


def version_identity(text: str) -> tuple[int, ...] | str:
    """`0007`, `7` and `7.0`-style spellings of one version are one version; anything else is itself."""
    if _NUMERIC.match(text):
        parts = [int(part) for part in re.split(r"[._]", text)]
        while len(parts) > 1 and parts[-1] == 0:
            parts.pop()
        return tuple(parts)
    return text


Ordering = VersionKey


def ordering(text: str) -> Ordering:
    """Sort key over versions: the project's one version ordering (harness/release_order.py)."""
    return release_order(text)


def text_ordering(text: str) -> Ordering:
    """Sort key comparing versions as text, as gobuffalo/pop does: `20240105093000` (14 digits) sorts after
    `20231201000000000000` (20 digits), the order in which timestamp-named migrations were written."""
    return (0, (), 1, ((1, text),))


def same_version(left: str, right: str) -> bool:
    return version_identity(left) == version_identity(right)


def split_statements(sql: str) -> list[str]:
    """Statements of a script (quotes, comments, PostgreSQL dollar-quoting respected), comment-only parts dropped."""
    return [part for part in sqlparse.split(sql) if sqlparse.format(part, strip_comments=True).strip()]


@dataclass(frozen=True)
class Script:
    """One direction of one migration for one dialect."""

    path: Path
    sql: str
    transaction: bool = True  # dbmate's `transaction:false` turns the wrapping transaction off

    @cached_property
    def statements(self) -> tuple[str, ...]:
        return tuple(split_statements(self.sql))

    @property
    def empty(self) -> bool:
        return not self.statements


@dataclass(frozen=True)
class Migration:
    """One migration. A dialect missing from `up` has nothing to do; one missing from `down` cannot be undone."""

    version: str  # as the tool records it: golang-migrate `7`, Flyway `1.2`, dbmate `20240105093000`
    name: str
    up: Mapping[Dialect, Script] = field(default_factory=dict)
    down: Mapping[Dialect, Script] = field(default_factory=dict)
    baseline: Mapping[Dialect, Script] = field(default_factory=dict)  # first migration only: the schema it assumes

    @property
    def label(self) -> str:
        return f"{self.version} ({self.name})" if self.name else self.version


@dataclass(frozen=True)
class Release:
    """A product release: every migration up to and including `last` (in a dialect named in `last_by_dialect`, up to
    that dialect's own last migration of the release)."""

    name: str
    last: str
    last_by_dialect: Mapping[Dialect, str] = field(default_factory=dict, hash=False)

    def last_on(self, dialect: Dialect) -> str:
        return self.last_by_dialect.get(dialect, self.last)


@dataclass(frozen=True)
class SetAside:
    """A file in the history's directory that the harness does not run, and why (shown by `plan` and the report)."""

    path: Path
    reason: str


@dataclass(frozen=True)
class ForeignHistory:
    layout: str
    root: Path
    migrations: tuple[Migration, ...]
    # harness dialect -> directory holding its files (the `{migrations}` placeholder)
    directories: Mapping[Dialect, Path]
    releases: tuple[Release, ...] = ()
    set_aside: tuple[str, ...] = ()  # dialect names found in the history that no engine here runs
    set_aside_files: tuple[SetAside, ...] = ()  # files the reader found and does not run, each with its reason
    # golang-migrate dialect directories numbered independently: each dialect's own history (then `migrations` is
    # empty); empty when one numbering serves every dialect
    dialect_histories: Mapping[Dialect, ForeignHistory] = field(default_factory=dict)

    def for_dialect(self, dialect: Dialect) -> ForeignHistory:
        """The history as `dialect` runs it: that dialect's own migrations when the directories are numbered
        independently, and every release ending at that dialect's last migration of it. Everything that counts
        positions (runners, fault steps) works on such a view, so a dialect's messages name its own migrations."""
        base = self.dialect_histories.get(dialect, self)
        directories = {dialect: self.directories[dialect]} if dialect in self.directories else {}
        releases = tuple(Release(release.name, release.last_on(dialect)) for release in self.releases)
        return dataclasses.replace(base, releases=releases, directories=directories, dialect_histories={})

    @property
    def one_numbering(self) -> bool:
        """True when positions mean the same migration in every dialect (no per-dialect numbering or releases)."""
        return not self.dialect_histories and not any(release.last_by_dialect for release in self.releases)

    def _positions(self) -> tuple[Migration, ...]:
        if not self.one_numbering:
            raise TypeError(f"{self.root}: numbered per dialect; count positions on history.for_dialect(dialect)")
        return self.migrations

    @property
    def dialects(self) -> tuple[Dialect, ...]:
        return tuple(sorted(self.directories))

    @property
    def versions(self) -> tuple[str, ...]:
        """The harness's versions: release names when a releases file groups migrations, else migration versions."""
        if self.releases:
            return tuple(release.name for release in self.releases)
        return tuple(migration.version for migration in self.migrations)

    def find(self, recorded: str) -> int | None:
        """Position of the migration a tool recorded as `recorded` (any spelling of its version)."""
        key = version_identity(recorded)
        return next((i for i, m in enumerate(self._positions()) if version_identity(m.version) == key), None)

    def last_position(self, version: str) -> int:
        """Position of the last migration of harness version `version`."""
        for release in self.releases:
            if release.name == version:
                position = self.find(release.last)
                assert position is not None, "releases are validated when read"
                return position
        position = None if self.releases else self.find(version)
        if position is None:
            raise KeyError(f"{self.root}: no version {version!r}; known: {', '.join(self.versions)}")
        return position

    def target_migration(self, version: str) -> Migration:
        return self.migrations[self.last_position(version)]

    def version_at(self, position: int) -> str:
        """The harness version a database whose last applied migration is at `position` is at.

        Inside a release (some of its migrations applied, not all) the answer names the migration and the release,
        which matches no version and so reads as what it is: a half-upgraded database.
        """
        migration = self._positions()[position]
        if not self.releases:
            return migration.version
        for release in self.releases:
            last = self.find(release.last)
            if last is not None and position <= last:
                return release.name if last == position else f"{migration.version} (inside {release.name})"
        return migration.version

    def harness_version(self, recorded: str) -> str:
        """`version_at` for a version as a tool records it; unknown versions are returned as they are."""
        position = self.find(recorded)
        return recorded if position is None else self.version_at(position)

    def version_containing(self, position: int) -> str:
        """The harness version whose upgrade applies the migration at `position`."""
        for release in self.releases:
            last = self.find(release.last)
            if last is not None and position <= last:
                return release.name
        return self._positions()[position].version

    def missing_down(self, dialect: Dialect, start: int, end: int) -> list[str]:
        """Migrations in (start, end] with no undo for `dialect` (a missing file, not an empty one)."""
        return [
            m.label
            for m in self._positions()[start + 1 : end + 1]
            if dialect not in m.down and not m.up.get(dialect, _NOTHING).empty
        ]


_NOTHING = Script(Path(), "")


@dataclass(frozen=True)
class MigratorHistory:
    """A history in migrator's layout (version directories v1.2.3/{mysql,postgresql}.{install,upgrade}.sql), as the
    migrator's own loader validated it: `source` is what the in-process runner and the fault steps use."""

    root: Path
    source: MigrationSource = field(compare=False)
    layout: str = "migrator"
    set_aside_files: tuple[SetAside, ...] = ()

    @property
    def versions(self) -> tuple[str, ...]:
        return self.source.names

    @property
    def dialects(self) -> tuple[Dialect, ...]:
        return DIALECTS


MigratorStep = Step
"""One step of a migrator version as its loader read it: its statement, its undo, whether it shares a transaction."""

History = MigratorHistory | ForeignHistory
"""The one history model: what `harness.layouts.read_history` returns for every layout."""


def migration_view(history: History) -> ForeignHistory:
    """The history as migrations with recorded versions, as a tool that records one row per version sees it: a
    foreign history as it is; a migrator history with one migration per version, every dialect in its directory."""
    if isinstance(history, ForeignHistory):
        return history
    return ForeignHistory(
        history.layout,
        history.root,
        tuple(Migration(version, "") for version in history.versions),
        {dialect: history.root for dialect in history.dialects},
    )


@dataclass(frozen=True)
class StepText:
    """Step `step` (1-based) of a version's upgrade for one dialect: a statement the fault checks can stop before."""

    version: str
    step: int
    sql: str
    marker_line: int  # line of its `-- migrator:step` marker in the upgrade script (0 for foreign layouts)
    nontransactional: bool
    where: str = ""  # the file (and position) it comes from, for messages
    undo: tuple[str, ...] | None = None  # its undo statements (() for `undo noop`); None: the layout has none


@dataclass(frozen=True)
class Insertion:
    """A statement to run as a step of its own, just before step `before_step` of `version` (a rewritten copy of the
    history's files holds it)."""

    version: str
    dialect: Dialect
    before_step: int
    sql: str
