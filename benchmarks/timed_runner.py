"""A runner that counts: wraps the system under test and adds up the time of every install and upgrade call.

The upgrade total is the floor (what report.json calls `runner_s`); installs are the runner work the harness
asks for on its own account (seeded snapshots, fresh-install references). With a CPU probe of the server, the CPU
seconds of each upgrade (this process and the server) are added up too: the floor as work, not as waiting.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from benchmarks.timing import CpuProbe, own_cpu_seconds
from harness.runners.system_under_test import Attempt, Runner, RunOutcome


@dataclass
class RunnerClock:
    install_s: float = 0.0
    installs: int = 0
    upgrade_s: float = 0.0
    upgrades: int = 0
    upgrade_cpu_s: float = 0.0  # this process and the server, during upgrades


class TimedRunner:
    """Runner protocol, delegating to `inner`; `clock` holds the totals."""

    def __init__(self, inner: Runner, server_cpu: CpuProbe | None = None) -> None:
        self.inner = inner
        self.server_cpu = server_cpu
        self.name = inner.name
        self.own_tables = inner.own_tables
        self.records_attempts = inner.records_attempts
        self.clock = RunnerClock()

    def install(self, url: URL, version: str) -> RunOutcome:
        outcome = self.inner.install(url, version)
        self.clock.install_s += outcome.seconds
        self.clock.installs += 1
        return outcome

    def _cpu(self) -> float:
        server = self.server_cpu.seconds() if self.server_cpu is not None else None
        return own_cpu_seconds() + (server or 0.0)

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        cpu = self._cpu()
        outcome = self.inner.upgrade(url, target)
        self.clock.upgrade_cpu_s += self._cpu() - cpu
        self.clock.upgrade_s += outcome.seconds
        self.clock.upgrades += 1
        return outcome

    def current_version(self, url: URL) -> str | None:
        return self.inner.current_version(url)

    def attempts(self, url: URL) -> list[Attempt]:
        return self.inner.attempts(url)

    def version_rows(self, url: URL) -> list[tuple[str, ...]]:
        return self.inner.version_rows(url)
