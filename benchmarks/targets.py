"""The issue's targets, judged from the results: each with what was measured and whether it is met."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Result = Mapping[str, Any]


def _entries(scaling: Sequence[Result], versions: int, mode: str) -> list[Result]:
    return [e for e in scaling if e["versions"] == versions and e["mode"] == mode]


def _all(values: Sequence[float | None], test: Any) -> bool | None:
    known = [v for v in values if v is not None]
    return all(test(v) for v in known) if known and len(known) == len(values) else None


FIRST_RESULT_LIMITS_S = {"cold": 3.0, "warm": 1.5}


def _first_result_met(runs: Iterable[Result]) -> bool | None:
    """Each run against its temperature's limit; a run without one (from before the warm cache) is judged cold."""
    judged = [(run.get("milestones_s", {}).get("first_case"), FIRST_RESULT_LIMITS_S[run.get("temperature", "cold")])
              for run in runs]
    if not judged or any(value is None for value, _ in judged):
        return None
    return all(value <= limit for value, limit in judged)


def _section(results: Result, name: str) -> Any:
    section = results.get(name)
    return section.get("results") or {} if isinstance(section, Mapping) else {}


def judge(results: Result) -> list[dict[str, Any]]:
    scaling: Sequence[Result] = _section(results, "scaling").get("entries", [])
    verdicts: list[dict[str, Any]] = []

    at50 = _entries(scaling, 50, "to-head")
    cli = [e["ratios"].get("cli_over_floor") for e in at50]
    inproc = [e["ratios"].get("harness_over_floor") for e in at50]
    verdicts.append({
        "target": "harness / floor <= 1.5 on to-head at N = 50, both engines",
        "measured": "; ".join(
            f"{e['engine']}: CLI {e['ratios'].get('cli_over_floor')}x, in-process "
            f"{e['ratios'].get('harness_over_floor')}x (CPU {e['ratios'].get('harness_over_floor_cpu')}x)"
            for e in at50) or "not measured",
        "met": _all(cli, lambda v: v <= 1.5) if at50 else None,
        "in_process_met": _all(inproc, lambda v: v <= 1.5) if at50 else None,
    })

    naive = [e for mode in ("to-head", "all-pairs") for e in _entries(scaling, 50, mode)]
    ratios = [e["ratios"].get("naive_over_harness") for e in naive]
    verdicts.append({
        "target": "naive / harness >= 10 at N = 50",
        "measured": "; ".join(f"{e['engine']} {e['mode']}: {e['ratios'].get('naive_over_harness')}x "
                              f"(CPU {e['ratios'].get('naive_over_harness_cpu')}x, vs CLI "
                              f"{e['ratios'].get('naive_over_cli')}x)" for e in naive) or "not measured",
        "met": _all(ratios, lambda v: v >= 10) if naive else None,
    })

    growths: Mapping[str, Result] = _section(results, "scaling").get("growth", {})
    spans = [g for g in growths.values() if g]
    grow = [g.get("harness_overhead_per_path_s_growth") for g in spans]
    verdicts.append({
        "target": "cost per to-head path grows <= 20% from N = 10 to N = 500",
        "measured": "; ".join(
            f"{engine} (N {g['from_versions']}->{g['to_versions']}): overhead/path "
            f"{g.get('harness_overhead_per_path_s_growth')} (CPU {g.get('harness_overhead_cpu_per_path_s_growth')}), "
            f"total/path {g.get('harness_per_path_s_growth')}"
            for engine, g in growths.items() if g) or "not measured",
        "met": _all(grow, lambda v: v <= 0.20) if spans and all(
            g["from_versions"] <= 10 and g["to_versions"] >= 500 for g in spans) else None,
    })

    first: Mapping[str, Result] = _section(results, "first_result")
    verdicts.append({
        "target": "time to first result <= 3 s, empty template cache; <= 1.5 s warm (templates kept); no Docker",
        "measured": "; ".join(f"{label}: {run.get('milestones_s', {}).get('first_case')} s"
                              for label, run in first.items()) or "not measured",
        "met": _first_result_met(first.values()),
    })

    scale: Mapping[str, Result] = _section(results, "data_scale")
    measured = {engine: figures for engine, figures in scale.items() if "ratios" in figures}
    over_scan = [figures["ratios"].get("check_over_value_scan") for figures in measured.values()]
    verdicts.append({
        "target": "data check <= 1.5 x one server-side scan of the rows (1,000,000-row Nightingale seed), both engines",
        "measured": "; ".join(
            f"{engine} ({figures['rows']:,} rows): check {figures['data_check']['wall_s']} s, value scan "
            f"{figures['value_scan']['wall_s']} s = {figures['ratios'].get('check_over_value_scan')}x; count(*) "
            f"{figures['count_scan']['wall_s']} s = {figures['ratios'].get('check_over_count_scan')}x; full row read "
            f"{figures.get('full_read', {}).get('wall_s')} s" for engine, figures in measured.items())
        or "not measured",
        "met": _all(over_scan, lambda v: v <= 1.5) if measured else None,
    })

    faults: Mapping[str, Result] = _section(results, "faults").get("engines", {})
    medians = [(figures["median_s"], figures["target_s"]) for figures in faults.values()]
    judged = bool(medians) and all(median is not None and target is not None for median, target in medians)
    verdicts.append({
        "target": "fault case median <= 0.5 s on PostgreSQL, <= 0.7 s on MariaDB (rollback, sampled, two versions)",
        "measured": "; ".join(f"{engine}: {figures['median_s']} s over {figures['cases']} cases "
                              f"(runner {figures['runner_median_s']} s)" for engine, figures in faults.items())
        or "not measured",
        "met": all(median <= target for median, target in medians) if judged else None,
    })
    return verdicts
