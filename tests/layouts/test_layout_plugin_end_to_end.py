"""The plugin on a foreign history, end to end in a separate pytest process: the checks pass on the Ticketbox history
and the `down_up` check fails, with a diagnosis, on a history whose undo file forgets what its up file did."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FOREIGN = REPO / "fixtures" / "foreign"
CHECKS = "upgrade,schema,idempotent,down_up"

pytestmark = pytest.mark.slow


def run_plugin(
    pytest_command: list[str], scenario: Path, report_dir: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*pytest_command, "-q", f"--upgrade-scenario={scenario}", "--upgrade-layout=auto",
         "--upgrade-engine=postgresql@15", f"--upgrade-checks={CHECKS}", f"--upgrade-report-dir={report_dir}", *extra],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )


def outcomes(report_dir: Path) -> Counter[tuple[str, str]]:
    report = json.loads((report_dir / "report.json").read_text())
    return Counter((case["check"], case["outcome"]) for case in report["cases"])


def test_flyway_history_passes_every_check_on_postgresql(tmp_path: Path, plugin_pytest: list[str]) -> None:
    completed = run_plugin(plugin_pytest, FOREIGN / "flyway", tmp_path)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-2000:]
    counts = outcomes(tmp_path)
    # 8 releases: 7 paths to head, each checked four ways
    assert counts == Counter({(check, "passed"): 7 for check in CHECKS.split(",")})


def test_down_up_catches_an_undo_that_forgets_a_change(
    tmp_path: Path, foreign_copy: Callable[[str], Path], plugin_pytest: list[str]
) -> None:
    root = foreign_copy("flyway")
    undo = next((root / "postgresql").glob("U16__widen_issue_title.sql"))
    undo.write_text("-- widening a column is harmless; nothing to undo\n")
    completed = run_plugin(plugin_pytest, root, tmp_path / "report", "-k", "down_up")
    assert completed.returncode == 1, completed.stdout[-3000:]
    counts = outcomes(tmp_path / "report")
    # release 2023.4 widens the title: every path that crosses it fails, the later ones pass
    assert counts[("down_up", "failed")] == 3
    assert counts[("down_up", "passed")] == 4
    assert "up, down, up between 2023.1 and 2025.1 is not consistent: schema after the rollback" in completed.stdout
    assert "issues" in completed.stdout and "title" in completed.stdout
    assert "varchar(500)" in completed.stdout or "character varying(500)" in completed.stdout
