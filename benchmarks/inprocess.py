"""The harness's own work, in-process: the run core's plan and `Run.execute`, no pytest, no subprocess.

This is what a verify run does per case once pytest has collected it, in the same order (cases that read one
upgraded database run together and release it). Compared with the wall time of `upgrade-harness verify`, it
separates the harness's work from the cost of the pytest child process and the report files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.server_cpu import ServerCpu
from benchmarks.timed_runner import TimedRunner
from benchmarks.timing import Lap, measure
from harness.engines.server_api import Server
from harness.paths import UpgradePath
from harness.run import Run, RunPlan, Selection
from harness.runners import runner_for
from harness.scenario import Scenario


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
            "overhead_cpu_per_path_s": round((self.lap.total_cpu_s - self.floor_cpu_s) / self.paths, 4)
            if self.paths
            else 0.0,
            "failures": list(self.failures),
        }


def _run_cases(run: Run) -> list[str]:
    return [
        f"{result.check} {result.id}: {'skipped: ' if result.outcome == 'skipped' else ''}{result.message}"
        for result in run.execute()
        if result.outcome != "passed"
    ]


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
    selection = Selection(
        scenario=str(scenario.root),
        engines=(engine,),
        paths="to-head",  # not enumerated: the plan takes `paths` as given
        checks=tuple(checks),
        faults="none",
        seed_size=seed_size,
        shard=None,
        report_dir=None,
        layout="auto",
    )
    servers = {engine: server}
    run = Run(RunPlan.on_servers(selection, scenario, servers, runner, paths), servers=servers)

    def work() -> list[str]:
        try:
            return _run_cases(run)
        finally:
            run.close()

    lap, failures = measure(work, cpu)
    clock = runner.clock
    return HarnessRun(lap, len(paths), clock.upgrade_s, clock.install_s, tuple(failures), clock.upgrade_cpu_s)
