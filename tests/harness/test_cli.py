"""`upgrade-harness` end to end: real servers, the shop scenario, the report contract, exit codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.engines import Server

SHOP = Path(__file__).parent.parent / "defects" / "shop"
ENGINES = ("--engine", "postgresql@15", "--engine", "mariadb@10.11")
# The session's server proves the engine runs here on the provider `verify` picks first; else the test is skipped.
needs_postgresql = pytest.mark.usefixtures("postgresql_server")
CONTRACT_CASE_KEYS = {"id", "engine", "check", "from", "to", "path", "fault", "outcome", "duration_s", "runner_s",
                      "message"}


def harness(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harness", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def report(directory: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((directory / "report.json").read_text())
    return loaded


@pytest.fixture(scope="module")
def both_engines(postgresql_server: Server, mariadb_server: Server) -> None:
    """Both engines of ENGINES, as `needs_postgresql` for one."""


@pytest.fixture(scope="module")
def all_pairs_run(
    both_engines: None, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("all-pairs")
    result = harness("verify", "--scenario", str(SHOP), *ENGINES, "--paths", "all-pairs", "--report-dir", str(out))
    return result, out


def test_verify_all_pairs_passes_and_writes_the_contract(all_pairs_run: tuple[Any, Path]) -> None:
    result, out = all_pairs_run
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert {p.name for p in out.iterdir()} >= {"report.json", "junit.xml", "report.html", "matrix.png", "summary.md"}
    data = report(out)
    assert data["scenario"] == "shop" and data["duration_s"] > 0
    assert {e["spec"] for e in data["engines"]} == {"postgresql@15", "mariadb@10.11"}
    assert all(e["provider"] == "local" and e["server_version"] for e in data["engines"])
    for case in data["cases"]:
        assert set(case) >= CONTRACT_CASE_KEYS
        assert case["outcome"] == "passed" and case["runner_s"] > 0 and case["fault"] is None
    per_path = {(c["engine"], c["check"], c["from"], c["to"]) for c in data["cases"] if c["check"] != "path"}
    # 4 versions: 6 pairs; 2 engines x 4 single-engine checks, plus parity over the engine pair.
    assert len(per_path) == 6 * 2 * 4 + 6
    assert data["summary"] == {"passed": len(data["cases"]), "failed": 0, "error": 0, "skipped": 0}
    ids = {c["id"].split("::")[1] for c in data["cases"]}
    assert "test_schema[postgresql@15-v1.0.0->v2.0.0]" in ids
    assert "test_path[mariadb@10.11-v1.0.0->v1.1.0->v1.2.0->v2.0.0]" in ids


@needs_postgresql
def test_a_broken_history_exits_1_with_the_diagnosis(tmp_path: Path) -> None:
    broken = tmp_path / "shop"
    shutil.copytree(SHOP, broken)
    script = broken / "migrations" / "v1.1.0" / "postgresql.upgrade.sql"
    script.write_text(script.read_text().replace("DEFAULT ''", "DEFAULT 'unknown'"))
    out = tmp_path / "out"
    result = harness("verify", "--scenario", str(broken), "--engine", "postgresql@15", "--checks", "schema",
                     "--report-dir", str(out))
    assert result.returncode == 1, result.stdout[-2000:]
    failed = [c for c in report(out)["cases"] if c["outcome"] == "failed"]
    assert {(c["from"], c["to"]) for c in failed} == {("v1.0.0", "v2.0.0")}
    assert "customers: column phone: expected default=''" in failed[0]["message"]


def test_two_shards_merged_equal_one_unsharded_run(all_pairs_run: tuple[Any, Path], tmp_path: Path) -> None:
    _, whole = all_pairs_run
    for shard in ("1/2", "2/2"):
        result = harness("verify", "--scenario", str(SHOP), *ENGINES, "--paths", "all-pairs", "--shard", shard,
                         "--report-dir", str(tmp_path / shard.replace("/", "-")))
        assert result.returncode == 0, result.stdout[-2000:]
    sizes = [len(report(tmp_path / name)["cases"]) for name in ("1-2", "2-2")]
    assert min(sizes) > 0
    merged = harness("report", "merge", str(tmp_path / "1-2"), str(tmp_path / "2-2"), "--out", str(tmp_path / "m"))
    assert merged.returncode == 0, merged.stderr
    outcome = {(c["id"], c["outcome"]) for c in report(tmp_path / "m")["cases"]}
    assert outcome == {(c["id"], c["outcome"]) for c in report(whole)["cases"]}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("postgresql@99", "postgresql@99"),
        ("oracle@1", "oracle"),
        ("postgresql://user:secret@/nodb?host=", "postgresql"),
        ("postgresql://user:secret@127.0.0.1:9/db", "127.0.0.1"),
    ],
)
def test_bad_engine_specs_exit_2_with_one_message(spec: str, expected: str) -> None:
    result = harness("verify", "--scenario", str(SHOP), "--engine", spec)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) >= 1 and lines[0].startswith("upgrade-harness: error:") and expected in result.stderr
    assert "secret" not in result.stderr + result.stdout


def test_unknown_scenario_and_bad_selection_exit_2() -> None:
    assert harness("verify", "--scenario", "no-such-product").returncode == 2
    assert harness("verify", "--scenario", str(SHOP), "--paths", "sideways").returncode == 2
    assert harness("verify", "--scenario", str(SHOP), "--checks", "vibes").returncode == 2
    assert harness("verify", "--scenario", str(SHOP), "--shard", "3/2").returncode == 2


def test_plan_counts_cases_without_starting_servers() -> None:
    result = harness("plan", "--scenario", str(SHOP), *ENGINES, "--paths", "all-pairs", "--checks", "schema,parity")
    assert result.returncode == 0, result.stderr
    assert "18 cases" in result.stdout  # 6 paths x 2 engines + 6 parity


def test_plan_counts_the_cases_of_one_shard() -> None:
    selection = ("plan", "--scenario", str(SHOP), *ENGINES, "--paths", "all-pairs", "--checks", "schema,parity")
    counts = []
    for shard in ("1/2", "2/2"):
        result = harness(*selection, "--shard", shard)
        assert result.returncode == 0, result.stderr
        match = re.search(rf"(\d+) cases \(all-pairs, shard {shard}\)", result.stdout)
        assert match is not None, result.stdout
        counts.append(int(match.group(1)))
    assert sum(counts) == 18 and min(counts) == 9


@needs_postgresql
def test_pytest_directly_with_a_marker_selects_one_family(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--upgrade-only", f"--upgrade-scenario={SHOP}",
         "--upgrade-engine=postgresql@15", "-m", "schema", "-q", f"--rootdir={tmp_path}"],
        capture_output=True, text=True, timeout=600, cwd=Path(__file__).parent.parent.parent,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "3 passed" in result.stdout


@needs_postgresql
def test_verify_with_a_node_id_runs_only_that_case(tmp_path: Path) -> None:
    node = "harness/checks/schema_matches_fresh_install.py::test_schema[postgresql@15-v1.1.0->v2.0.0]"
    result = harness("verify", "--scenario", str(SHOP), "--engine", "postgresql@15", "--checks", "schema",
                     "--report-dir", str(tmp_path), "--", node, cwd=Path(__file__).parent.parent.parent)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    cases = report(tmp_path)["cases"]
    assert [(case["from"], case["to"]) for case in cases] == [("v1.1.0", "v2.0.0")], cases


@needs_postgresql
def test_under_xdist_the_report_names_the_servers_the_workers_ran(tmp_path: Path) -> None:
    result = harness("verify", "--scenario", str(SHOP), "--engine", "postgresql@15", "--checks", "schema",
                     "--report-dir", str(tmp_path), "--", "-n", "2", cwd=Path(__file__).parent.parent.parent)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (engine,) = report(tmp_path)["engines"]
    assert engine["provider"] == "local" and engine["server_version"].startswith("15."), engine


def test_plan_shows_fault_cases_as_boundaries_times_kinds() -> None:
    result = harness("plan", "--scenario", str(SHOP), "--engine", "postgresql@15", "--checks", "rollback",
                     "--faults", "every-statement")
    assert result.returncode == 0, result.stderr
    match = re.search(r"rollback\s*│\s*postgresql@15\s*│\s*(\d+)\s*│\s*(\d+) boundaries x 4 kinds", result.stdout)
    assert match is not None, result.stdout
    assert int(match.group(1)) == 4 * int(match.group(2)) > 0
