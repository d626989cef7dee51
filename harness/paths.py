"""Which upgrade paths a run covers: deterministic, and shardable by the plugin."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

PATH_MODES = ("to-head", "all-pairs", "stepwise", "sample:N")


class PathSelectionError(ValueError):
    """An unknown `--paths` value."""


@dataclass(frozen=True)
class UpgradePath:
    """A start version and the stops the runner is asked to reach, in order (the last one is the target)."""

    stops: tuple[str, ...]

    @property
    def start(self) -> str:
        return self.stops[0]

    @property
    def target(self) -> str:
        return self.stops[-1]

    @property
    def direct(self) -> UpgradePath:
        return UpgradePath((self.start, self.target))

    @property
    def is_direct(self) -> bool:
        return len(self.stops) == 2

    @property
    def label(self) -> str:
        return "->".join(self.stops)


def enumerate_paths(versions: tuple[str, ...], mode: str, seed: int = 0) -> list[UpgradePath]:
    """`to-head`: every version to head; `all-pairs`: every older to every newer; `stepwise`: every version to head one
    release at a time; `sample:N`: N random multi-stop paths, the same N for the same seed."""
    if len(versions) < 2:
        return []
    head = versions[-1]
    if mode == "to-head":
        return [UpgradePath((version, head)) for version in versions[:-1]]
    if mode == "all-pairs":
        return [
            UpgradePath((start, end))
            for i, start in enumerate(versions)
            for end in versions[i + 1 :]
        ]
    if mode == "stepwise":
        return [UpgradePath(versions[i:]) for i in range(len(versions) - 1)]
    match = re.fullmatch(r"sample:(\d+)", mode)
    if match:
        return _sample(versions, int(match.group(1)), seed)
    raise PathSelectionError(f"unknown path selection {mode!r}; choose one of: {', '.join(PATH_MODES)}")


def _sample(versions: tuple[str, ...], count: int, seed: int) -> list[UpgradePath]:
    generator = random.Random(f"upgrade-paths:{seed}")
    chosen: dict[tuple[str, ...], None] = {}
    attempts = 0
    while len(chosen) < count and attempts < count * 50:
        attempts += 1
        start, end = sorted(generator.sample(range(len(versions)), 2))
        middle = [i for i in range(start + 1, end) if generator.random() < 0.5]
        stops = tuple(versions[i] for i in (start, *middle, end))
        chosen.setdefault(stops, None)
    return [UpgradePath(stops) for stops in chosen]
