"""Semantic version names (`v7.4.0`, `v8.0.0-rc.1`) and their ordering."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERN = re.compile(
    r"^v(?P<major>\d+)\.(?P<minor>\d+)\.(?P<patch>\d+)"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
    r"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)
PreId = tuple[int, int | str]


@dataclass(frozen=True, order=True)
class VersionKey:
    """Sort key: numbers compare numerically, a pre-release sorts before its release (semver precedence)."""

    major: int
    minor: int
    patch: int
    release: int  # 1 for a release, 0 for a pre-release
    pre: tuple[PreId, ...]


def version_key(name: str) -> VersionKey | None:
    """The ordering key of `name`, or None when `name` is not a version (`v` + semantic version)."""
    match = _PATTERN.match(name)
    if match is None:
        return None
    pre_text = match.group("pre")
    pre: tuple[PreId, ...] = ()
    if pre_text:
        pre = tuple((0, int(part)) if part.isdigit() else (1, part) for part in pre_text.split("."))
    return VersionKey(
        int(match.group("major")), int(match.group("minor")), int(match.group("patch")), 0 if pre_text else 1, pre
    )


def require_key(name: str) -> VersionKey:
    key = version_key(name)
    if key is None:
        raise ValueError(f"not a version: {name!r}")
    return key
