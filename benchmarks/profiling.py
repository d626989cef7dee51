"""Where the harness's time goes on the Nightingale scenario: cProfile over an in-process to-head run.

The breakdown lists the harness's operations by cumulative time (they nest: an install includes its create
database and connections). Everything outside the runner's upgrades is the harness's overhead. The raw profile is
written next to the results (`python -m pstats FILE`, or snakeviz).
"""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

from benchmarks.inprocess import run_harness
from benchmarks.paths import select_paths
from harness.engines.server_api import Server
from harness.scenario import Scenario

Result = dict[str, object]

# (file suffix, function) -> label, in the order they are shown.
OPERATIONS: tuple[tuple[str, str, str], ...] = (
    ("harness/workbench.py", "upgrade_fresh_clone", "upgraded database of a path (clone + upgrade)"),
    ("harness/runners/migrator_runner.py", "upgrade", "runner: upgrade (the floor)"),
    ("harness/snapshots.py", "seeded", "seeded snapshot (install + seed + read)"),
    ("harness/snapshots.py", "fresh_schema", "fresh-install reference (install + read)"),
    ("harness/snapshots.py", "_install", "install a version (create database + runner install)"),
    ("harness/runners/migrator_runner.py", "install", "runner: install"),
    ("seed.py", "seed", "scenario seed"),
    ("harness/engines/server.py", "create_database", "create database"),
    ("harness/engines/server.py", "clone_database", "clone database"),
    ("harness/engines/server.py", "drop_database", "drop database"),
    ("harness/inspect/__init__.py", "read_schema", "read schema (catalog)"),
    ("harness/data.py", "read_data", "read data"),
    ("harness/inspect/diff.py", "diff_schemas", "diff schemas"),
    ("harness/data.py", "preserved_differences", "diff data"),
    ("harness/db.py", "connect", "open a connection (harness.db.connect)"),
    ("migrator/session.py", "__init__", "open a connection (migrator session)"),
)


def breakdown(stats: pstats.Stats) -> list[dict[str, object]]:
    raw = stats.stats  # type: ignore[attr-defined]
    rows: list[dict[str, object]] = []
    for suffix, function, label in OPERATIONS:
        calls, cumulative = 0, 0.0
        for (filename, _, name), (_, ncalls, _, cum, _) in raw.items():
            if name == function and filename.replace("\\", "/").endswith(suffix):
                calls += ncalls
                cumulative += cum
        rows.append({"operation": label, "calls": calls, "cumulative_s": round(cumulative, 4)})
    return rows


def profile_harness(scenario: Scenario, server: Server, seed_size: int, out_dir: Path) -> Result:
    """Profile one to-head run (schema + data checks) of `scenario` on `server`."""
    paths = select_paths(scenario.versions, "to-head", 0).paths
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        run = run_harness(scenario, server, paths, seed_size)
    finally:
        profiler.disable()
    out_dir.mkdir(parents=True, exist_ok=True)
    engine = server.spec.name.replace("@", "")
    profiler.dump_stats(out_dir / f"profile-{engine}.pstats")
    stats = pstats.Stats(profiler)
    total = run.lap.wall_s
    rows = breakdown(stats)
    return {
        "engine": server.spec.name,
        "paths": len(paths),
        "seed_size": seed_size,
        "wall_s": round(total, 4),
        "cpu_s": round(run.lap.cpu_s, 4),
        "floor_s": round(run.floor_s, 4),
        "overhead_s": round(total - run.floor_s, 4),
        "operations": rows,
        "pstats_file": str(out_dir / f"profile-{engine}.pstats"),
        "failures": list(run.failures),
    }
