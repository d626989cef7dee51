"""Courier on real servers: every check passes on the correct history; each planted defect is caught by the right
check with a diagnosis."""

from __future__ import annotations

from pathlib import Path

from harness.engines.server_api import Server
from tests.defects.harness_run import run_checks


def test_the_correct_history_passes_the_default_checks(
    courier: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    findings = run_checks(courier, {"postgresql@15": postgresql_server, "mariadb@10.11": mariadb_server})
    bad = [f for f in findings if f.outcome != "passed"]
    assert not bad, "\n\n".join(f"{f.check} {f.engine} {f.path} {f.outcome}\n{f.message}" for f in bad)
    assert {f.check for f in findings} == {"upgrade", "schema", "data", "path", "parity", "idempotent"}
