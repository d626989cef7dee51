"""Volatile columns: values the migrations themselves write from the clock, so two runs never agree on them.

A column filled by `DEFAULT CURRENT_TIMESTAMP` or `now()` while a version runs holds the moment of that run: the
stepwise path and the direct jump, two engines, a failed attempt and its re-run all write different values, and a
comparison of values reports each as a difference. The scenario declares those columns once, for every layout, in
the manifest beside its migrations:

    [volatile]
    columns = ["audit_log.created_at", "*.updated_at"]   # table.column; either part may be a glob (`*`, `?`)

Migrator scenarios declare it in their scenario.toml; foreign histories in the scenario.toml beside the files (or
the one whose `migrations` points at them) or in their releases.toml. The comparisons that set two runs side by side
(`path`, `parity`, `data`, `down_up`) then compare a volatile column by whether the row and the column are there,
whether the value is NULL and what kind of value it is (timestamp, date, number, text), never by the value itself:
a value set on one side and NULL on the other is still a difference.

The syntax is checked when the scenario is loaded; that every entry names a column of the head version is checked
against the head's fresh install the first time a check needs the declaration. Either mistake is one message
naming the file (exit 2).
"""

from __future__ import annotations

import difflib
import fnmatch
import re
import tomllib
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from harness.failures import RootCause
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.scenario_model import Scenario

if TYPE_CHECKING:
    from harness.inspect import Schema

TABLE_NAME = "volatile"
SCENARIO_FILE = "scenario.toml"
RELEASES_FILE = "releases.toml"  # the releases file of foreign layouts (harness/layouts/releases.py reads it too)
EXAMPLE = '[volatile] columns = ["audit_log.created_at", "*.updated_at"]'
_PART = re.compile(r"^[A-Za-z0-9_$*?\[\]!-]+$")


@dataclass(frozen=True)
class VolatileColumns:
    """The declared `table.column` patterns and the file that declares them (None when nothing is declared)."""

    patterns: tuple[str, ...] = ()
    source: Path | None = None

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def matches(self, table: str, column: str) -> bool:
        return any(_pattern_matches(pattern, table, column) for pattern in self.patterns)

    def columns_of(self, table: str, columns: Iterable[str]) -> tuple[str, ...]:
        """The columns of `table` (among `columns`) that are volatile, in their order."""
        return tuple(column for column in columns if self.matches(table, column))

    def describe(self) -> str:
        return ", ".join(self.patterns) if self.patterns else "(none)"


NO_VOLATILE_COLUMNS = VolatileColumns()


def _pattern_matches(pattern: str, table: str, column: str) -> bool:
    table_pattern, column_pattern = pattern.split(".", 1)
    return fnmatch.fnmatchcase(table, table_pattern) and fnmatch.fnmatchcase(column, column_pattern)


class VolatileDeclarationError(ScenarioError):
    """The [volatile] declaration is wrong: bad syntax, or a column the head version does not have."""

    @property
    def root_cause(self) -> RootCause:
        # Every case that needs the declaration meets the same mistake: one error, the others refer to it.
        return RootCause("the [volatile] declaration is wrong", ("volatile", str(self)))


def parse_declaration(raw: object, path: Path) -> VolatileColumns:
    """The [volatile] table of `path` (already parsed TOML) as VolatileColumns; VolatileDeclarationError if wrong."""
    if not isinstance(raw, dict):
        raise VolatileDeclarationError(f"{path}: [volatile] must be a table, e.g. {EXAMPLE}")
    unknown = sorted(set(raw) - {"columns"})
    if unknown:
        raise VolatileDeclarationError(
            f"{path}: [volatile] has unknown key(s) {', '.join(unknown)}; its only key is `columns`, e.g. {EXAMPLE}"
        )
    columns = raw.get("columns")
    if not isinstance(columns, list) or not all(isinstance(entry, str) for entry in columns):
        raise VolatileDeclarationError(
            f'{path}: [volatile] columns must be a list of "table.column" strings, e.g. {EXAMPLE}'
        )
    bad = [entry for entry in columns if not _well_formed(entry)]
    if bad:
        raise VolatileDeclarationError(
            f'{path}: [volatile] columns: {", ".join(map(repr, bad))} not of the form "table.column" '
            "(one dot; each part a name or a glob such as * or ?)"
        )
    return VolatileColumns(tuple(dict.fromkeys(columns)), path)


def _well_formed(entry: str) -> bool:
    parts = entry.split(".")
    return len(parts) == 2 and all(_PART.match(part) for part in parts)


