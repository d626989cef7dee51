"""The release gate when a requested engine cannot run: it fails with one line saying why, unless told to allow it.

`mysql@8.0:docker` on a machine without a Docker daemon cannot run; a gate that passes on it passes on nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .installed import Completed, InstalledHarness
from .outcomes import report
from .user_project import write_scenario

pytestmark = pytest.mark.slow
MISSING = "mysql@8.0:docker"


def verify(installed: InstalledHarness, tmp_path: Path, *args: str) -> tuple[Completed, Path]:
    """`verify` on a machine without Docker: the venv has no Docker extra, and DOCKER_HOST leads nowhere."""
    scenario = write_scenario(tmp_path / "db")
    reports = tmp_path / "report"
    no_docker = {"DOCKER_HOST": f"unix://{tmp_path / 'no-docker.sock'}"}
    done = installed.run(
        "upgrade-harness", "verify", "--scenario", str(scenario), "--checks", "upgrade,schema", "--seed-size", "20",
        "--report-dir", str(reports), *args, cwd=tmp_path, timeout_s=600, env=no_docker,
    )
    return done, reports


def reason_lines(done: Completed) -> list[str]:
    """Lines of the gate's verdict that say the requested engine did not run (pytest's skip list aside)."""
    return [line for line in done.output.splitlines() if "mysql@8.0" in line and "could not run" in line]


def summary_text(reports: Path) -> str:
    summary = reports / "summary.md"
    return summary.read_text() if summary.exists() else ""


def test_an_all_skipped_run_fails_the_gate_with_one_line(installed: InstalledHarness, tmp_path: Path) -> None:
    done, reports = verify(installed, tmp_path, "--engine", MISSING)
    assert done.returncode == 1, done.describe()
    assert "Traceback" not in done.output, done.describe()
    lines = reason_lines(done)
    assert len(lines) == 1, f"expected one line naming mysql@8.0 and why, got {lines}\n{done.describe()}"
    assert "docker" in lines[0].lower(), lines[0]
    assert "all passed" not in summary_text(reports), summary_text(reports)


@pytest.mark.usefixtures("local_postgresql")
def test_a_missing_engine_fails_the_gate_even_when_others_ran(installed: InstalledHarness, tmp_path: Path) -> None:
    done, reports = verify(installed, tmp_path, "--engine", "postgresql@15:local", "--engine", MISSING)
    assert done.returncode == 1, done.describe()
    assert len(reason_lines(done)) == 1, done.describe()
    assert "all passed" not in summary_text(reports), summary_text(reports)


@pytest.mark.usefixtures("local_postgresql")
def test_allow_missing_engine_passes_and_the_summary_says_so(installed: InstalledHarness, tmp_path: Path) -> None:
    done, reports = verify(
        installed, tmp_path, "--engine", "postgresql@15:local", "--engine", MISSING, "--allow-missing-engine"
    )
    assert done.returncode == 0, done.describe()
    summary = summary_text(reports)
    assert "mysql@8.0" in summary, summary
    mentions = [line for line in summary.splitlines() if "mysql@8.0" in line and "allow" in line.lower()]
    assert mentions, f"summary.md does not say that mysql@8.0 was allowed to be missing:\n{summary}"
    ran = [case for case in report(reports)["cases"] if case["outcome"] == "passed"]
    assert ran, "no case ran on postgresql@15"


def test_allow_missing_engine_does_not_pass_a_run_where_nothing_ran(
    installed: InstalledHarness, tmp_path: Path
) -> None:
    done, reports = verify(installed, tmp_path, "--engine", MISSING, "--allow-missing-engine")
    assert done.returncode == 1, done.describe()
    assert "Traceback" not in done.output, done.describe()
    assert "all passed" not in summary_text(reports), summary_text(reports)
