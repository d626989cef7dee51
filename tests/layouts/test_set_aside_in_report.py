"""Files a layout reader does not run are named in the run's report: report.json's environment lists each with its
reason, summary.md shows them (each one when few, counted by reason when many)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from harness.engines.server_api import Server
from harness.report.json_contract import Report
from harness.report.summary_md import render_summary

REPO = Path(__file__).resolve().parents[2]


def _verify(scenario: Path, report_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", "verify", "--scenario", str(scenario), "--engine", "postgresql@15",
         "--checks", "upgrade", "--report-dir", str(report_dir)],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def _environment(report_dir: Path) -> dict[str, Any]:
    environment: dict[str, Any] = json.loads((report_dir / "report.json").read_text())["environment"]
    return environment


def test_the_report_names_every_file_set_aside_and_why(tmp_path: Path, postgresql_server: Server) -> None:
    keyring = tmp_path / "keyring"
    shutil.copytree(REPO / "fixtures" / "pop", keyring)
    (keyring / "20240401000000_seed_plans.up.fizz").write_text("sql(\"INSERT INTO plans (name) VALUES ('free')\")\n")
    (keyring / "notes").mkdir()
    result = _verify(keyring, tmp_path / "report")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    listed = {entry["path"]: entry["reason"] for entry in _environment(tmp_path / "report")["set_aside"]}
    assert listed.keys() == {
        "20230601120000_add_key_name.sqlite3.up.sql", "20240401000000_seed_plans.up.fizz", "notes"
    }  # fmt: skip
    assert listed["20230601120000_add_key_name.sqlite3.up.sql"] == "no engine here runs SQLite"
    assert listed["20240401000000_seed_plans.up.fizz"].startswith("fizz is pop's own migration language")
    summary = (tmp_path / "report" / "summary.md").read_text()
    assert "### Files set aside (3, not run)" in summary
    assert "- `20230601120000_add_key_name.sqlite3.up.sql`: no engine here runs SQLite" in summary
    assert "set\\_aside" not in summary.split("### Environment")[1]  # not repeated as a raw environment row


def test_a_history_with_nothing_set_aside_reports_nothing(tmp_path: Path, postgresql_server: Server) -> None:
    result = _verify(REPO / "fixtures" / "per-dialect-numbering", tmp_path / "report")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "set_aside" not in _environment(tmp_path / "report")
    assert "Files set aside" not in (tmp_path / "report" / "summary.md").read_text()


def test_many_files_set_aside_are_counted_by_reason_in_the_summary() -> None:
    entries = [{"path": f"2020{i:010d}_x.sqlite3.up.sql", "reason": "no engine here runs SQLite"} for i in range(40)]
    entries += [
        {"path": f"2021{i:010d}_x.cockroach.up.sql", "reason": "no engine here runs CockroachDB"} for i in range(3)
    ]
    report = Report.from_json({
        "scenario": "kratos", "duration_s": 1.0, "engines": [], "cases": [],
        "summary": {"passed": 0, "failed": 0, "error": 0, "skipped": 0}, "environment": {"set_aside": entries},
    })  # fmt: skip
    summary = render_summary(report)
    assert "### Files set aside (43, not run)" in summary
    assert "- 40 files: no engine here runs SQLite (e.g. `20200000000000_x.sqlite3.up.sql`)" in summary
    assert "- 3 files: no engine here runs CockroachDB (e.g. `20210000000000_x.cockroach.up.sql`)" in summary
    assert "20200000000001_x" not in summary


def test_report_html_counts_the_files_set_aside_by_reason() -> None:
    from harness.report.environment import SET_ASIDE_LABEL, environment_rows
    from harness.report.json_contract import Report, Summary

    entries = [
        {"path": "0001_a.sqlite3.up.sql", "reason": "sqlite3-only"},
        {"path": "0002_b.sqlite3.up.sql", "reason": "sqlite3-only"},
        {"path": "0003_c.cockroach.up.sql", "reason": "cockroach-only"},
    ]
    report = Report(
        scenario="s", duration_s=0.0, engines=(), cases=(), summary=Summary(0, 0, 0, 0),
        environment={"set_aside": entries},
    )  # fmt: skip
    rows = dict(environment_rows(report))
    assert rows[SET_ASIDE_LABEL] == "3 (2 sqlite3-only, 1 cockroach-only; every file in report.json)"
    assert "set_aside" not in rows
