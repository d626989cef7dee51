"""The benchmark code runs end to end at tiny N on real servers (no timing is asserted, only that it measured)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.__main__ import main
from benchmarks.cli_run import run_verify
from benchmarks.inprocess import run_harness
from benchmarks.naive import Rows, lost_rows, run_naive
from benchmarks.paths import keyword_expression, select_paths
from benchmarks.reflection import compare_readers
from benchmarks.scaling import history
from harness.engines import SqlServer
from harness.engines.server_api import Server
from harness.runners import runner_for


def test_harness_and_naive_agree_that_a_correct_history_passes(server: Server, tmp_path: Path) -> None:
    scenario = history(tmp_path, 4)
    paths = select_paths(scenario.versions, "all-pairs", 0).paths
    harness = run_harness(scenario, server, paths, seed_size=5)
    naive = run_naive(scenario, server, paths, seed_size=5)
    assert harness.failures == () and naive.failures == ()
    assert harness.paths == naive.paths == 6
    assert harness.floor_s > 0 and naive.floor_s > 0 and naive.runner_s > naive.floor_s
    assert isinstance(server, SqlServer) and not server.created_databases, "every scratch database is dropped"


def test_naive_data_comparison_reports_a_changed_value() -> None:
    key: tuple[object, ...] = (1,)
    before: Rows = {"t0": {key: {"id": 1, "name": "a"}}}
    after: Rows = {"t0": {key: {"id": 1, "name": "b"}}}
    assert lost_rows(before, after, frozenset()) == ["t0 (1,).name: 'a' -> 'b'"]
    assert lost_rows(before, after, frozenset({"t0.name"})) == []


def test_readers_read_the_same_tables(server: Server, tmp_path: Path) -> None:
    scenario = history(tmp_path, 6)
    database = server.create_database()
    try:
        assert runner_for(scenario).install(server.url(database), scenario.head).ok
        result = compare_readers(server, database, repeats=1)
    finally:
        server.drop_database(database)
    assert result["tables"] == 5 + 3  # four base tables, one made at v5, and migrator's three
    assert result["same_tables"] is True


def test_sampled_verify_run_reports_only_the_sampled_paths(postgresql_server: Server, tmp_path: Path) -> None:
    scenario = history(tmp_path, 6)
    selection = select_paths(scenario.versions, "to-head", 2)
    run = run_verify(scenario.root, ["postgresql@15"], "to-head", tmp_path / "report", 5,
                     keyword=keyword_expression(selection))
    assert run.exit_code == 0, run.stderr_tail
    assert run.paths == 2 and run.summary["passed"] == 4
    assert set(run.milestones) == {"pytest_configured", "collected", "first_case"}


def test_main_writes_results(postgresql_server: Server, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    code = main(["--only", "scaling", "--sizes", "3", "--engine", "postgresql@15", "--no-cli", "--seed-size", "5",
                 "--out", str(out), "--work-dir", str(tmp_path / "work")], emit=lambda results: None)
    assert code == 0
    results = json.loads(out.read_text())
    entries = results["scaling"]["results"]["entries"]
    assert [(e["versions"], e["mode"]) for e in entries] == [(3, "to-head"), (3, "all-pairs")]
    assert all(e["harness"]["failures"] == [] and e["naive"]["failures"] == [] for e in entries)
