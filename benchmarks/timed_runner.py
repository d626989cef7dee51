"""A runner that counts: wraps the system under test and adds up the time of every install and upgrade call.

The upgrade total is the floor (what report.json calls `runner_s`); installs are the runner work the harness
asks for on its own account (seeded snapshots, fresh-install references).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL

from harness.runners.base import Attempt, Runner, RunOutcome


@dataclass
class RunnerClock:
    install_s: float = 0.0
    installs: int = 0
    upgrade_s: float = 0.0
    upgrades: int = 0

    def as_json(self) -> dict[str, object]:
        return {"install_s": round(self.install_s, 4), "installs": self.installs,
                "upgrade_s": round(self.upgrade_s, 4), "upgrades": self.upgrades}


class TimedRunner:
    """Runner protocol, delegating to `inner`; `clock` holds the totals."""

    def __init__(self, inner: Runner) -> None:
        self.inner = inner
        self.name = inner.name
        self.own_tables = inner.own_tables
        self.clock = RunnerClock()

    def install(self, url: URL, version: str) -> RunOutcome:
        outcome = self.inner.install(url, version)
        self.clock.install_s += outcome.seconds
        self.clock.installs += 1
        return outcome

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        outcome = self.inner.upgrade(url, target)
        self.clock.upgrade_s += outcome.seconds
        self.clock.upgrades += 1
        return outcome

    def current_version(self, url: URL) -> str | None:
        return self.inner.current_version(url)

    def attempts(self, url: URL) -> list[Attempt]:
        return self.inner.attempts(url)

    def version_rows(self, url: URL) -> list[tuple[str, ...]]:
        return self.inner.version_rows(url)
