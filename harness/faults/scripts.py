"""The upgrade scripts as steps, taken from the loaded history, and rewritten copies with one extra step inserted.

Faults are injected by running the runner on a copy of the migrations in which a step is inserted before step k of
one version: whatever the runner is, it executes steps 1..k-1, then the inserted statement, exactly as it would run
a statement of the product. Only the script layout has to be understood here, never the runner: this module handles
migrator's layout and hands foreign layouts (golang-migrate, dialect-suffixed, Flyway, dbmate, pop) to
`foreign_scripts`, which depends on nothing here. Both work on the history the scenario loaded (`Scenario.history`);
the files are read again only to copy and rewrite them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Protocol

from harness.dialects import Dialect
from harness.faults.foreign_scripts import ForeignScripts
from harness.layouts.history import ForeignHistory, Insertion, MigratorHistory, MigratorStep, StepText
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.scenario_model import Scenario

__all__ = ["Insertion", "MigratorScripts", "ScriptHistory", "StepText", "scripts_of"]

_STEP_MARKER = re.compile(r"^\s*--\s*migrator:step\b")


class ScriptHistory(Protocol):
    """A history's versions and their upgrade steps per dialect, and rewritten copies of its files."""

    @property
    def root(self) -> Path:
        """The migrations directory; `write_copy` copies it whole, runners are pointed at the copy."""
        ...

    @property
    def versions(self) -> tuple[str, ...]: ...

    def previous(self, version: str) -> str: ...

    def steps(self, version: str, dialect: Dialect) -> tuple[StepText, ...]:
        """The statements the upgrade to `version` runs, in order, numbered from 1."""
        ...

    def install(self, version: str, dialect: Dialect) -> tuple[str, ...]:
        """Statements that build `version` from nothing (read for the tables that exist at `version`)."""
        ...

    def write_copy(self, destination: Path, insertions: tuple[Insertion, ...]) -> Path:
        """A copy of the migrations under `destination` with the insertions applied; returns the copy's root."""
        ...


class MigratorScripts:
    """The versions of a migrator-layout directory with their upgrade steps and install statements per dialect."""

    def __init__(self, history: MigratorHistory) -> None:
        self._root = history.root
        self._source = history.source

    @property
    def root(self) -> Path:
        return self._root

    @property
    def versions(self) -> tuple[str, ...]:
        return self._source.names

    def previous(self, version: str) -> str:
        names = self.versions
        position = names.index(version)
        if position == 0:
            raise ScenarioError(f"{version} is the first version of {self.root}: it has no upgrade script")
        return names[position - 1]

    def steps(self, version: str, dialect: Dialect) -> tuple[StepText, ...]:
        scripts = self._source.get(version).for_dialect(dialect)
        name = scripts.upgrade_path.name if scripts.upgrade_path is not None else ""
        return tuple(
            StepText(
                version,
                step.index,
                step.forward.sql,
                step.line,
                step.nontransactional,
                f"{name}, line {step.line}",
                tuple(undo.sql for undo in step.undo),
            )
            for step in scripts.steps
        )

    def source_steps(self, version: str, dialect: Dialect) -> tuple[MigratorStep, ...]:
        """The migrator's own steps of `version` (how it groups them into transactions is read from these)."""
        return self._source.get(version).for_dialect(dialect).steps

    def install(self, version: str, dialect: Dialect) -> tuple[str, ...]:
        return tuple(statement.sql for statement in self._source.get(version).for_dialect(dialect).install)

    def upgrade_script(self, version: str, dialect: Dialect) -> Path:
        path = self._source.get(version).for_dialect(dialect).upgrade_path
        if path is None:
            raise ScenarioError(f"{version} has no {dialect} upgrade script: it is the first version")
        return path

    def write_copy(self, destination: Path, insertions: tuple[Insertion, ...]) -> Path:
        """A copy of the migrations under `destination` with the insertions applied; returns the copy's root."""
        copy = destination / self.root.name
        shutil.copytree(self.root, copy)
        for insertion in insertions:
            original = self.upgrade_script(insertion.version, insertion.dialect)
            target = copy / original.relative_to(self.root)
            target.write_text(_insert(target.read_text(encoding="utf-8"), insertion, self), encoding="utf-8")
        return copy


def _insert(text: str, insertion: Insertion, history: MigratorScripts) -> str:
    lines = text.splitlines(keepends=True)
    steps = history.steps(insertion.version, insertion.dialect)
    if not 1 <= insertion.before_step <= len(steps) + 1:
        raise ScenarioError(
            f"{insertion.version} ({insertion.dialect}) has {len(steps)} steps; cannot insert before step "
            f"{insertion.before_step}"
        )
    # Inserted last (after the last step) the statement runs after every step of the version.
    position = len(lines) if insertion.before_step > len(steps) else steps[insertion.before_step - 1].marker_line - 1
    if position < len(lines) and not _STEP_MARKER.match(lines[position]):
        raise ScenarioError(
            f"{history.upgrade_script(insertion.version, insertion.dialect)}:{position + 1}: expected the marker of "
            f"step {insertion.before_step} here"
        )
    block = f"-- migrator:step\n{insertion.sql};\n-- migrator:undo noop\n\n"
    if lines and position == len(lines) and not lines[-1].endswith("\n"):
        block = "\n" + block
    return "".join([*lines[:position], block, *lines[position:]])


def scripts_of(scenario: Scenario) -> ScriptHistory:
    """The scenario's scripts, as its history was loaded (fault injection rewrites copies of them)."""
    history = scenario.history
    if isinstance(history, ForeignHistory):
        return ForeignScripts(history)
    return MigratorScripts(history)
