"""The one ordering of release names, `v7.10.0` after `v7.9.0`, for every history the harness reads.

Semantic versions (`v8.0.0-rc.1`) are ordered exactly as the migrator orders them (migrator/versions.py: a
pre-release before its release, its identifiers compared by semver precedence). Other names a foreign history
uses (`2023.2`, `20240307141600`, `1.1`, `v7.10`) follow the same rules on their numbers and suffix; a name with no
number at all sorts after every version, by its text.
"""

from __future__ import annotations

import re

from migrator import versions as semantic

_NUMBERED = re.compile(r"^[vV]?(\d+(?:\.\d+)*)(?:[-_.+]?(.*))?$")

Identifier = tuple[int, int | str]
VersionKey = tuple[int, tuple[int, ...], int, tuple[Identifier, ...]]


def version_key(name: str) -> VersionKey:
    """(0, numbers, 1 for a release or 0 for a pre-release, pre-release identifiers); (1, (), 0, name) otherwise."""
    known = semantic.version_key(name)
    if known is not None:
        return (0, (known.major, known.minor, known.patch), known.release, known.pre)
    match = _NUMBERED.match(name)
    if match is None:
        return (1, (), 0, ((1, name),))
    suffix = (match.group(2) or "").split("+", 1)[0]  # build metadata does not order
    pre = tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-_]", suffix) if part)
    return (0, tuple(int(part) for part in match.group(1).split(".")), 0 if pre else 1, pre)


def sort_versions(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(names, key=version_key))
