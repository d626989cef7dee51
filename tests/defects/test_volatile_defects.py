"""Defects in a history whose timestamps are declared volatile (fixtures/volatile): declaring a column volatile
stops its value from being compared, not its presence, so what a defect does to it is still reported.

- a backfill of deactivated_at forgotten in the MySQL script: NULL on MariaDB, set on PostgreSQL (parity);
- an undo that forgets to drop a column: the re-up of down_up fails, and says what the rollback left behind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.cases import generate_cases
from harness.checks import CHECKS, down_up_consistent
from harness.engines.server_api import Server
from harness.paths import enumerate_paths
from harness.runners import runner_for
from harness.scenario import load_scenario
from harness.workbench import Workbench
from tests.conftest import catalogue_mysql_family

from .harness_run import Finding, _run, failed, run_checks

BILLING = Path(__file__).resolve().parents[2] / "fixtures" / "volatile"
PG = "postgresql@15"
MYSQL_FAMILY_ENGINE = catalogue_mysql_family()
PARITY = f"{MYSQL_FAMILY_ENGINE}+{PG}"

DEACTIVATION_BACKFILL = (
    "-- migrator:step\n"
    "-- When an account was deactivated was never recorded: the upgrade is the earliest moment known.\n"
    "UPDATE accounts SET deactivated_at = CURRENT_TIMESTAMP(6) WHERE is_active = 0;\n"
    "-- migrator:undo\n"
    "UPDATE accounts SET is_active = 0 WHERE deactivated_at IS NOT NULL;\n\n"
)


@pytest.fixture(scope="module")
def servers(postgresql_server: Server, catalogue_server: Server) -> dict[str, Server]:
    return {PG: postgresql_server, MYSQL_FAMILY_ENGINE: catalogue_server}


def billing_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "billing"
    shutil.copytree(BILLING, target, ignore=shutil.ignore_patterns("golang-migrate"))
    script = target / "migrations" / file
    text = script.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    script.write_text(text.replace(old, new), encoding="utf-8")
    return target


def describe(findings: list[Finding]) -> str:
    return "\n".join(
        f"{f.outcome:8} {f.check:10} {f.engine:30} {f.path}\n{f.message}" for f in findings if f.outcome != "passed"
    )


def test_a_volatile_column_left_null_on_one_engine_is_still_reported(
    servers: dict[str, Server], tmp_path: Path
) -> None:
    directory = billing_with(tmp_path, "v2.0.0/mysql.upgrade.sql", DEACTIVATION_BACKFILL, "")
    findings = run_checks(directory, servers)
    # parity sees NULL against a timestamp; the v2.0.0 invariant sees the lost deactivations on MariaDB
    assert failed(findings) == {("parity", PARITY), ("data", MYSQL_FAMILY_ENGINE)}, describe(findings)
    parity = "\n".join(f.message for f in findings if f.check == "parity" and f.outcome == "failed")
    assert f"accounts [5] deactivated_at: {MYSQL_FAMILY_ENGINE}: None, {PG}: '<volatile timestamp>'" in parity, parity
    assert "volatile columns (compared by NULL-ness and kind)" in parity
    assert "audit_log.created_at, *.updated_at, accounts.deactivated_at" in parity


def down_up(directory: Path, servers: dict[str, Server]) -> list[Finding]:
    scenario = load_scenario(directory)
    bench = Workbench(scenario, runner_for(scenario), {n: n for n in servers}, 40, servers=servers)
    dialects: dict[str, str] = {name: server.dialect for name, server in servers.items()}
    try:
        paths = enumerate_paths(scenario.versions, "to-head")
        cases = generate_cases("down_up", CHECKS["down_up"].cases, dialects, paths, [])
        return [_run(down_up_consistent.verify, bench, case) for case in cases]
    finally:
        bench.close()


@pytest.mark.parametrize(
    ("dialect", "engine", "refusal"),
    [
        ("mysql", MYSQL_FAMILY_ENGINE, "Duplicate column name 'deactivated_at'"),
        ("postgresql", PG, 'column "deactivated_at" of relation "accounts" already exists'),
    ],
)
def test_a_down_that_forgets_a_column_fails_the_re_up_and_shows_what_it_left(
    servers: dict[str, Server], tmp_path: Path, dialect: str, engine: str, refusal: str
) -> None:
    directory = billing_with(
        tmp_path,
        f"v2.0.0/{dialect}.upgrade.sql",
        "-- migrator:undo\nALTER TABLE accounts DROP COLUMN deactivated_at;",
        "-- migrator:undo noop",
    )
    findings = down_up(directory, servers)
    assert failed(findings) == {("down_up", engine)}, describe(findings)
    broken = [f for f in findings if f.outcome == "failed"]
    assert len(broken) == 3, describe(findings)  # every start before v2.0.0
    message = broken[0].message
    assert message.startswith(
        f"upgrading to v2.0.0 again after rolling back to {broken[0].path.split('->')[0]} failed; the rollback had "
        "not returned to the start: schema after the rollback"
    ), message
    assert refusal in message, message
    assert "schema after the rollback (expected = the start):" in message, message
    assert "accounts: column deactivated_at: expected absent" in message, message
