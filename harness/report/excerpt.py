"""The first lines of a diagnosis worth reading in a summary: its headline and the start of its diff.

A check's diagnosis is a headline followed by titled sections (harness.failures.CheckFailed). The `engine` and
`path` sections repeat what the case id already says, so an excerpt leaves them out and shows the sections
that hold the difference itself.
"""

from __future__ import annotations

from dataclasses import dataclass

_NAMED_BY_THE_CASE = frozenset({"engine", "path"})


@dataclass(frozen=True)
class Excerpt:
    headline: str
    lines: tuple[str, ...]  # the first lines after the headline, sections repeating the case left out
    more: int  # lines of the diagnosis not shown


def excerpt(message: str, limit: int = 8) -> Excerpt:
    lines = [line.rstrip() for line in message.splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return Excerpt("", (), 0)
    kept: list[str] = []
    skipping = False
    for line in lines[1:]:
        if line and not line[0].isspace():
            skipping = line.endswith(":") and line[:-1].strip() in _NAMED_BY_THE_CASE
        if not skipping and line.strip():
            kept.append(line)
    return Excerpt(lines[0].strip(), tuple(kept[:limit]), max(0, len(kept) - limit))
