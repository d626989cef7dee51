"""Path sampling, the -k expression for sampled verify runs, the targets and the Markdown figures (no servers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.paths import keyword_expression, select_paths, spread
from benchmarks.report import END, START, write_markdown
from benchmarks.targets import judge
from benchmarks.timing import measure


def test_spread_keeps_first_and_last_and_is_deterministic() -> None:
    items = list(range(100))
    assert spread(items, 5) == [0, 25, 50, 74, 99]
    assert spread(items, 5) == spread(items, 5)
    assert spread(items, 0) == items
    assert spread([1, 2], 5) == [1, 2]


def test_sampled_to_head_keeps_the_mean_path_length() -> None:
    versions = tuple(f"v{i}.0.0" for i in range(1, 501))
    selection = select_paths(versions, "to-head", 12)
    assert selection.sampled and selection.total == 499 and len(selection.paths) == 12
    starts = [versions.index(path.start) for path in selection.paths]
    assert starts[0] == 0 and starts[-1] == 498
    assert abs(sum(starts) / len(starts) - 249) < 10


def test_keyword_expression_selects_exactly_the_sampled_paths() -> None:
    versions = tuple(f"v{i}.0.0" for i in range(1, 13))
    selection = select_paths(versions, "all-pairs", 5)
    expression = keyword_expression(selection)
    assert expression is not None
    for path in selection.paths:
        assert f"({path.start}- and {path.target}])" in expression
    assert keyword_expression(select_paths(versions, "to-head", 0)) is None


def test_targets_are_judged_from_the_results(tmp_path: Path) -> None:
    lap, _ = measure(lambda: None)
    entry = {"versions": 50, "mode": "to-head", "engine": "postgresql@15", "paths": 49, "paths_total": 49,
             "sampled": False, "harness": {"wall_s": 20.0, "floor_s": 10.0, "per_path_s": 0.4,
                                           "overhead_per_path_s": 0.2, "load": list(lap.load)},
             "ratios": {"harness_over_floor": 2.0, "cli_over_floor": 1.4, "naive_over_harness": 12.0}}
    results = {"scaling": {"results": {"entries": [entry], "growth": {}}},
               "first_result": {"results": {"pg": {"milestones_s": {"first_case": 2.5}, "wall_s": 9.0}}}}
    # floor ratio (judged on the CLI run), naive ratio, growth (needs N 10 and 500), first result, data scale, faults
    assert [verdict["met"] for verdict in judge(results)] == [True, True, None, True, None, None]
    scale = {"rows": 2_900_000, "data_check": {"wall_s": 7.9}, "value_scan": {"wall_s": 5.2},
             "count_scan": {"wall_s": 1.0}, "ratios": {"check_over_value_scan": 1.52, "check_over_count_scan": 7.9}}
    judged = judge({**results, "data_scale": {"results": {"mariadb@10.11": scale}}})
    assert judged[4]["met"] is False and "1.52x" in judged[4]["measured"]
    fast = {"median_s": 0.4, "target_s": 0.5, "cases": 59, "runner_median_s": 0.05}
    slow = {"median_s": 0.9, "target_s": 0.7, "cases": 59, "runner_median_s": 0.2}
    both = {"engines": {"postgresql@15": fast, "mariadb@10.11": slow}}
    assert judge({**results, "faults": {"results": both}})[5]["met"] is False
    assert judge({**results, "faults": {"results": {"engines": {"postgresql@15": fast}}}})[5]["met"] is True
    # First result: cold against 3 s, warm against 1.5 s; a warm run of 2 s fails although a cold one would pass.
    def first(cold_s: float, warm_s: float | None) -> dict[str, Any]:
        runs = {"pg cold": {"milestones_s": {"first_case": cold_s}, "temperature": "cold"},
                "pg warm": {"milestones_s": {"first_case": warm_s}, "temperature": "warm"}}
        return {**results, "first_result": {"results": runs}}
    assert judge(first(2.9, 1.4))[3]["met"] is True
    assert judge(first(2.9, 2.0))[3]["met"] is False
    assert judge(first(3.1, 1.0))[3]["met"] is False
    assert judge(first(2.9, None))[3]["met"] is None
    target = tmp_path / "RESULTS.md"
    target.write_text(f"# Results\n\nprose before\n\n{START}\nold\n{END}\n\nprose after\n")
    write_markdown(results, target)
    text = target.read_text()
    assert "prose before" in text and "prose after" in text and "old" not in text
    assert "| 50 | to-head | postgresql@15 | 49 |" in text
