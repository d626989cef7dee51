"""Which paths a benchmark runs: every path of the mode, or a deterministic, evenly spread sample of them.

A sample keeps the shape of the full set: to-head starts spread from the first version to the one before head, so
the mean path length stays about N/2; all-pairs takes evenly spaced entries of the (start, target) list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from harness.paths import UpgradePath, enumerate_paths

T = TypeVar("T")


def spread(items: Sequence[T], count: int) -> list[T]:
    """`count` items at evenly spaced positions, first and last included; all of them when there are fewer."""
    if count <= 0 or len(items) <= count:
        return list(items)
    if count == 1:
        return [items[0]]
    positions = sorted({round(i * (len(items) - 1) / (count - 1)) for i in range(count)})
    return [items[p] for p in positions]


@dataclass(frozen=True)
class PathSelection:
    mode: str  # to-head | all-pairs
    paths: tuple[UpgradePath, ...]
    total: int  # how many paths the mode has; more than len(paths) when sampled

    @property
    def sampled(self) -> bool:
        return len(self.paths) < self.total

    def describe(self) -> str:
        return f"{len(self.paths)} of {self.total}" if self.sampled else f"all {self.total}"


def select_paths(versions: tuple[str, ...], mode: str, limit: int) -> PathSelection:
    """The paths of `mode`, sampled down to `limit` when `limit` > 0 and the mode has more."""
    every = enumerate_paths(versions, mode)
    return PathSelection(mode, tuple(spread(every, limit)), len(every))


def keyword_expression(selection: PathSelection) -> str | None:
    """A pytest `-k` expression selecting exactly the sampled paths' cases (None: no filter needed).

    Case ids read `engine-vA->vB`; `>` cannot appear in a -k word, so a path is `vA- and vB]` (the start is followed
    by `-`, the target by the closing bracket).
    """
    if not selection.sampled:
        return None
    terms = [f"({path.start}- and {path.target}])" for path in selection.paths]
    return " or ".join(terms)
