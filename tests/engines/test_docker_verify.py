"""`upgrade-harness verify` on containers, as a user runs it: the shop history upgraded through every pair of its
releases on MySQL 9.7, MariaDB 10.11 and PostgreSQL 15 started by the docker provider, parity across the MySQL
family and PostgreSQL, a sample of forced failures rolled back on MySQL, and no container left afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.engines import parse_spec
from harness.engines.docker_cleanup import OWNER_PID
from harness.engines.specs import known_engine
from tests.engines.docker_daemon import docker_client, harness_containers

__all__ = ["docker_client"]

pytestmark = pytest.mark.slow
SHOP = Path(__file__).parent.parent / "defects" / "shop"
ENGINES = ("mysql@9.7", "mariadb@10.11", "postgresql@15")


def verify(tmp_path: Path, *arguments: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    report_dir = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "harness", "verify", "--scenario", str(SHOP), "--report-dir", str(report_dir),
         *arguments],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, "TESTCONTAINERS_RYUK_DISABLED": "true"},
    )
    report = json.loads((report_dir / "report.json").read_text()) if (report_dir / "report.json").exists() else {}
    return done, report


def orphans(client: Any) -> list[str]:
    """Harness containers whose owner process has ended: what a run left behind (other runs' live ones are not)."""
    left = []
    for container in harness_containers(client):
        owner = int(container.labels.get(OWNER_PID, "0") or 0)
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            left.append(container.name)
        except PermissionError:
            pass
    return left


def test_every_pair_and_parity_pass_on_three_containerised_engines(tmp_path: Path, docker_client: Any) -> None:
    engines = [argument for spec in ENGINES for argument in ("--engine", f"{spec}:docker")]
    done, report = verify(tmp_path, *engines, "--paths", "all-pairs")

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    summary = report["summary"]
    assert summary["failed"] == summary["error"] == 0 and summary["passed"] > 0, summary
    described = {engine["spec"]: engine for engine in report["engines"]}
    for spec in ENGINES:
        parsed = parse_spec(spec)
        assert described[spec]["provider"] == "docker", described[spec]
        known = known_engine(parsed.family, parsed.version).version
        assert described[spec]["server_version"].startswith(known), described[spec]
    parity = {case["engine"] for case in report["cases"] if case["check"] == "parity"}
    assert parity == {"mysql@9.7+postgresql@15", "mariadb@10.11+postgresql@15"}, parity
    assert orphans(docker_client) == [], "the run left its containers behind"


def test_sampled_faults_roll_back_on_a_mysql_container(tmp_path: Path, docker_client: Any) -> None:
    done, report = verify(tmp_path, "--engine", "mysql@9.7:docker", "--checks", "rollback", "--faults", "sample")

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    ran = [case for case in report["cases"] if case["check"] == "rollback" and case["outcome"] == "passed"]
    assert ran, report["summary"]
    assert {case["fault"]["kind"] for case in ran} >= {"sql-error", "crash"}, ran
    assert orphans(docker_client) == [], "the run left its containers behind"

