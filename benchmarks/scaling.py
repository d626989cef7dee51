"""Harness vs runner floor vs the naive method, per engine, as the history grows from N = 10 to N = 500 versions.

For every size N and path mode (to-head always, all-pairs while N <= `all_pairs_max_versions`) and every engine:
the harness in-process (Workbench + check functions), the harness as users run it (`python -m harness verify`),
and the naive baseline, all on the same paths. Large path sets are sampled deterministically (see paths.py);
the results say so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.cli_run import run_verify
from benchmarks.inprocess import run_harness
from benchmarks.naive import run_naive
from benchmarks.paths import PathSelection, keyword_expression, select_paths
from benchmarks.synthetic import write_history
from harness.engines.server_api import Server
from harness.scenario import Scenario, load_scenario

Result = dict[str, Any]
Log = Callable[[str], None]


@dataclass(frozen=True)
class ScalingConfig:
    sizes: tuple[int, ...] = (10, 50, 200, 500)
    seed_size: int = 100  # rows per base table
    to_head_limit: int = 12  # to-head paths run when a size has more (0: all); sizes <= full_paths_max run all
    full_paths_max: int = 50
    all_pairs_max_versions: int = 50
    all_pairs_limit: int = 49  # all-pairs paths run at most (0: all)
    naive: bool = True
    cli: bool = True


def history(work_dir: Path, versions: int) -> Scenario:
    """The synthetic history of `versions` versions, written once into the work directory."""
    directory = work_dir / "histories" / f"synthetic-{versions}"
    if not (directory / "scenario.toml").exists():
        directory.mkdir(parents=True, exist_ok=True)
        write_history(directory, versions)
    return load_scenario(directory)


def _selections(scenario: Scenario, versions: int, config: ScalingConfig) -> list[PathSelection]:
    to_head_limit = 0 if versions <= config.full_paths_max else config.to_head_limit
    chosen = [select_paths(scenario.versions, "to-head", to_head_limit)]
    if versions <= config.all_pairs_max_versions:
        chosen.append(select_paths(scenario.versions, "all-pairs", config.all_pairs_limit))
    return chosen


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 3) if denominator > 0 else None


def derive(entry: Result) -> Result:
    """Ratios of one (size, mode, engine) entry."""
    harness, cli, naive = entry.get("harness"), entry.get("cli"), entry.get("naive")
    ratios: Result = {}
    if harness:
        ratios["harness_over_floor"] = _ratio(harness["wall_s"], harness["floor_s"])
        ratios["harness_over_floor_cpu"] = _ratio(harness["total_cpu_s"], harness["floor_cpu_s"])
    if cli and cli.get("floor_s"):
        ratios["cli_over_floor"] = _ratio(cli["wall_s"], cli["floor_s"])
        ratios["cli_over_harness"] = _ratio(cli["wall_s"], harness["wall_s"]) if harness else None
    if naive and harness:
        ratios["naive_over_harness"] = _ratio(naive["wall_s"], harness["wall_s"])
        ratios["naive_over_harness_cpu"] = _ratio(naive["total_cpu_s"], harness["total_cpu_s"])
    if naive and cli and cli.get("wall_s"):
        ratios["naive_over_cli"] = _ratio(naive["wall_s"], cli["wall_s"])
    return ratios


def measure_entry(
    scenario: Scenario, server: Server, engine: str, selection: PathSelection, config: ScalingConfig,
    report_dir: Path, log: Log,
) -> Result:
    entry: Result = {"engine": engine, "mode": selection.mode, "paths": len(selection.paths),
                     "paths_total": selection.total, "sampled": selection.sampled}
    log(f"  {engine} {selection.mode} ({selection.describe()} paths): harness in-process")
    entry["harness"] = run_harness(scenario, server, selection.paths, config.seed_size).as_json()
    if config.naive:
        log(f"  {engine} {selection.mode}: naive baseline")
        entry["naive"] = run_naive(scenario, server, selection.paths, config.seed_size).as_json()
    if config.cli:
        log(f"  {engine} {selection.mode}: python -m harness verify")
        entry["cli"] = run_verify(
            scenario.root, [engine], selection.mode, report_dir, config.seed_size,
            keyword=keyword_expression(selection),
        ).as_json()
    entry["ratios"] = derive(entry)
    return entry


def run_scaling(config: ScalingConfig, servers: Mapping[str, Server], work_dir: Path, log: Log) -> list[Result]:
    entries: list[Result] = []
    for versions in config.sizes:
        scenario = history(work_dir, versions)
        for selection in _selections(scenario, versions, config):
            for engine, server in servers.items():
                log(f"N = {versions}")
                report_dir = work_dir / "reports" / f"n{versions}-{selection.mode}-{engine.replace('@', '')}"
                entry = measure_entry(scenario, server, engine, selection, config, report_dir, log)
                entries.append({"versions": versions, **entry})
    return entries


def growth(entries: Sequence[Result], engine: str, mode: str = "to-head") -> Result:
    """How the per-path costs of `mode` change from the smallest to the largest size measured on `engine`."""
    rows = sorted((e for e in entries if e["engine"] == engine and e["mode"] == mode), key=lambda e: e["versions"])
    if len(rows) < 2:
        return {}
    first, last = rows[0], rows[-1]
    result: Result = {"from_versions": first["versions"], "to_versions": last["versions"]}
    for source in ("harness", "cli"):
        if source in first and source in last:
            for field in ("per_path_s", "overhead_per_path_s", "overhead_cpu_per_path_s"):
                if field not in first[source] or field not in last[source]:
                    continue
                before, after = first[source][field], last[source][field]
                result[f"{source}_{field}_growth"] = _ratio(after - before, before)
    return result
