"""The scripts of a foreign layout (golang-migrate, dialect-suffixed, Flyway, dbmate, pop) as fault-injection steps.

A version's steps are the statements of the up scripts of its migrations, in order, numbered from 1 across the files:
with a releases file a version is several migrations, without one it is one (counted in each dialect's own
numbering where the dialect directories are numbered independently). A statement is inserted into a copy of
the file that holds step k, just before that step's statement, so the runner reads it as part of the same
migration: a tool that sends a file in one execution runs it inside the same execution (and, where that is one
implicit transaction, inside the same transaction); a tool that runs statement by statement runs it as one more.
Only the files change; versions, file names and the releases file stay, so the runner's records mean the same.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from harness.dialects import Dialect
from harness.layouts.dbmate import MARKER as DBMATE_MARKER
from harness.layouts.files import read_text
from harness.layouts.history import ForeignHistory, Insertion, Script, StepText
from harness.layouts.scenario_error import ScenarioError


@dataclass(frozen=True)
class _Located:
    """Step `step` of a version: statement `index` (0-based) of `script`."""

    step: int
    script: Script
    index: int


class ForeignScripts:
    """A foreign history's versions with their upgrade statements per dialect, and rewritten copies of its files."""

    def __init__(self, history: ForeignHistory) -> None:
        self.history = history

    @property
    def root(self) -> Path:
        return self.history.root

    @property
    def versions(self) -> tuple[str, ...]:
        return self.history.versions

    def previous(self, version: str) -> str:
        position = self.versions.index(version)
        if position == 0:
            raise ScenarioError(f"{version} is the first version of {self.root}: its migrations are the install")
        return self.versions[position - 1]

    def _migrations(self, version: str, history: ForeignHistory) -> range:
        """Positions of the migrations the upgrade to `version` applies, in `history` (one dialect's view)."""
        first = 0 if version == self.versions[0] else history.last_position(self.previous(version)) + 1
        return range(first, history.last_position(version) + 1)

    def _located(self, version: str, dialect: Dialect) -> list[_Located]:
        # positions are the dialect's own: its directory may be numbered independently of the others
        history = self.history.for_dialect(dialect)
        found: list[_Located] = []
        for position in self._migrations(version, history):
            script = history.migrations[position].up.get(dialect)
            for index in range(len(script.statements) if script is not None else 0):
                assert script is not None
                found.append(_Located(len(found) + 1, script, index))
        return found

    def steps(self, version: str, dialect: Dialect) -> tuple[StepText, ...]:
        return tuple(
            StepText(
                version,
                at.step,
                at.script.statements[at.index],
                0,
                not at.script.transaction,
                where=f"{at.script.path.name}, statement {at.index + 1}",
            )
            for at in self._located(version, dialect)
        )

    def install(self, version: str, dialect: Dialect) -> tuple[str, ...]:
        """Every up statement from the first migration to the last of `version` (the fresh install is that upgrade),
        after the baseline's (the host schema a plugin's history assumes) when it has one."""
        history = self.history.for_dialect(dialect)
        baseline = history.migrations[0].baseline.get(dialect)
        return (
            *(baseline.statements if baseline is not None else ()),
            *(
                statement
                for position in range(history.last_position(version) + 1)
                if (script := history.migrations[position].up.get(dialect)) is not None
                for statement in script.statements
            ),
        )

    def write_copy(self, destination: Path, insertions: tuple[Insertion, ...]) -> Path:
        copy = destination / self.root.name
        shutil.copytree(self.root, copy)
        edits: dict[Path, list[tuple[int, str]]] = {}
        for insertion in insertions:
            script, offset, text = self._insertion_point(insertion)
            edits.setdefault(script.path, []).append((offset, text))
        for path, changes in edits.items():
            target = copy / path.relative_to(self.root)
            content = read_text(path)
            for offset, text in sorted(changes, reverse=True):  # the last first, so earlier offsets stay valid
                content = content[:offset] + text + content[offset:]
            target.write_text(content, encoding="utf-8")
        return copy

    def _insertion_point(self, insertion: Insertion) -> tuple[Script, int, str]:
        """The file, the offset in its text, and the text to insert there."""
        located = self._located(insertion.version, insertion.dialect)
        if not 1 <= insertion.before_step <= len(located) + 1 or not located:
            raise ScenarioError(
                f"{insertion.version} ({insertion.dialect}) has {len(located)} statements; cannot insert before "
                f"statement {insertion.before_step}"
            )
        if insertion.before_step <= len(located):
            at = located[insertion.before_step - 1]
            content = read_text(at.script.path)
            return at.script, self._statement_offsets(content, at.script)[at.index][0], f"{insertion.sql};\n"
        # after the last statement: appended to the last file, after its last statement
        last = located[-1]
        content = read_text(last.script.path)
        end = self._statement_offsets(content, last.script)[-1][1]
        separator = "" if last.script.statements[-1].rstrip().endswith(";") else ";"
        return last.script, end, f"{separator}\n{insertion.sql};"

    def _statement_offsets(self, content: str, script: Script) -> list[tuple[int, int]]:
        """(start, end) of each statement of `script` in the text of its file."""
        section = script.sql.strip("\n")
        start = 0
        if self.history.layout == "dbmate":  # the up section follows the file's `-- migrate:up` line
            marker = DBMATE_MARKER.search(content)
            start = marker.end() if marker is not None else 0
        base = content.find(section, start)
        if base < 0:
            raise ScenarioError(f"{script.path}: changed while the harness read it; run again")
        offsets: list[tuple[int, int]] = []
        cursor = base
        for statement in script.statements:
            found = content.find(statement, cursor)
            if found < 0:
                raise ScenarioError(f"{script.path}: cannot find statement {len(offsets) + 1} in the file's text")
            offsets.append((found, found + len(statement)))
            cursor = found + len(statement)
        return offsets
