"""Courier the way a user runs it: the installed `upgrade-harness` command from a directory of their own, and
`pytest --upgrade-scenario alembic.ini` inside their own suite (their test collected beside the cases)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.alembic.courier_project import copy_of_courier, plant

ENGINES = ("--engine", "postgresql@15", "--engine", "mariadb@10.11")


def _command() -> str:
    found = shutil.which("upgrade-harness")
    if found is None:
        pytest.skip("the upgrade-harness entry point is not installed in this environment")
    return found


def test_verify_passes_on_the_correct_history_and_fails_on_a_lossy_downgrade(tmp_path: Path) -> None:
    project = copy_of_courier(tmp_path / "correct")
    checks = ("--checks", "upgrade,schema,data,models,down_up")
    ran = subprocess.run(
        [_command(), "verify", "--scenario", str(project / "alembic.ini"), *ENGINES, *checks, "--report-dir", "ok"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    report = json.loads((tmp_path / "ok" / "report.json").read_text(encoding="utf-8"))
    assert {case["check"] for case in report["cases"]} == {"upgrade", "schema", "data", "models", "down_up"}

    broken = copy_of_courier(tmp_path / "broken")
    plant(broken, "lossy-weight-downgrade")
    ran = subprocess.run(
        [_command(), "verify", "--scenario", str(broken), *ENGINES, "--checks", "down_up", "--report-dir", "bad"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stdout[-3000:] + ran.stderr[-3000:]
    summary = (tmp_path / "bad" / "summary.md").read_text(encoding="utf-8")
    assert "weight_grams: before " in summary and ", after 0" in summary


def test_pytest_runs_the_users_tests_and_the_cases_together(tmp_path: Path) -> None:
    project = copy_of_courier(tmp_path)
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_app.py").write_text("def test_the_app():\n    assert True\n", encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n", encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA",
         f"--upgrade-scenario={project / 'alembic.ini'}", "--upgrade-engine=postgresql@15",
         "--upgrade-checks=upgrade,models", "-q"],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    # the user's test, and upgrade and models on the four paths to head
    assert "9 passed" in ran.stdout
    assert "PASSED tests/test_app.py::test_the_app" in ran.stdout
