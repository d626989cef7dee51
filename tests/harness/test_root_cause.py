"""One root cause, one failure: a fresh install that fails is reported once, the cases it also breaks point at it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.engines import Server

SHOP = Path(__file__).parent.parent / "defects" / "shop"


def verify(scenario: Path, report_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", "verify", "--scenario", str(scenario), "--engine", "postgresql@15",
         "--checks", "upgrade,schema,data,idempotent", "--report-dir", str(report_dir)],
        cwd=cwd, capture_output=True, text=True, timeout=600, check=False,
    )


@pytest.mark.usefixtures("postgresql_server")
def test_a_broken_fresh_install_fails_one_case_and_the_others_name_it(tmp_path: Path) -> None:
    scenario = Path(shutil.copytree(SHOP, tmp_path / "shop"))
    install = scenario / "migrations" / "v2.0.0" / "postgresql.install.sql"
    install.write_text(install.read_text() + "\nINSERT INTO no_such_table VALUES (1);\n")

    result = verify(scenario, tmp_path / "report", tmp_path)

    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    cases = json.loads((tmp_path / "report" / "report.json").read_text())["cases"]
    (failed,) = [case for case in cases if case["outcome"] == "failed"]
    assert "fresh install of v2.0.0 failed on postgresql@15" in failed["message"]
    assert "no_such_table" in failed["message"]
    dependents = [case for case in cases if case["outcome"] == "skipped"]
    assert dependents, cases
    for case in dependents:
        assert case["message"] == (
            f"the fresh install of v2.0.0 on postgresql@15 failed; reported once, by {failed['id']}"
        ), case
    # The upgrades themselves do not need the fresh install and still run.
    assert {case["check"] for case in cases if case["outcome"] == "passed"} >= {"upgrade"}
    # The runner's error is printed with the one failure only: its section, and again in pytest's short summary.
    assert result.stdout.count("no_such_table") <= 2 * failed["message"].count("no_such_table"), result.stdout


def test_the_same_history_unbroken_has_no_failure(tmp_path: Path, postgresql_server: Server) -> None:
    result = verify(SHOP, tmp_path / "report", tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    summary = json.loads((tmp_path / "report" / "report.json").read_text())["summary"]
    assert summary["failed"] == summary["skipped"] == 0 and summary["passed"] > 0, summary
