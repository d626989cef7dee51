"""`releases.toml`: an optional file beside the migrations grouping them into the product's releases.

    # release name = the last migration it ships (its version as in the file name), oldest release first
    "v1.0.0" = "0004"
    "v1.1.0" = "0009"
    "v2.0.0" = "0031"

With it the harness's versions are the releases: paths run from release to release and a database is seeded at a
release. Every migration must belong to a release (the last release ends at the last migration).

Where the dialects' migrations are numbered independently (golang-migrate's `mysql/8_rollouts` beside
`postgres/10_rollouts`), a release names its last migration in each dialect:

    "2.0" = { mysql = "8", postgres = "10" }

A plugin's history that assumes its host product's tables names the host's schema per dialect, after the releases:

    [baseline]
    postgres = "host/postgres.sql"   # paths inside the history's directory
    mysql = "host/mysql.sql"

The baseline runs on every database before the first migration (so on every fresh install, seeded snapshot and clone
made from them); its tables are compared like the history's own.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from harness.dialects import Dialect
from harness.layouts.files import read_text
from harness.layouts.history import ForeignHistory, Release, Script
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.tool_dialects import harness_dialect

FILE_NAME = "releases.toml"
BASELINE = "baseline"
# Tables of releases.toml that are not releases: the baseline schema, and the volatile columns (harness/volatile.py).
NOT_RELEASES = (BASELINE, "volatile")


def _read(root: Path) -> tuple[Path, dict[str, Any]]:
    path = root / FILE_NAME
    if not path.is_file():
        return path, {}
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ScenarioError(f"{path}: not valid TOML: {err}") from err


def read_baseline(root: Path) -> dict[Dialect, Script]:
    """harness dialect -> the baseline script of `[baseline]`, empty without one."""
    path, raw = _read(root)
    table = raw.get(BASELINE)
    if table is None:
        return {}
    example = '[baseline] with lines like postgres = "host/postgres.sql"'
    if not isinstance(table, dict) or not table:
        raise ScenarioError(f"{path}: `{BASELINE}` is the host schema's table: write {example}")
    scripts: dict[Dialect, Script] = {}
    for name, file in table.items():
        dialect = harness_dialect(name)
        if dialect is None or not isinstance(file, str):
            raise ScenarioError(f"{path}: [baseline] {name} = {file!r}: write {example} (dialects: postgres, mysql)")
        script_path = (root / file).resolve()
        if not script_path.is_relative_to(root.resolve()) or not script_path.is_file():
            raise ScenarioError(
                f"{path}: [baseline] {name} = {file!r}: no such file inside {root}; the baseline must live beside "
                f"the migrations (the fault checks copy that directory)"
            )
        if dialect in scripts:
            raise ScenarioError(f"{path}: [baseline] names two {dialect} files; keep one")
        scripts[dialect] = Script(script_path, read_text(script_path))
    return scripts


def read_releases(history: ForeignHistory) -> tuple[Release, ...]:
    """The releases of `releases.toml` (none without the file), each resolved in every dialect of the history."""
    path, raw = _read(history.root)
    if not path.is_file():
        return ()
    entries = [(name, last) for name, last in raw.items() if not (name in NOT_RELEASES and isinstance(last, dict))]
    if not entries and len(raw) > len(entries):
        return ()  # only the other tables: every migration is a release, as without the file
    if not entries:
        raise ScenarioError(f'{path}: names no release; add lines like "v1.0.0" = "0004" or delete the file')
    previous = dict.fromkeys(history.dialects, -1)
    releases: list[Release] = []
    for name, value in entries:
        resolved: dict[Dialect, str] = {}
        per_dialect = isinstance(value, dict) or bool(history.dialect_histories)
        for dialect, last in _lasts(path, name, value, history).items():
            own, where = _numbering(history, dialect, per_dialect=per_dialect)
            position = own.find(last)
            if position is None:
                raise ScenarioError(
                    f"{path}: release {name!r} ends at migration {last!s}{where}, which "
                    f"{_holder(history, dialect, per_dialect=per_dialect)} does not have"
                )
            if position <= previous[dialect]:
                raise ScenarioError(
                    f"{path}: release {name!r} ends at {last!s}{where}, not after the release before it; "
                    "list releases oldest first"
                )
            resolved[dialect] = own.migrations[position].version
            previous[dialect] = position
        if len(set(resolved.values())) == 1 and not history.dialect_histories:
            releases.append(Release(name, next(iter(resolved.values()))))
        else:
            shown = ", ".join(f"{dialect} {last}" for dialect, last in resolved.items())
            releases.append(Release(name, shown, last_by_dialect=resolved))
    for dialect, position in previous.items():
        own, where = _numbering(history, dialect, per_dialect=bool(history.dialect_histories))
        if position != len(own.migrations) - 1:
            unreleased = ", ".join(m.version for m in own.migrations[position + 1 :])
            raise ScenarioError(
                f"{path}: migrations {unreleased}{where} belong to no release; extend the last release or add one "
                f"ending at {own.migrations[-1].version}"
            )
    return tuple(releases)


def _lasts(path: Path, name: str, value: object, history: ForeignHistory) -> dict[Dialect, str]:
    """harness dialect -> the last migration of release `name` there: one for every dialect, or a table per dialect
    (`"2.0" = { mysql = "8", postgres = "10" }`) where the dialects' migrations are numbered independently."""
    example = f'"{name}" = "0004"'
    if isinstance(value, dict):
        lasts: dict[Dialect, str] = {}
        for spelled, last in value.items():
            dialect = harness_dialect(spelled)
            if dialect is None or dialect not in history.dialects:
                raise ScenarioError(
                    f"{path}: release {name!r} names the dialect {spelled!r}, which the history does not migrate; "
                    f"name its dialects ({', '.join(history.dialects)}), e.g. "
                    f'"{name}" = {{ mysql = "8", postgres = "10" }}'
                )
            if not isinstance(last, str | int) or isinstance(last, bool):
                raise ScenarioError(f"{path}: release {name!r}: {spelled} must name its last migration, e.g. {example}")
            lasts[dialect] = str(last)
        missing = [dialect for dialect in history.dialects if dialect not in lasts]
        if missing:
            raise ScenarioError(
                f"{path}: release {name!r} does not say where it ends on {', '.join(missing)}; name the last "
                f'migration of every dialect, e.g. "{name}" = {{ mysql = "8", postgres = "10" }}'
            )
        return lasts
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ScenarioError(
            f"{path}: release {name!r} must name its last migration, e.g. {example} "
            f'(or one per dialect: "{name}" = {{ mysql = "8", postgres = "10" }})'
        )
    return dict.fromkeys(history.dialects, str(value))


def _numbering(history: ForeignHistory, dialect: Dialect, *, per_dialect: bool) -> tuple[ForeignHistory, str]:
    """The history whose positions count `dialect`'s migrations, and how a message says which dialect it was."""
    return history.dialect_histories.get(dialect, history), f" on {dialect}" if per_dialect else ""


def _holder(history: ForeignHistory, dialect: Dialect, *, per_dialect: bool) -> str:
    if not per_dialect:
        return "the history"
    directory = history.directories[dialect]
    return f"{directory.relative_to(history.root)}/" if directory != history.root else f"the {dialect} history"
