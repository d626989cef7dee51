"""An Alembic project's revision graph in the one history model.

The history model is linear: versions in order, each containing every earlier one. An Alembic graph is a DAG
(branches, merge points, several heads), so an `AlembicHistory` is a `ForeignHistory` whose migrations are the
revisions in an order that keeps every release a prefix: the releases are read in order and each appends the
ancestors of its heads not placed yet, oldest first. A database "at" a release has exactly the ancestors of the
release's heads applied, which is what `alembic upgrade <head>` for each of those heads leaves. A customer on a
branch release (the pricing branch's 1.1.1) then upgrades to the release after the merge through the other branch
and the merge revision, as Alembic itself walks it.

What the linear model cannot say is kept beside it: each revision's parents and each release's heads (what the
runner asks Alembic for, and what `alembic_version` holds at the release), and the `alembic.ini` the project runs
with. The migrations carry no SQL scripts: Alembic's revisions are Python, and the statements they send are only
known by running them (harness/faults/statement_faults.py counts them on the server).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from harness.layouts.history import ForeignHistory

NAME = "alembic"


@dataclass(frozen=True)
class AlembicHistory(ForeignHistory):
    ini: Path | None = None  # the project's alembic.ini; None for a script directory without one
    script_location: Path = Path()
    parents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # revision -> the revisions it revises
    release_heads: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # harness version -> its heads

    @property
    def revisions(self) -> tuple[str, ...]:
        return tuple(migration.version for migration in self.migrations)

    def heads_of(self, version: str) -> tuple[str, ...]:
        """The revisions `alembic_version` holds at harness version `version`."""
        try:
            return self.release_heads[version]
        except KeyError:
            raise KeyError(f"{self.root}: no version {version!r}; known: {', '.join(self.versions)}") from None

    def ancestors(self, revisions: tuple[str, ...]) -> frozenset[str]:
        """The revisions applied when `revisions` are the heads (themselves included)."""
        return ancestors(revisions, self.parents)

    def version_of_heads(self, heads: tuple[str, ...]) -> str | None:
        """The harness version whose applied revisions are those of `heads`; a description when none is, None for an
        empty `alembic_version`."""
        if not heads:
            return None
        applied = self.ancestors(heads)
        for version in self.versions:
            if self.ancestors(self.heads_of(version)) == applied:
                return version
        containing = next(
            (version for version in self.versions if applied <= self.ancestors(self.heads_of(version))), None
        )
        shown = ", ".join(sorted(heads))
        return f"{shown} (inside {containing})" if containing else shown


__all__ = ["NAME", "AlembicHistory"]


def ancestors(heads: tuple[str, ...], parents: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """The revisions applied when `heads` are the heads (themselves included), in the graph `parents` draws."""
    seen: set[str] = set()
    pending = list(heads)
    while pending:
        revision = pending.pop()
        if revision not in seen:
            seen.add(revision)
            pending.extend(parents.get(revision, ()))
    return frozenset(seen)
