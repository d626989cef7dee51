"""The harness's own work, in-process: a Workbench and the checks' `verify` functions, no pytest, no subprocess.

This is what a verify run does per case once pytest has collected it, in the same order (cases that read one
upgraded database run together and release it). Compared with the wall time of `upgrade-harness verify`, it
separates the harness's work from the cost of the pytest child process and the report files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest

from benchmarks.server_cpu import ServerCpu
from benchmarks.timed_runner import TimedRunner
from benchmarks.timing import Lap, measure
from harness.cases import Case
from harness.checks import data_is_preserved, schema_matches_fresh_install
from harness.engines.base import Server
from harness.failures import CheckFailed
from harness.paths import UpgradePath
from harness.runners import runner_for
from harness.scenario import Scenario
from harness.workbench import Workbench

Verify = Callable[[Workbench, Case], None]
CHECK_FUNCTIONS: dict[str, Verify] = {
    "schema": schema_matches_fresh_install.verify,
    "data": data_is_preserved.verify,
}


@dataclass(frozen=True)
class HarnessRun:
    lap: Lap
    paths: int
    floor_s: float  # upgrade time inside the runner
    install_s: float  # installs the harness asked for (seeded snapshots, fresh-install references)
    failures: tuple[str, ...]
    floor_cpu_s: float = 0.0  # CPU of this process and the server during the upgrades

    def as_json(self) -> dict[str, object]:
        per_path = self.lap.wall_s / self.paths if self.paths else 0.0
        return {
            **self.lap.as_json(),
            "paths": self.paths,
            "floor_s": round(self.floor_s, 4),
            "floor_cpu_s": round(self.floor_cpu_s, 4),
            "runner_install_s": round(self.install_s, 4),
            "per_path_s": round(per_path, 4),
            "overhead_per_path_s": round((self.lap.wall_s - self.floor_s) / self.paths, 4) if self.paths else 0.0,
            "overhead_cpu_per_path_s":
                round((self.lap.total_cpu_s - self.floor_cpu_s) / self.paths, 4) if self.paths else 0.0,
            "failures": list(self.failures),
        }


def _run_cases(bench: Workbench, engine: str, paths: Sequence[UpgradePath], checks: Sequence[str]) -> list[str]:
    failures: list[str] = []
    for path in paths:
        for _ in checks:
            bench.expect(engine, path)
        for check in checks:
            case = Case(check, engine, path)
            try:
                CHECK_FUNCTIONS[check](bench, case)
            except CheckFailed as err:
                failures.append(f"{check} {case.param_id}: {err}")
            except pytest.skip.Exception as err:
                failures.append(f"{check} {case.param_id}: skipped: {err}")
            finally:
                bench.release(engine, path)
    return failures


def run_harness(
    scenario: Scenario,
    server: Server,
    paths: Sequence[UpgradePath],
    seed_size: int,
    checks: Sequence[str] = ("schema", "data"),
) -> HarnessRun:
    """Verify `paths` on the running `server` as a verify run would, from an empty snapshot cache to cleanup."""
    cpu = ServerCpu(server)
    runner = TimedRunner(runner_for(scenario), cpu)
    engine = server.spec.name
    bench = Workbench(scenario, runner, {engine: engine}, seed_size, servers={engine: server})

    def work() -> list[str]:
        try:
            return _run_cases(bench, engine, paths, checks)
        finally:
            bench.close()

    lap, failures = measure(work, cpu)
    clock = runner.clock
    return HarnessRun(lap, len(paths), clock.upgrade_s, clock.install_s, tuple(failures), clock.upgrade_cpu_s)
