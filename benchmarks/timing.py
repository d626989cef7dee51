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
from typing import Protocol, TypeVar

T = TypeVar("T")


class CpuProbe(Protocol):
    def seconds(self) -> float | None: ...


@dataclass(frozen=True)
class Lap:
    wall_s: float
    cpu_s: float  # this process and the children it waited for (a verify run's pytest child)
    load: tuple[float, float, float]  # 1, 5, 15 minute load averages at the end
    server_cpu_s: float | None = None  # the database server's CPU, when it runs here

    @property
    def total_cpu_s(self) -> float:
        return self.cpu_s + (self.server_cpu_s or 0.0)

    def as_json(self) -> dict[str, object]:
        server = None if self.server_cpu_s is None else round(self.server_cpu_s, 4)
        return {"wall_s": round(self.wall_s, 4), "cpu_s": round(self.cpu_s, 4), "server_cpu_s": server,
                "total_cpu_s": round(self.total_cpu_s, 4), "load": list(self.load)}


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_average() -> tuple[float, float, float]:
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)


def measure(action: Callable[[], T], server: CpuProbe | None = None) -> tuple[Lap, T]:
    """Run `action`; return how long it took (wall, this process's CPU, the server's CPU) and what it returned."""
    wall, cpu = time.perf_counter(), _cpu_seconds()
    server_before = server.seconds() if server is not None else None
    value = action()
    server_after = server.seconds() if server is not None else None
    server_cpu = server_after - server_before if server_after is not None and server_before is not None else None
    return Lap(time.perf_counter() - wall, _cpu_seconds() - cpu, load_average(), server_cpu), value


def own_cpu_seconds() -> float:
    """CPU seconds of this process alone (all threads)."""
    return time.process_time()


def seconds(action: Callable[[], T]) -> tuple[float, T]:
    """Wall seconds of `action` and its value."""
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value
