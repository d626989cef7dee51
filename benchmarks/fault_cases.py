"""Where a fault case's time goes: the rollback check's sampled cases of two Nightingale versions, per engine.

The cases come from the run core (`RunPlan` + `Run.execute`, the plan of `upgrade-harness verify --checks rollback
--faults sample -- -k "v8.4.1 or v9.1.0"`), run once for the medians and once more under cProfile; the phases are
the harness functions a case passes through, by cumulative time (they nest: a case's injection includes the runner
it waits for; a runner on a harness thread is not profiled, its time shows as waiting). A runner process's own start
(interpreter and imports) cannot be seen from here, so it is timed on its own, as a fresh
`python -c "import migrator.cli"`.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness.engines.server_api import Server
from harness.run import Run, RunPlan, Selection
from harness.runners import runner_for
from harness.scenario import Scenario

Result = dict[str, Any]
VERSIONS = ("v8.4.1", "v9.1.0")
TARGETS_S = {"postgresql": 0.5, "mysql": 0.7}  # sampled-case median per dialect (MariaDB is a mysql dialect)

# (file suffix, function, only when called from (file suffix, function) or None) -> label, in the order shown.
PHASES: tuple[tuple[str, str, tuple[str, str] | None, str], ...] = (
    ("harness/faults/rollback.py", "verify_rollback", None, "whole fault case"),
    ("harness/engines/server.py", "clone_database", ("harness/snapshots.py", "clone_seeded"),
     "clone the seeded database"),
    ("harness/faults/inject.py", "inject", None, "injection (rewrite scripts, runner process, act on the server)"),
    ("harness/faults/scripts.py", "write_copy", None, "  rewritten copy of the scripts"),
    ("harness/faults/process.py", "__init__", None, "  start a runner process (spawn)"),
    ("harness/faults/process.py", "wait", None, "  wait for a runner process to exit"),
    ("harness/faults/watch.py", "wait_for", None, "  wait for a state on the server (polling)"),
    ("harness/faults/inject.py", "_restart", None, "  restart after a crash (a second runner process)"),
    ("harness/faults/inject.py", "wait", None, "  wait for the runner on a harness thread (in-process)"),
    ("harness/faults/rollback.py", "_outcome_problems", None, "judge the exit codes"),
    ("harness/data.py", "read_product_schema", ("harness/faults/rollback.py", "verify_rollback"),
     "read the schema after the fault"),
    ("harness/inspect/diff.py", "diff_schemas", ("harness/faults/rollback.py", "verify_rollback"),
     "compare the schema with the previous version"),
    ("harness/data_checksums.py", "compare_equal", ("harness/faults/rollback.py", "verify_rollback"),
     "compare the rows with the seeded snapshot (server-side checksums)"),
    ("harness/runners/migrator_runner.py", "version_rows", None, "read the runner's version table"),
    ("harness/runners/migrator_runner.py", "current_version", None, "read the runner's current version"),
    ("harness/runners/migrator_runner.py", "attempts", None, "read the runner's history of attempts"),
    ("harness/faults/rollback.py", "_verify_next_run", None, "next run and comparison with the fault-free upgrade"),
    ("harness/runners/migrator_runner.py", "upgrade", ("harness/faults/rollback.py", "_verify_next_run"),
     "  next-run upgrade"),
    ("harness/workbench.py", "upgraded", ("harness/faults/rollback.py", "_verify_next_run"),
     "  fault-free upgrade of the path (built once per path)"),
    ("harness/data.py", "read_product_schema", ("harness/faults/rollback.py", "_verify_next_run"),
     "  read the schema after the next run"),
    ("harness/data_checksums.py", "compare_equal", ("harness/faults/rollback.py", "_verify_next_run"),
     "  compare the rows with the fault-free upgrade (checksums)"),
    ("harness/engines/server.py", "drop_database", ("harness/faults/rollback.py", "verify_rollback"),
     "drop the case's database"),
    ("~", "<built-in method time.sleep>", None, "sleeping (polls, waits)"),
)


def _matches(key: tuple[str, int, str], suffix: str, function: str) -> bool:
    filename, _, name = key
    return name == function and filename.replace("\\", "/").endswith(suffix)


def phases(stats: pstats.Stats, cases: int) -> list[dict[str, object]]:
    raw = stats.stats  # type: ignore[attr-defined]
    rows: list[dict[str, object]] = []
    for suffix, function, caller, label in PHASES:
        calls, cumulative = 0, 0.0
        for key, (_, ncalls, _, cum, callers) in raw.items():
            if not _matches(key, suffix, function):
                continue
            if caller is None:
                calls += ncalls
                cumulative += cum
                continue
            for caller_key, (_, caller_calls, _, caller_cum) in callers.items():
                if _matches(caller_key, *caller):
                    calls += caller_calls
                    cumulative += caller_cum
        rows.append({
            "phase": label, "calls": calls, "cumulative_s": round(cumulative, 4),
            "per_case_s": round(cumulative / cases, 4) if cases else None,
        })
    return rows


def runner_start_seconds(repeats: int) -> float:
    """A fresh interpreter importing the migrator's command line: what every runner process pays before its work."""
    root = Path(__file__).resolve().parent.parent
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(root), os.environ.get("PYTHONPATH"))
                                                                if p)}
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import migrator.cli"], env=environment, check=True, cwd=root)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 4)


