"""`releases.toml`: an optional file beside the migrations grouping them into the product's releases.

    # release name = the last migration it ships (its version as in the file name), oldest release first
    "v1.0.0" = "0004"
    "v1.1.0" = "0009"
    "v2.0.0" = "0031"

With it the harness's versions are the releases: paths run from release to release and a database is seeded at a
release. Every migration must belong to a release (the last release ends at the last migration).

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

from harness.layouts.dialects import harness_dialect
from harness.layouts.files import read_text
from harness.layouts.model import ForeignHistory, Release, Script
from harness.scenario import ScenarioError

FILE_NAME = "releases.toml"
BASELINE = "baseline"


def _read(root: Path) -> tuple[Path, dict[str, Any]]:
    path = root / FILE_NAME
    if not path.is_file():
        return path, {}
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ScenarioError(f"{path}: not valid TOML: {err}") from err


def read_baseline(root: Path) -> dict[str, Script]:
    """harness dialect -> the baseline script of `[baseline]`, empty without one."""
    path, raw = _read(root)
    table = raw.get(BASELINE)
    if table is None:
        return {}
    example = '[baseline] with lines like postgres = "host/postgres.sql"'
    if not isinstance(table, dict) or not table:
        raise ScenarioError(f"{path}: `{BASELINE}` is the host schema's table: write {example}")
    scripts: dict[str, Script] = {}
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
    path, raw = _read(history.root)
    if not path.is_file():
        return ()
    releases: list[Release] = []
    previous = -1
    for name, last in raw.items():
        if name == BASELINE and isinstance(last, dict):
            continue
        if not isinstance(last, str | int) or isinstance(last, bool):
            raise ScenarioError(f'{path}: release {name!r} must name its last migration, e.g. "{name}" = "0004"')
        position = history.find(str(last))
        if position is None:
            raise ScenarioError(f"{path}: release {name!r} ends at migration {last!s}, which the history does not have")
        if position <= previous:
            raise ScenarioError(
                f"{path}: release {name!r} ends at {last!s}, not after the release before it; "
                "list releases oldest first"
            )
        releases.append(Release(name, history.migrations[position].version))
        previous = position
    if not releases:
        raise ScenarioError(f'{path}: names no release; add lines like "v1.0.0" = "0004" or delete the file')
    if previous != len(history.migrations) - 1:
        unreleased = ", ".join(m.version for m in history.migrations[previous + 1 :])
        raise ScenarioError(
            f"{path}: migrations {unreleased} belong to no release; extend the last release or add one ending at "
            f"{history.migrations[-1].version}"
        )
    return tuple(releases)
