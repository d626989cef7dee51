"""Clocks for the benchmarks: wall time with the process's CPU time beside it, and the machine's load.

On a shared machine wall time alone misleads: every figure is recorded with the CPU time this process spent and
the load average when it was taken, so a reader can tell a slow harness from a busy machine.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Lap:
    wall_s: float
    cpu_s: float  # this process and the children it waited for (a verify run's pytest child)
    load: tuple[float, float, float]  # 1, 5, 15 minute load averages at the end

    def as_json(self) -> dict[str, object]:
        return {"wall_s": round(self.wall_s, 4), "cpu_s": round(self.cpu_s, 4), "load": list(self.load)}


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_average() -> tuple[float, float, float]:
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)


def measure(action: Callable[[], T]) -> tuple[Lap, T]:
    """Run `action`; return how long it took (wall and CPU) and what it returned."""
    wall, cpu = time.perf_counter(), _cpu_seconds()
    value = action()
    return Lap(time.perf_counter() - wall, _cpu_seconds() - cpu, load_average()), value


def seconds(action: Callable[[], T]) -> tuple[float, T]:
    """Wall seconds of `action` and its value."""
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value
