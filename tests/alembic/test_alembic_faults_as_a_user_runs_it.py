"""Statement faults of an Alembic project the way a user runs them: `upgrade-harness verify --checks rollback
--faults sample` from a directory of their own, against the project's alembic.ini."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.cases import FAULT_KINDS
from tests.alembic.courier_project import copy_of_courier


def test_verify_rollback_with_sampled_faults_reports_the_renumbered_placeholders(tmp_path: Path) -> None:
    command = shutil.which("upgrade-harness")
    if command is None:
        pytest.skip("the upgrade-harness entry point is not installed in this environment")
    project = copy_of_courier(tmp_path / "project")
    ran = subprocess.run(
        [command, "verify", "--scenario", str(project / "alembic.ini"), "--engine", "postgresql@15",
         "--checks", "rollback", "--faults", "sample", "--report-dir", "report"],
        cwd=tmp_path, capture_output=True, text=True, timeout=1200, check=False,
    )  # fmt: skip
    # the one finding on PostgreSQL (docs/alembic.md, "Faults"): exit 1, the gate failed
    assert ran.returncode == 1, ran.stdout[-3000:] + ran.stderr[-3000:]
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    cases = report["cases"]
    assert {case["check"] for case in cases} == {"rollback"}
    failed = {f"{c['fault']['kind']}@{c['fault']['version']}" for c in cases if c["outcome"] == "failed"}
    assert failed == {f"{kind}@r08a_address_placeholders" for kind in FAULT_KINDS}
    assert all(c["fault"].get("after_last") for c in cases if c["outcome"] == "failed")
    passed = [c for c in cases if c["outcome"] == "passed"]
    assert len(passed) > 50
    summary = (tmp_path / "report" / "summary.md").read_text(encoding="utf-8")
    assert "4 cases failed" in summary
    diagnosis = json.dumps(next(c for c in cases if c["outcome"] == "failed"))
    assert "the upgrade after the failed attempt differs from an upgrade that never failed" in diagnosis
    assert "addresses [" in diagnosis