def manifest_candidates(scenario: Scenario) -> list[Path]:
    """The files that may declare the scenario's volatile columns, as the loaders find its manifest: a migrator
    scenario's scenario.toml; for a foreign history the releases.toml and scenario.toml beside the files, and a
    scenario.toml up to three directories above whose `migrations` points at them (as harness/layouts reads it)."""
    root = scenario.root
    if scenario.layout == "migrator":
        return [root / SCENARIO_FILE]
    candidates = [root / RELEASES_FILE, root / SCENARIO_FILE]
    for parent in list(root.parents)[:3]:
        manifest = parent / SCENARIO_FILE
        if manifest.is_file() and _points_at(manifest, root, scenario.name):
            candidates.append(manifest)
    return candidates


def _points_at(manifest: Path, root: Path, name: str) -> bool:
    try:
        config = _read_toml(manifest)
    except VolatileDeclarationError:
        return False  # a broken manifest above the history is some other project's, not this history's
    migrations = (manifest.parent / str(config.get("migrations", "."))).resolve()
    return config.get("name") == name and migrations == root.resolve()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise VolatileDeclarationError(f"{path}: not valid TOML: {err}") from err


def declared_volatile(scenario: Scenario) -> VolatileColumns:
    """The scenario's one [volatile] declaration (none declared: no volatile columns). Declaring it in two files
    is a mistake: they would have to be kept equal."""
    declared = [
        parse_declaration(config[TABLE_NAME], path)
        for path in manifest_candidates(scenario)
        if path.is_file() and TABLE_NAME in (config := _read_toml(path))
    ]
    if len(declared) > 1:
        files = " and ".join(str(found.source) for found in declared)
        raise VolatileDeclarationError(f"[volatile] is declared in both {files}; keep it in one of them")
    return declared[0] if declared else NO_VOLATILE_COLUMNS


def undeclared_entries(volatile: VolatileColumns, schema: Schema) -> list[str]:
    """Entries that match no column of `schema` (a misspelt table or column, or one the head no longer has)."""
    return [
        pattern
        for pattern in volatile.patterns
        if not any(
            _pattern_matches(pattern, table, column) for table, spec in schema.tables.items() for column in spec.columns
        )
    ]


def check_against_head(volatile: VolatileColumns, schema: Schema, head: str, engine: str) -> None:
    """VolatileDeclarationError naming the file and each entry that matches no column of the head version."""
    unknown = undeclared_entries(volatile, schema)
    if not unknown:
        return
    known = sorted(f"{table}.{column}" for table, spec in schema.tables.items() for column in spec.columns)
    entries = []
    for entry in unknown:
        close = difflib.get_close_matches(entry, known, n=1, cutoff=0.8)
        entries.append(f"{entry!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
    raise VolatileDeclarationError(
        f"{volatile.source}: [volatile] columns name no column of the head version {head} on {engine}: "
        f"{', '.join(entries)}; name each as table.column of the head's schema (a glob must match one), "
        "or remove it"
    )


class FreshSchemas(Protocol):
    """What `volatile_for` reads of an engine's snapshot cache (harness.snapshots.SnapshotCache): the fresh install's
    schema. Named here, not imported, because the snapshots compare data, which reads this module's declaration."""

    def fresh_schema(self, version: str) -> Schema: ...


class Bench(Protocol):
    """What `volatile_for` reads of the workbench (harness.workbench.Workbench): the scenario and each engine's
    snapshot cache."""

    @property
    def scenario(self) -> Scenario: ...

    def snapshots(self, engine: str) -> FreshSchemas: ...


_CHECKED: weakref.WeakKeyDictionary[FreshSchemas, VolatileColumns | VolatileDeclarationError] = (
    weakref.WeakKeyDictionary()
)


def volatile_for(bench: Bench, engine: str) -> VolatileColumns:
    """The scenario's volatile columns, checked (once per engine and session) against the head's fresh install."""
    declared = declared_volatile(bench.scenario)
    if not declared:
        return declared
    cache = bench.snapshots(engine)
    if cache not in _CHECKED:
        try:
            check_against_head(declared, cache.fresh_schema(bench.scenario.head), bench.scenario.head, engine)
            _CHECKED[cache] = declared
        except VolatileDeclarationError as err:
            _CHECKED[cache] = err
    checked = _CHECKED[cache]
    if isinstance(checked, VolatileDeclarationError):
        raise VolatileDeclarationError(str(checked))
    return checked
