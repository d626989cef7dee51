"""Ordering release names such as `v7.10.0` semantically rather than as text."""

from __future__ import annotations

import re

_VERSION = re.compile(r"^[vV]?(\d+(?:\.\d+)*)(?:[-_.]?(.*))?$")


def version_key(name: str) -> tuple[tuple[int, ...], str]:
    """Sort key: numeric parts compared as numbers; anything unparsable sorts by its text after numbers."""
    match = _VERSION.match(name)
    if match is None:
        return ((), name)
    numbers = tuple(int(part) for part in match.group(1).split("."))
    return (numbers, match.group(2) or "")


def sort_versions(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(names, key=version_key))
