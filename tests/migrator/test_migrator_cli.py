"""The command line: verbs, output, exit codes (a failed migration exits 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from migrator import Migrator
from tests.migrator.support import ACCOUNTS, HEAD, Database, cli_env, copy_history, replace_step, run_cli, seed


def test_install_status_plan_upgrade_history_rollback(db: Database) -> None:
    installed = run_cli(db.url, ACCOUNTS, "--installed-by", "ci-job-7", "install", "--version", "v1.0.0")
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout.startswith("installed v1.0.0 (")
    seed(db.url, "v1.0.0")

    status = run_cli(db.url, ACCOUNTS, "status")
    assert status.returncode == 0
    assert "v1.0.0" in status.stdout and "v1.1.0, v1.2.0, v1.3.0, v2.0.0" in status.stdout

    plan = run_cli(db.url, ACCOUNTS, "plan", "--to", "v1.2.0")
    assert plan.returncode == 0
    source = Migrator(db.url, ACCOUNTS).source
    for version in ("v1.1.0", "v1.2.0"):
        for step in source.get(version).for_dialect(db.dialect).steps:
            assert f"{step.forward.sql};" in plan.stdout
    assert "v1.3.0" not in plan.stdout

    upgraded = run_cli(db.url, ACCOUNTS, "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.startswith("applied v1.1.0, v1.2.0, v1.3.0, v2.0.0 (")
    assert run_cli(db.url, ACCOUNTS, "upgrade").stdout.startswith("nothing to do")

    shown = run_cli(db.url, ACCOUNTS, "history")
    assert shown.returncode == 0
    assert shown.stdout.count(" applied ") == 4 and "ci-job-7" not in shown.stdout
    assert Migrator(db.url, ACCOUNTS).history()[0].installed_by == "ci-job-7"

    assert run_cli(db.url, ACCOUNTS, "verify").returncode == 0
    back = run_cli(db.url, ACCOUNTS, "rollback", "--to", "v1.1.0")
    assert back.returncode == 0, back.stderr
    assert back.stdout.startswith(f"rolled back {HEAD}, v1.3.0, v1.2.0 (")


def test_plan_prints_each_statement_whole_on_a_narrow_terminal(postgresql_db: Database, tmp_path: Path) -> None:
    # An 80-column terminal, or COLUMNS=80 inherited by a CI job, must not fold a statement: a line break inside
    # the string literal would make the printed plan another SQL than the one that runs.
    history = copy_history(tmp_path)
    long_statement = (
        "UPDATE accounts SET status = 'dormant since the address was never confirmed by its owner' "
        "WHERE email = '' AND status = 'active'"
    )
    replace_step(history, "v1.2.0", postgresql_db.dialect, 5, long_statement)
    Migrator(postgresql_db.url, history).install("v1.1.0")

    plan = run_cli(postgresql_db.url, history, "plan", columns=80)

    assert plan.returncode == 0, plan.stderr
    assert f"\n{long_statement};\n" in plan.stdout
    assert "-- upgrade v1.2.0 (one transaction)\n" in plan.stdout


def test_failed_migration_exits_1_with_the_diagnosis(db: Database, tmp_path: Path) -> None:
    Migrator(db.url, ACCOUNTS).install("v1.1.0")
    broken = copy_history(tmp_path)
    replace_step(broken, "v1.2.0", db.dialect, 3, "UPDATE accounts SET no_such_column = 1")

    failed = run_cli(db.url, broken, "upgrade")

    assert failed.returncode == 1
    assert "v1.2.0 failed at step 3:" in failed.stderr
    assert "statement: UPDATE accounts SET no_such_column = 1" in failed.stderr
    assert "rolled back: the database is at v1.1.0 again" in failed.stderr
    shown = run_cli(db.url, broken, "history")
    assert "no_such_column" in shown.stdout and " failed " in shown.stdout


def test_usage_errors_exit_2() -> None:
    missing_url = subprocess.run(
        [sys.executable, "-m", "migrator", "--migrations", str(ACCOUNTS), "status"],
        capture_output=True,
        text=True,
        env=cli_env(),
        check=False,
    )
    assert missing_url.returncode == 2
    assert "--url" in missing_url.stderr
