"""The run core without pytest: a selection validated once, the plan's one case id, `Run.execute` on real servers
(a correct history passes, a realistic defect fails with its diagnosis), typed results, and the checks' registry."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cases import CaseKind, Reads
from harness.checks import CHECKS, VERIFIERS
from harness.engines.server_api import Server
from harness.report.json_contract import (
    CaseRecord,
    Outcome,
    Report,
    case_from_json,
    case_to_json,
    statement_from_json,
)
from harness.run import Run, RunPlan, Selection, SelectionError, build_report, case_id, case_record
from harness.scenario import load_scenario

SHOP = Path(__file__).parent.parent / "defects" / "shop"
REPO = Path(__file__).parent.parent.parent
PG = "postgresql@15"


def _selection(**changes: object) -> Selection:
    given: dict[str, object] = {
        "scenario": str(SHOP), "engines": (PG,), "paths": "all-pairs", "checks": ("upgrade", "schema", "data"),
        "faults": "none", "seed_size": 10, "shard": None, "report_dir": None, "layout": "auto",
    }  # fmt: skip
    given.update(changes)
    return Selection(**given)  # type: ignore[arg-type]


def _harness(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "harness", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--checks", "rollback", "--faults", "bogus"), "--faults: 'bogus' is not one of none, sample, every-"),
        (("--checks", "schema,vibes"), "--checks: unknown check(s) vibes"),
        (("--shard", "0/2"), "--shard: '0/2' must be I/N"),
    ],
)
def test_a_bad_selection_is_one_message_and_exit_2_for_plan(args: tuple[str, ...], expected: str) -> None:
    result = _harness("plan", "--scenario", str(SHOP), "--engine", PG, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [f"upgrade-harness: error: {lines[0].removeprefix('upgrade-harness: error: ')}"], result.stderr
    assert expected in lines[0] and "Traceback" not in result.stderr + result.stdout


def test_pytest_options_go_through_the_same_validation(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--upgrade-only", f"--upgrade-scenario={SHOP}",
         f"--upgrade-engine={PG}", "--upgrade-checks=rollback", "--upgrade-faults=bogus", f"--rootdir={tmp_path}"],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "--faults: 'bogus' is not one of none, sample, every-statement" in result.stderr
    assert "Traceback" not in result.stderr


def test_selection_rejects_what_the_command_line_would() -> None:
    with pytest.raises(SelectionError, match="--faults: 'bogus'"):
        _selection(faults="bogus")
    with pytest.raises(SelectionError, match="unknown check"):
        _selection(checks=("vibes",))


def test_every_check_declares_itself_once() -> None:
    assert list(CHECKS) == [
        "upgrade", "schema", "data", "path", "parity", "idempotent", "rollback", "concurrency", "explore",
        "down_up", "models", "online", "compat", "rerun",
    ]  # fmt: skip
    for name, spec in CHECKS.items():
        assert spec.name == name and isinstance(spec.cases, CaseKind) and isinstance(spec.reads, Reads)
        assert spec.file.is_file() and spec.qualified_module == f"harness.checks.{spec.module}"
        assert VERIFIERS[name].__module__ == spec.qualified_module
    assert CHECKS["rollback"].cases is CaseKind.FAULTS and CHECKS["path"].reads is Reads.PATH_AND_DIRECT


def test_the_plan_ids_are_the_test_ids_pytest_collects(tmp_path: Path) -> None:
    selection = _selection(checks=("schema", "path", "rollback"), faults="sample", shard=(1, 2))
    plan = RunPlan.open(selection)
    planned = sorted(case_id(case) for case in plan.cases())
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--upgrade-only", f"--upgrade-scenario={SHOP}",
         f"--upgrade-engine={PG}", "--upgrade-paths=all-pairs", "--upgrade-checks=schema,path,rollback",
         "--upgrade-faults=sample", "--upgrade-shard=1/2", "--collect-only", "-q", f"--rootdir={tmp_path}"],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )  # fmt: skip
    ids = sorted(line for line in collected.stdout.splitlines() if line.startswith("harness/checks/"))
    assert ids == planned and len(planned) > 10, collected.stdout[-2000:]


def test_the_core_does_not_import_the_plugin() -> None:
    code = (
        "import sys, harness.run, harness.faults.boundaries, harness.checks\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('harness.plugin', 'harness.cli')))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.returncode == 0, result.stderr


def _run(directory: Path, server: Server) -> list[CaseRecord]:
    servers = {PG: server}
    selection = _selection(scenario=str(directory), checks=("upgrade", "schema", "data", "path"))
    run = Run(RunPlan.on_servers(selection, load_scenario(directory), servers), servers=servers)
    try:
        return run.execute()
    finally:
        run.close()


def test_a_correct_history_passes_without_pytest_running_it(postgresql_server: Server, tmp_path: Path) -> None:
    results = _run(shutil.copytree(SHOP, tmp_path / "shop"), postgresql_server)
    assert {result.outcome for result in results} == {"passed"}, [(r.id, r.message) for r in results]
    assert {result.check for result in results} == {"upgrade", "schema", "data", "path"}
    assert all(case_from_json(case_to_json(result)) == result for result in results)
    assert any(result.runner_s > 0 for result in results)


def test_a_forgotten_index_fails_the_schema_check_with_its_diagnosis(postgresql_server: Server, tmp_path: Path) -> None:
    directory = shutil.copytree(SHOP, tmp_path / "shop")
    script = directory / "migrations" / "v1.1.0" / "postgresql.upgrade.sql"
    text = script.read_text(encoding="utf-8")
    forgotten = "CREATE INDEX idx_orders_status ON orders (status);"
    assert forgotten in text
    script.write_text(text.replace(forgotten, "SELECT 1;", 1), encoding="utf-8")
    results = _run(directory, postgresql_server)
    failed = {(r.check, r.from_version, r.to_version) for r in results if r.outcome == "failed"}
    assert ("schema", "v1.0.0", "v1.1.0") in failed and {check for check, _, _ in failed} == {"schema"}
    message = next(r.message for r in results if r.outcome == "failed" and r.check == "schema")
    assert "idx_orders_status" in message and "missing" in message, message


def test_the_report_model_built_from_results_reads_back_from_its_json() -> None:
    run = Run(RunPlan.open(_selection(checks=("schema", "online", "rollback"), faults="sample")))
    impact = {
        "lock_wait_s": 1.5, "waiting_query": "orders by status", "lock": "AccessExclusiveLock on orders",
        "workload_queries": 40, "p99_s": 0.02, "max_latency_s": None, "errors": ["timeout"], "rewrote": ["orders"],
        "blocking": True,
    }  # fmt: skip
    statement = {"version": "v1.1.0", "step": 2, "statement": "CREATE INDEX ...", "seconds": 0.3, "online": impact}
    outcomes: tuple[Outcome, ...] = ("passed", "failed", "skipped", "error")
    try:
        for number, case in enumerate(run.plan.cases()):
            statements = (statement_from_json(statement),) if case.check == "online" else ()
            result = case_record(case, outcomes[number % 4], 0.5, 0.25, f"message {number}", statements)
            run.record(case_from_json(case_to_json(result)))
        report = build_report(run, 12.0)
    finally:
        run.close()
    assert {case.check for case in report.cases} == {"schema", "online", "rollback"}
    assert any(case.fault is not None and case.fault.after_last for case in report.cases)
    assert any(case.statements and case.statements[0].online is not None for case in report.cases)
    assert Report.from_json(report.to_json()) == report
    assert report.summary.total == len(report.cases) == len(run.plan.cases())
