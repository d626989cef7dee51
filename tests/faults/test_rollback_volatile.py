"""Rollback and rerun with the declared volatile columns, on the billing history (fixtures/volatile) whose
migrations stamp rows from the clock: a faulted upgrade ends where a fault-free one ends and is back at the previous
version, and a data step run twice changes nothing, when the columns are declared; undeclared, the stamps of two
runs differ and the case names the column."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow
BILLING = Path(__file__).resolve().parents[2] / "fixtures" / "volatile"
CASES = "crash@v1.2.0#"  # every crash boundary of the version that stamps updated_at and writes the audit log


def rollback(scenario: Path, engine: str, tmp_path: Path) -> dict[str, Any]:
    report_dir = tmp_path / "report"
    subprocess.run(
        [sys.executable, "-m", "harness", "verify", "--scenario", str(scenario), "--engine", engine,
         "--checks", "rollback", "--faults", "every-statement", "--case", CASES, "--report-dir", str(report_dir)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    report: dict[str, Any] = json.loads((report_dir / "report.json").read_text())
    return report


@pytest.mark.parametrize("engine", ["postgresql@15", "mariadb@10.11"])
def test_declared_clock_columns_pass_rollback(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue("postgresql_server" if engine.startswith("postgresql") else "mariadb_server")
    report = rollback(BILLING, engine, tmp_path)
    outcomes = {case["id"]: case["outcome"] for case in report["cases"]}
    assert outcomes and set(outcomes.values()) <= {"passed", "skipped"}, [
        case["message"][:800] for case in report["cases"] if case["outcome"] != "passed"
    ]
    assert "passed" in outcomes.values()


def test_undeclared_the_second_run_stamps_other_values(tmp_path: Path, postgresql_server: object) -> None:
    scenario = Path(shutil.copytree(BILLING, tmp_path / "billing"))
    manifest = scenario / "scenario.toml"
    manifest.write_text(re.sub(r"(?ms)^\[volatile\].*", "", manifest.read_text()))
    report = rollback(scenario, "postgresql@15", tmp_path)
    failed = [case for case in report["cases"] if case["outcome"] == "failed"]
    assert failed, report["summary"]
    assert all("updated_at" in case["message"] or "created_at" in case["message"] for case in failed), failed[0]


def test_rerun_compares_the_declared_clock_columns_by_kind(tmp_path: Path, postgresql_server: object) -> None:
    def run_rerun(scenario: Path, where: Path) -> dict[str, str]:
        where.mkdir()
        subprocess.run(
            [sys.executable, "-m", "harness", "verify", "--scenario", str(scenario), "--engine", "postgresql@15",
             "--checks", "rerun", "--report-dir", str(where / "report")],
            cwd=where, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        cases = json.loads((where / "report" / "report.json").read_text())["cases"]
        return {case["to"]: case["message"] if case["outcome"] == "failed" else case["outcome"] for case in cases}

    assert set(run_rerun(BILLING, tmp_path / "declared").values()) == {"passed"}
    undeclared = Path(shutil.copytree(BILLING, tmp_path / "billing"))
    manifest = undeclared / "scenario.toml"
    manifest.write_text(re.sub(r"(?ms)^\[volatile\].*", "", manifest.read_text()))
    stamped = run_rerun(undeclared, tmp_path / "undeclared")["v1.2.0"]  # its backfill stamps updated_at = now()
    assert "change data when run a second time" in stamped and "updated_at" in stamped, stamped
