"""The results as titled tables (plain strings), shared by the terminal output and RESULTS.md."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Result = Mapping[str, Any]


@dataclass(frozen=True)
class Table:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


def _s(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _x(value: Any) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _pct(value: Any) -> str:
    return "-" if value is None else f"{value * 100:+.0f}%"


def machine_table(machine: Result, servers: Mapping[str, str]) -> Table:
    rows = [
        ("cores", _s(machine.get("cores"))), ("cpu", _s(machine.get("cpu"))),
        ("memory", f"{machine.get('memory_gib')} GiB"), ("python", _s(machine.get("python"))),
        ("platform", _s(machine.get("platform"))),
        ("load average at start (1/5/15 min)", " / ".join(map(str, machine.get("load_at_start", [])))),
        *((f"server {spec}", version) for spec, version in servers.items()),
    ]
    return Table("Machine", ("what", "value"), tuple(rows))


def scaling_tables(entries: Sequence[Result]) -> list[Table]:
    main_rows, naive_rows = [], []
    for e in entries:
        h, c, n, r = e.get("harness", {}), e.get("cli", {}), e.get("naive", {}), e.get("ratios", {})
        paths = f"{e['paths']}/{e['paths_total']}" if e["sampled"] else str(e["paths"])
        main_rows.append((
            str(e["versions"]), e["mode"], e["engine"], paths,
            _s(h.get("floor_s")), _s(h.get("wall_s")), _x(r.get("harness_over_floor")),
            _s(h.get("floor_cpu_s")), _s(h.get("total_cpu_s")), _x(r.get("harness_over_floor_cpu")),
            _s(c.get("floor_s")), _s(c.get("wall_s")), _x(r.get("cli_over_floor")),
            _s(h.get("per_path_s")), _s(h.get("overhead_per_path_s")), _s(h.get("overhead_cpu_per_path_s")),
            _s(c.get("per_path_s")),
            "/".join(map(str, h.get("load", [])[:1] + c.get("load", [])[:1])),
        ))
        if n:
            b = n.get("breakdown_s", {})
            naive_rows.append((
                str(e["versions"]), e["mode"], e["engine"], paths, _s(n.get("wall_s")), _s(n.get("per_path_s")),
                _s(b.get("replay_s")), _s(b.get("reference_s")), _s(b.get("reflect_s")), _s(b.get("data_s")),
                _x(r.get("naive_over_harness")), _x(r.get("naive_over_harness_cpu")), _x(r.get("naive_over_cli")),
            ))
    tables = [Table(
        "Harness vs runner floor (seconds; in-process = Workbench + check functions; CLI = python -m harness verify)",
        ("N", "paths mode", "engine", "paths", "floor in-proc", "harness in-proc", "in-proc/floor",
         "floor CPU", "harness CPU", "CPU ratio", "floor CLI", "CLI wall", "CLI/floor",
         "in-proc s/path", "overhead s/path", "overhead CPU s/path", "CLI s/path", "load 1m"),
        tuple(main_rows),
        "paths a/b: a deterministic, evenly spread sample of a out of b paths. CPU = this process + the database "
        "server, during the upgrades (floor) or the whole run (harness).",
    )]
    if naive_rows:
        tables.append(Table(
            "Naive baseline (fresh database per path, replay from v1, SQLAlchemy reflection), seconds",
            ("N", "paths mode", "engine", "paths", "naive wall", "naive s/path", "replay", "reference install",
             "reflect", "rows", "naive/in-proc", "naive/in-proc CPU", "naive/CLI"),
            tuple(naive_rows),
        ))
    return tables


def growth_table(growths: Mapping[str, Result]) -> Table:
    rows = []
    for engine, g in growths.items():
        if not g:
            continue
        rows.append((engine, f"{g['from_versions']} -> {g['to_versions']}",
                     _pct(g.get("harness_overhead_per_path_s_growth")),
                     _pct(g.get("harness_overhead_cpu_per_path_s_growth")), _pct(g.get("harness_per_path_s_growth")),
                     _pct(g.get("cli_overhead_per_path_s_growth")), _pct(g.get("cli_per_path_s_growth"))))
    return Table("Cost per to-head path as N grows",
                 ("engine", "N", "in-proc overhead/path", "in-proc overhead CPU/path", "in-proc total/path",
                  "CLI overhead/path", "CLI total/path"),
                 tuple(rows), "overhead = wall - floor: the harness's own work; total includes the longer upgrades.")


def provisioning_table(results: Result) -> Table:
    rows = []
    for spec, numbers in results.get("engines", {}).items():
        if "unavailable" in numbers:
            rows.append((spec, "unavailable", numbers["unavailable"], *("",) * 6))
            continue
        cells = [spec, _s(numbers["provision_s"]), _s(numbers["provision_first_s"])]
        for kind in ("empty", "loaded"):
            cells += [_s(numbers[kind]["build_s"]), _s(numbers[kind]["clone_s"]), _s(numbers[kind]["drop_s"])]
        rows.append(tuple(cells))
    dataset = results.get("dataset", {})
    return Table(
        f"Provisioning (medians; loaded = {dataset.get('tables')} tables, {dataset.get('rows'):,} rows)"
        if dataset else "Provisioning",
        ("engine", "ready s", "first start s", "empty: create s", "empty: clone s", "empty: drop s",
         "loaded: build s", "loaded: clone s", "loaded: drop s"),
        tuple(rows),
    )


def clone_methods_table(results: Result) -> Table:
    """MySQL-family clone methods side by side (clone s / drop s), per engine that measured them."""
    rows = []
    for spec, numbers in results.get("engines", {}).items():
        for method, kinds in numbers.get("clone_methods", {}).items():
            rows.append((spec, method, *(f"{_s(kinds[k]['clone_s'])} / {_s(kinds[k]['drop_s'])}"
                                         for k in ("empty", "schema", "loaded"))))
    dataset = results.get("dataset", {})
    tables, rows_total = dataset.get("tables"), dataset.get("rows") or 0
    return Table(
        "MySQL-family clone methods (medians, clone s / drop s; each table has a foreign key whose index is "
        "InnoDB's own)",
        ("engine", "method", "empty", f"{tables} tables, no rows", f"{tables} tables, {rows_total:,} rows"),
        tuple(rows),
    )


def first_result_table(results: Result) -> Table:
    rows = []
    for label, run in results.items():
        marks = run.get("milestones_s", {})
        rows.append((label, _s(marks.get("pytest_configured")), _s(marks.get("collected")),
                     _s(marks.get("first_case")), _s(run.get("wall_s")), str(run.get("exit_code"))))
    return Table("Time to first result (seconds from launching python -m harness verify, no Docker)",
                 ("run", "pytest configured", "collected", "first case done", "whole run", "exit"), tuple(rows))


def reflection_table(results: Result) -> Table:
    rows = [
        (engine, str(r["tables"]), _s(r["catalog_reader_s"], 4), _s(r["sqlalchemy_metadata_reflect_s"], 4),
         _x(r["reflect_over_catalog"]), _s(r["sqlalchemy_inspector_per_table_s"], 4), _x(r["per_table_over_catalog"]))
        for engine, r in results.items()
    ]
    return Table("Schema reading on the Nightingale head: harness catalog reader vs SQLAlchemy reflection (median s)",
                 ("engine", "tables", "catalog reader", "MetaData.reflect", "ratio", "Inspector per table", "ratio"),
                 tuple(rows))


def seed_table(results: Result) -> Table:
    rows = [
        (engine, f"{r['size']:,}", f"{r['alert_his_event_rows']:,}", f"{r['rows_total']:,}", _s(r["wall_s"], 1),
         f"{r['rows_per_s']:,}" if r.get("rows_per_s") else "-", " / ".join(map(str, r.get("load", [])[:1])))
        for engine, r in results.items()
    ]
    return Table("Nightingale seed speed (fresh install of the head, seed + commit)",
                 ("engine", "size", "alert_his_event rows", "rows in all tables", "seconds", "rows/s", "load 1m"),
                 tuple(rows))


def profile_tables(results: Result) -> list[Table]:
    tables = []
    for engine, p in results.items():
        rows = [(o["operation"], str(o["calls"]), _s(o["cumulative_s"]),
                 f"{o['cumulative_s'] / p['wall_s'] * 100:.0f}%" if p["wall_s"] else "-")
                for o in p["operations"]]
        tables.append(Table(
            f"Profile, Nightingale to-head on {engine}: {p['wall_s']:.2f} s wall, floor {p['floor_s']:.2f} s, "
            f"overhead {p['overhead_s']:.2f} s (cProfile cumulative; rows nest)",
            ("operation", "calls", "cumulative s", "share of wall"), tuple(rows)))
    return tables


def targets_table(targets: Iterable[Result]) -> Table:
    rows = [(t["target"], t["measured"], "met" if t["met"] else ("not met" if t["met"] is False else "n/a"))
            for t in targets]
    return Table("Targets", ("target", "measured", "verdict"), tuple(rows))


def history_load_table(result: Result) -> Table:
    rows = (
        ("cold: empty parse cache", _s(result.get("cold_s"))),
        ("warm: the same history again", _s(result.get("warm_s"))),
        ("changed copy: one step inserted into v7.0.0 (both dialects)", _s(result.get("changed_copy_s"))),
        ("  the two changed scripts lexed whole (without the chunk cache)",
         _s(result.get("changed_scripts_whole_lex_s"))),
    )
    return Table(f"Loading the Nightingale history in a runner process (median of {result.get('repeats')})",
                 ("load", "seconds"), rows)


def fault_case_tables(results: Result) -> list[Table]:
    """The fault cases' medians per engine, then where a case's time goes (cProfile cumulative, per case; rows nest)."""
    engines: Mapping[str, Result] = results.get("engines", {})
    medians = tuple(
        (engine, str(r["cases"]), ", ".join(f"{n} {outcome}" for outcome, n in sorted(r["outcomes"].items())),
         _s(r["median_s"]), _s(r["median_ran_s"]), _s(r["runner_median_s"]), _s(r["max_s"]), _s(r["wall_s"], 1),
         _s(r["target_s"], 1))
        for engine, r in engines.items()
    )
    tables = [Table(
        f"Fault cases: rollback, sampled faults of {' and '.join(next(iter(engines.values()))['versions'])}"
        if engines else "Fault cases",
        ("engine", "cases", "outcomes", "median s", "median s (ran)", "runner median s", "max s", "wall s",
         "target s"),
        medians, f"a runner process's own start (interpreter + imports): {_s(results.get('runner_start_s'))} s")]
    labels = [row["phase"] for row in next(iter(engines.values()))["phases"]] if engines else []
    per_engine = {engine: {row["phase"]: row for row in r["phases"]} for engine, r in engines.items()}
    rows = tuple(
        (label, *(f"{_s(per_engine[engine][label]['per_case_s'], 4)} ({per_engine[engine][label]['calls']})"
                  for engine in engines))
        for label in labels
    )
    tables.append(Table("Fault case, where the time goes: seconds per case (calls), cProfile cumulative; rows nest",
                        ("phase", *engines), rows))
    return tables
