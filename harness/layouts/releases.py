"""`releases.toml`: an optional file beside the migrations grouping them into the product's releases.

    # release name = the last migration it ships (its version as in the file name), oldest release first
    "v1.0.0" = "0004"
    "v1.1.0" = "0009"
    "v2.0.0" = "0031"

With it the harness's versions are the releases: paths run from release to release and a database is seeded at a
release. Every migration must belong to a release (the last release ends at the last migration).
"""

from __future__ import annotations

import tomllib

from harness.layouts.model import ForeignHistory, Release
from harness.scenario import ScenarioError

FILE_NAME = "releases.toml"


def read_releases(history: ForeignHistory) -> tuple[Release, ...]:
    path = history.root / FILE_NAME
    if not path.is_file():
        return ()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ScenarioError(f"{path}: not valid TOML: {err}") from err
    releases: list[Release] = []
    previous = -1
    for name, last in raw.items():
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
