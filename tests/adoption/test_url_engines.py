"""Existing servers given by URL, as a CI job's `services:` provides them: PostgreSQL and MariaDB, parity included.

The servers are started by plain_servers.py (not by the harness), with a password and a database of their own. After
the run their databases are exactly what they were, no scratch database is left, and the password appears nowhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .installed import Completed, InstalledHarness
from .outcomes import junit_cases, report, upgrade_cases
from .plain_servers import OWN_DATABASE, PlainServer
from .user_project import write_scenario

pytestmark = pytest.mark.slow
SCRATCH_PREFIX = "uh_"


def masked(text: str, servers: list[PlainServer]) -> str:
    """Assertion messages must not spread the password either."""
    for server in servers:
        text = text.replace(server.password, "<password>")
    return text


def databases(servers: list[PlainServer]) -> dict[str, list[str]]:
    return {server.family: server.list_databases() for server in servers}


def files_holding(directory: Path, secret: str) -> list[str]:
    return sorted(
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if path.is_file() and secret.encode() in path.read_bytes()
    )


def assert_servers_untouched(before: dict[str, list[str]], servers: list[PlainServer]) -> None:
    after = databases(servers)
    assert after == before, f"the servers' databases changed: before {before}, after {after}"
    left = [name for names in after.values() for name in names if name.startswith(SCRATCH_PREFIX)]
    assert left == [], f"scratch databases left behind: {left}"
    assert all(OWN_DATABASE in names for names in after.values())
    assert [server.count_own_rows() for server in servers] == [1] * len(servers), "the server's own data changed"


def assert_password_nowhere(done: Completed, directory: Path, servers: list[PlainServer]) -> None:
    for server in servers:
        assert server.password not in done.output, f"{server.family}'s password was printed\n" + masked(
            done.describe(), servers
        )
        assert files_holding(directory, server.password) == [], f"{server.family}'s password written to files"


def test_verify_against_url_engines_with_parity(
    installed: InstalledHarness, plain_postgresql: PlainServer, plain_mariadb: PlainServer, tmp_path: Path
) -> None:
    servers = [plain_postgresql, plain_mariadb]
    scenario = write_scenario(tmp_path / "db")
    reports = tmp_path / "report"
    before = databases(servers)
    done = installed.run(
        "upgrade-harness", "verify", "--scenario", str(scenario), "--engine", plain_postgresql.url,
        "--engine", plain_mariadb.url, "--seed-size", "20", "--report-dir", str(reports), cwd=tmp_path,
        timeout_s=600,
    )
    assert_password_nowhere(done, tmp_path, servers)
    assert_servers_untouched(before, servers)
    assert done.returncode == 0, masked(done.describe(), servers)
    cases = report(reports)["cases"]
    outcomes = {(case["check"], case["outcome"]) for case in cases}
    assert {outcome for _, outcome in outcomes} == {"passed"}, masked(done.describe(), servers)
    parity = [case for case in cases if case["check"] == "parity"]
    assert parity, f"no parity case between the two URL engines: {sorted(outcomes)}"
    assert {check for check, _ in outcomes} >= {"upgrade", "schema", "data", "parity"}
    assert len(report(reports)["engines"]) == 2, report(reports)["engines"]


def test_the_users_pytest_against_url_engines(
    installed: InstalledHarness, plain_postgresql: PlainServer, plain_mariadb: PlainServer, user_project: Path
) -> None:
    servers = [plain_postgresql, plain_mariadb]
    junit = user_project.parent / "junit.xml"
    before = databases(servers)
    done = installed.run(
        "pytest", "-p", "no:cacheprovider", "-rA", f"--junitxml={junit}", f"--upgrade-engine={plain_postgresql.url}",
        f"--upgrade-engine={plain_mariadb.url}", "--upgrade-seed-size=20", cwd=user_project, timeout_s=600,
    )
    assert_password_nowhere(done, user_project.parent, servers)
    assert_servers_untouched(before, servers)
    assert done.returncode == 0, masked(done.describe(), servers)
    cases = upgrade_cases(junit_cases(junit))
    assert {case.outcome for case in cases} == {"passed"}, masked(done.describe(), servers)
    assert "parity" in {case.check for case in cases}, sorted(case.name for case in cases)
