"""Rollback and the declared volatile columns: a faulted upgrade of the billing history (fixtures/volatile), whose
migrations stamp rows from the clock, ends where a fault-free upgrade ends and is back at the previous version when
the columns are declared; undeclared, the stamps of two runs differ and the case names the column."""

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
