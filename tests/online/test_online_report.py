"""The online checks through the plugin, in a separate pytest process: each statement's workload impact reaches
report.json and report.html, and the online matrix marks the step that blocked the workload."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from harness.online.__main__ import main as online_main
from harness.report.json_contract import Report

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory, plugin_pytest: list[str]) -> Path:
    """The events scenario on PostgreSQL 15, checks online and compat over every step; returns the report directory.

    The rewrite in v1.2.0 is slow by construction (twenty rows converted through a function that sleeps 0.1 s),
    so a small seed keeps it blocking while the run stays quick.
    """
    root = tmp_path_factory.mktemp("online-report")
    scenario = Path(shutil.copytree(Path(__file__).parent / "events", root / "events"))
    manifest = scenario / "scenario.toml"
    manifest.write_text(manifest.read_text().replace("seed_size = 200000", "seed_size = 2000"))
    out = root / "report"
    completed = subprocess.run(
        [*plugin_pytest, "-q", f"--upgrade-scenario={scenario}", "--upgrade-engine=postgresql@15:local",
         "--upgrade-checks=online,compat", f"--upgrade-report-dir={out}"],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert completed.returncode == 1, completed.stdout[-3000:] + completed.stderr[-2000:]
    return out


def cases(report_dir: Path) -> dict[tuple[str, str, str], dict[str, Any]]:
    report = json.loads((report_dir / "report.json").read_text())
    return {(case["check"], case["from"], case["to"]): case for case in report["cases"]}


def test_outcomes_per_step(report_dir: Path) -> None:
    outcomes = {key: case["outcome"] for key, case in cases(report_dir).items()}
    assert outcomes == {
        ("online", "v1.0.0", "v1.1.0"): "passed",  # CREATE INDEX CONCURRENTLY
        ("online", "v1.1.0", "v1.2.0"): "failed",  # the type change rewrites event under ACCESS EXCLUSIVE
        ("online", "v1.2.0", "v1.3.0"): "failed",  # v1.2.0 reads host.note, which v1.3.0 drops
        ("compat", "v1.0.0", "v1.1.0"): "passed",
        ("compat", "v1.1.0", "v1.2.0"): "passed",
        ("compat", "v1.2.0", "v1.3.0"): "failed",
    }


def test_report_json_carries_each_statements_workload_impact(report_dir: Path) -> None:
    found = cases(report_dir)
    (build,) = found[("online", "v1.0.0", "v1.1.0")]["statements"]
    assert build["statement"].startswith("CREATE INDEX CONCURRENTLY idx_event_fired")
    assert build["online"]["blocking"] is False and build["online"]["rewrote"] == []
    assert build["online"]["lock_wait_s"] < 0.25 and build["online"]["errors"] == []
    (rewrite,) = found[("online", "v1.1.0", "v1.2.0")]["statements"]
    impact = rewrite["online"]
    assert rewrite["version"] == "v1.2.0" and rewrite["step"] == 1
    assert impact["blocking"] is True and impact["lock_wait_s"] > 0.25
    assert impact["waiting_query"] in ("insert an event", "list events of a host", "record a heartbeat")
    assert "event" in impact["lock"] and impact["rewrote"] == ["event"]
    # the client saw the wait too (the sampler's clock is the server's, shifted, hence the slack)
    assert impact["max_latency_s"] >= impact["lock_wait_s"] * 0.5
    assert "compat" not in {c["check"] for c in found.values() if "statements" in c}
    loaded = Report.from_file(report_dir / "report.json")  # the contract's loader accepts the additions
    online = [s.online for case in loaded.cases for s in case.statements if s.online is not None]
    assert [i.blocking for i in online] == [False, True, False]


def test_report_html_lists_the_impact_and_marks_the_blocking_step(report_dir: Path) -> None:
    html = (report_dir / "report.html").read_text()
    section = html[html.index('<section id="online">'):]
    section = section[: section.index("</section>")]
    assert section.count("<details") == 3
    assert re.search(r'<details class="online" open><summary><span class="badge failed">failed</span> '
                     r"postgresql@15 <code>v1\.1\.0 → v1\.2\.0</code>", section)
    assert '<tr class="bad"><td>v1.2.0 #1</td><td><code title="ALTER TABLE event ALTER COLUMN code' in section
    online_matrix = r'<table class="matrix" data-engine="postgresql@15" data-check="online">.*?</table>'
    matrix = re.search(online_matrix, html, re.DOTALL)
    assert matrix is not None
    assert re.search(r'class="cell failed"[^>]*data-from="v1\.1\.0" data-to="v1\.2\.0"', matrix.group(0))
    assert re.search(r'class="cell passed"[^>]*data-from="v1\.0\.0" data-to="v1\.1\.0"', matrix.group(0))


def test_python_m_harness_online_prints_the_tables_of_a_run(
    report_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert online_main([str(report_dir / "report.json")]) == 0
    text = capsys.readouterr().out
    assert [line for line in text.splitlines() if line.startswith("####")] == [
        "#### postgresql@15: v1.0.0 → v1.1.0 (passed)",
        "#### postgresql@15: v1.1.0 → v1.2.0 (failed)",
        "#### postgresql@15: v1.2.0 → v1.3.0 (failed)",
    ]
    row = next(line for line in text.splitlines() if line.startswith("| v1.2.0 step 1 |"))
    assert "`ALTER TABLE event ALTER COLUMN code TYPE bigint USING widen_code(code)`" in row
    assert row.endswith("| event |")


def test_python_m_harness_online_refuses_a_missing_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert online_main([str(tmp_path / "report.json")]) == 2
    assert capsys.readouterr().err.startswith(f"harness.online: error: {tmp_path / 'report.json'}: cannot read")
    assert online_main([]) == 2