def _selection(scenario: Scenario, engine: str, faults: str, versions: Sequence[str]) -> Selection:
    return Selection(
        scenario=str(scenario.root), engines=(engine,), paths="to-head", checks=("rollback",), faults=faults,
        seed_size=100, shard=None, report_dir=None, layout="auto", case_filters=tuple(versions),
    )


def _execute(scenario: Scenario, server: Server, faults: str, versions: Sequence[str],
             profiler: cProfile.Profile | None) -> tuple[list[Any], float]:
    engine = server.spec.name
    servers = {engine: server}
    plan = RunPlan.on_servers(_selection(scenario, engine, faults, versions), scenario, servers, runner_for(scenario))
    run = Run(plan, servers=servers)
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    try:
        results = run.execute()
    finally:
        if profiler is not None:
            profiler.disable()
        run.close()
    return results, time.perf_counter() - started


def measure_engine(scenario: Scenario, server: Server, out_dir: Path, faults: str = "sample",
                   versions: Sequence[str] = VERSIONS) -> Result:
    """Run the selected fault cases on `server` twice: plainly for the medians, then under cProfile for the phases
    (the profiler's own cost would inflate the medians)."""
    engine = server.spec.name
    results, wall = _execute(scenario, server, faults, versions, None)
    profiler = cProfile.Profile()
    profiled, profiled_wall = _execute(scenario, server, faults, versions, profiler)
    out_dir.mkdir(parents=True, exist_ok=True)
    pstats_file = out_dir / f"faults-{engine.replace('@', '')}.pstats"
    profiler.dump_stats(pstats_file)
    durations = [r.duration_s for r in results]
    ran = [r.duration_s for r in results if r.outcome != "skipped"]
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    dialect = str(server.dialect)
    return {
        "engine": engine,
        "faults": faults,
        "versions": list(versions),
        "cases": len(results),
        "outcomes": outcomes,
        "wall_s": round(wall, 3),
        "profiled_wall_s": round(profiled_wall, 3),
        "median_s": round(statistics.median(durations), 4) if durations else None,
        "median_ran_s": round(statistics.median(ran), 4) if ran else None,
        "max_s": round(max(durations), 4) if durations else None,
        "runner_median_s": round(statistics.median(r.runner_s for r in results), 4) if results else None,
        "target_s": TARGETS_S.get(dialect),
        "phases": phases(pstats.Stats(profiler), len(profiled)),
        "failures": [f"{r.id}: {r.message[:300]}" for r in results if r.outcome in ("failed", "error")],
        "pstats_file": str(pstats_file),
    }


def measure(scenario: Scenario, servers: dict[str, Server], out_dir: Path, faults: str = "sample") -> Result:
    return {
        "runner_start_s": runner_start_seconds(5),
        "engines": {engine: measure_engine(scenario, server, out_dir, faults) for engine, server in servers.items()},
    }
