"""`python -m benchmarks` (what `nox -s bench` runs): every benchmark, printed as tables, written to results.json.

    python -m benchmarks                        # sizes 10, 50, 200, 500; both engines; every section
    python -m benchmarks --quick                # small N and small seeds: a few minutes
    python -m benchmarks --sizes 10,50 --only scaling,first-result
    python -m benchmarks --write-md             # also refresh the figures in benchmarks/RESULTS.md

Sections: provisioning, scaling, first-result, history-load, readers, profile, seed, data-scale, faults. Each run
updates the sections it measured in the results file and keeps the others (each section records when and under which
load it was measured).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks import data_scale, fault_cases, first_result_runs, history_load, nightingale, provisioning
from benchmarks.machine import describe_machine
from benchmarks.report import print_results, write_markdown
from benchmarks.scaling import ScalingConfig, growth, run_scaling
from benchmarks.timing import load_average
from harness.engines import EngineUnavailable, Server, start_server
from harness.scenario import ScenarioError

SECTIONS = (
    "provisioning", "scaling", "first-result", "history-load", "readers", "profile", "seed", "data-scale", "faults",
)
DEFAULT_ENGINES = ("postgresql@15", "mariadb@10.11")
HERE = Path(__file__).resolve().parent


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes: expected comma-separated integers, got {text!r}") from None
    if not sizes or min(sizes) < 2:
        raise argparse.ArgumentTypeError("--sizes: every size must be at least 2 versions")
    return sizes


def _sections(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in chosen if part not in SECTIONS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    return chosen


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small N, small samples and seeds")
    parser.add_argument("--sizes", type=_sizes, help="history sizes N (default 10,50,200,500; quick: 5,10)")
    parser.add_argument("--engine", action="append", dest="engines", help="engine spec (repeatable)")
    parser.add_argument("--only", type=_sections, help=f"comma-separated sections: {', '.join(SECTIONS)}")
    parser.add_argument("--skip", type=_sections, default=(), help="sections to leave out")
    parser.add_argument("--sample", type=int, help="to-head paths run per size above N = 50 (default 12)")
    parser.add_argument("--all-pairs-limit", type=int, help="all-pairs paths run at most (default 49; 0: all)")
    parser.add_argument("--seed-size", type=int, default=100, help="rows per seeded table in the histories")
    parser.add_argument("--seed-rows", type=int, help="Nightingale seed size (default 1,000,000; quick: 10,000)")
    parser.add_argument("--no-naive", action="store_true", help="leave out the naive baseline")
    parser.add_argument("--no-cli", action="store_true", help="leave out the python -m harness verify runs")
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="results file")
    parser.add_argument("--work-dir", type=Path, default=Path("out/bench"), help="histories, reports, profiles")
    parser.add_argument("--write-md", action="store_true", help="refresh the figures in benchmarks/RESULTS.md")
    parser.add_argument("--report-only", action="store_true", help="measure nothing: print (and --write-md) the "
                        "results file as it is")
    return parser.parse_args(list(argv))


def _config(args: argparse.Namespace) -> ScalingConfig:
    config = ScalingConfig(naive=not args.no_naive, cli=not args.no_cli, seed_size=args.seed_size)
    if args.quick:
        config = replace(config, sizes=(5, 10), to_head_limit=4, full_paths_max=5, all_pairs_limit=10)
    if args.sizes:
        config = replace(config, sizes=args.sizes)
    if args.sample is not None:
        config = replace(config, to_head_limit=args.sample)
    if args.all_pairs_limit is not None:
        config = replace(config, all_pairs_limit=args.all_pairs_limit)
    return config


def _log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S} load {load_average()[0]}] {message}", file=sys.stderr, flush=True)


def _stamp(section: Any) -> dict[str, Any]:
    return {"measured_at": dt.datetime.now().isoformat(timespec="seconds"), "load_after": list(load_average()),
            "results": section}


def run(args: argparse.Namespace) -> dict[str, Any]:
    sections = args.only or SECTIONS
    sections = tuple(s for s in sections if s not in args.skip)
    engines = tuple(args.engines or DEFAULT_ENGINES)
    config = _config(args)
    results: dict[str, Any] = json.loads(args.out.read_text()) if args.out.exists() else {}
    results["machine"] = describe_machine()
    results["settings"] = {"engines": list(engines), "quick": args.quick, "sections": list(sections),
                           "scaling": vars(config) | {"sizes": list(config.sizes)}}

    if "provisioning" in sections:
        _log("provisioning")
        results["provisioning"] = _stamp(provisioning.measure(engines, repeats=2 if args.quick else 5))
    if "first-result" in sections:  # before this process starts servers of its own
        _log("time to first result (Nightingale)")
        results["first_result"] = _stamp(first_result_runs.first_result(engines, args.work_dir, 100))

    if "history-load" in sections:
        _log("history load per runner process (Nightingale)")
        results["history_load"] = _stamp(history_load.measure(repeats=2 if args.quick else 5))

    servers: dict[str, Server] = {}
    try:
        for engine in engines:
            try:
                servers[engine] = start_server(engine)
            except EngineUnavailable as err:
                _log(f"{engine} unavailable: {err.reason}")
        results["servers"] = {engine: server.server_version for engine, server in servers.items()}
        if "scaling" in sections:
            entries = run_scaling(config, servers, args.work_dir, _log)
            results["scaling"] = _stamp({
                "entries": entries, "growth": {engine: growth(entries, engine) for engine in servers},
            })
        scenario = None
        if {"readers", "profile", "seed", "data-scale", "faults"} & set(sections):
            try:
                scenario = nightingale.load()
            except ScenarioError as err:
                _log(f"Nightingale sections left out: {err}")
                results["nightingale_unavailable"] = str(err)
        if scenario is not None and "readers" in sections:
            _log("catalog reader vs SQLAlchemy reflection (Nightingale head)")
            results["readers"] = _stamp(nightingale.readers(scenario, servers, repeats=3 if args.quick else 5))
        if scenario is not None and "profile" in sections:
            _log("profile (Nightingale to-head)")
            results["profile"] = _stamp(nightingale.profiles(scenario, servers, 100, args.work_dir / "profiles"))
        if scenario is not None and "seed" in sections:
            size = args.seed_rows or (10_000 if args.quick else 1_000_000)
            _log(f"Nightingale seed, {size:,} rows")
            results["seed"] = _stamp(nightingale.seeds(scenario, servers, size, _log))
        if scenario is not None and "data-scale" in sections:
            size = args.seed_rows or (10_000 if args.quick else 1_000_000)
            _log(f"data check vs one scan, Nightingale seed of {size:,} rows")
            results["data_scale"] = _stamp(data_scale.data_check_at_scale(scenario, servers, size, _log))
        if scenario is not None and "faults" in sections:
            _log(f"fault cases of {' and '.join(fault_cases.VERSIONS)} (rollback, sampled faults), under a profiler")
            results["faults"] = _stamp(fault_cases.measure(scenario, servers, args.work_dir / "faults"))
    finally:
        for server in servers.values():
            server.stop()
    return results


def main(argv: Sequence[str] | None = None, emit: Callable[[dict[str, Any]], None] = print_results) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.report_only:
        if not args.out.exists():
            print(f"python -m benchmarks: error: {args.out} does not exist; run the benchmarks first", file=sys.stderr)
            return 2
        results = json.loads(args.out.read_text())
    else:
        results = run(args)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
    emit(results)
    if args.write_md:
        write_markdown(results, HERE / "RESULTS.md")
    _log(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
