"""The pop / popx layout: dialect-less fallbacks, `.autocommit`, 14- and 20-digit versions kept as text, every file
the reader does not run listed with its reason; Keyring (fixtures/pop) verified through the command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.db import connect
from harness.engines.server_api import Server
from harness.layouts import detect_layout, load_foreign_scenario, read_history
from harness.layouts import dialect_suffixed as dialect_suffixed_layout
from harness.runners.replay import ReplayRunner

REPO = Path(__file__).resolve().parents[2]
KEYRING = REPO / "fixtures" / "pop"
INDEX = "20231002000000000002_index_key_usage_day"


@pytest.fixture
def keyring(tmp_path: Path) -> Path:
    copy = tmp_path / "keyring"
    shutil.copytree(KEYRING, copy)
    return copy


def test_auto_detects_pop_where_it_saw_two_layouts() -> None:
    assert detect_layout(KEYRING) == "pop"


def test_versions_stay_text_in_pops_order_and_the_dialects_own_file_wins() -> None:
    history = read_history(KEYRING)
    versions = [migration.version for migration in history.migrations]
    # a 14-digit version after the 20-digit ones of an earlier year, as pop orders them (by text)
    assert versions[3:] == [
        "20231002000000000001", "20231002000000000002", "20240117000000000000", "20240305101500", "20240305101600"
    ]  # fmt: skip
    index = history.migrations[4]
    assert index.up["postgresql"].path.name == f"{INDEX}.postgres.autocommit.up.sql"
    assert index.up["postgresql"].transaction is False
    assert index.up["mysql"].path.name == f"{INDEX}.up.sql"  # the dialect-less fallback
    assert index.up["mysql"].transaction is True
    assert history.versions == ("2023.1", "2023.2", "2024.1")


def test_every_file_not_run_is_listed_with_its_reason(keyring: Path) -> None:
    (keyring / "20240401000000_seed_plans.up.fizz").write_text('sql("SELECT 1")\n')
    (keyring / "20240305101500_add_key_last_used.postgres.up.sql").write_text(
        "ALTER TABLE api_keys ADD last_used_on date;\n"
    )
    (keyring / "20240305101500_add_key_last_used.mysql.up.sql").write_text(
        "ALTER TABLE api_keys ADD last_used_on date;\n"
    )
    (keyring / "20240305101600_create_audit_log.cockroach.up.sql").write_text("SELECT 1;\n")
    (keyring / "20240305101600_create_audit_log.oracle.up.sql").write_text("SELECT 1;\n")
    (keyring / "NOTES.md").write_text("release notes\n")
    aside = {entry.path.name: entry.reason for entry in read_history(keyring, "pop").set_aside_files}
    assert "fizz is pop's own migration language" in aside["20240401000000_seed_plans.up.fizz"]
    assert aside["20230601120000_add_key_name.sqlite3.up.sql"] == "no engine here runs SQLite"
    assert aside["20240305101600_create_audit_log.cockroach.up.sql"] == "no engine here runs CockroachDB"
    assert "does not know the dialect 'oracle'" in aside["20240305101600_create_audit_log.oracle.up.sql"]
    assert aside["20240305101500_add_key_last_used.up.sql"] == "every dialect here has its own file for this version"
    assert "not a migration file name" in aside["NOTES.md"]
    assert "releases.toml" not in aside


def test_plan_lists_the_files_set_aside(keyring: Path) -> None:
    (keyring / "20240401000000_seed_plans.up.fizz").write_text('sql("SELECT 1")\n')
    result = subprocess.run(
        [sys.executable, "-m", "harness", "plan", "--scenario", str(keyring), "--engine", "postgresql@15"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "set aside (2 files, not run):" in result.stdout
    assert "20240401000000_seed_plans.up.fizz: fizz is pop's own migration language" in result.stdout
    assert "20230601120000_add_key_name.sqlite3.up.sql: no engine here runs SQLite" in result.stdout


def test_the_dialect_suffixed_layout_lists_the_pop_files_it_cannot_read(keyring: Path) -> None:
    (keyring / "releases.toml").unlink()
    history = read_history(keyring, "dialect-suffixed")
    aside = {entry.path.name: entry.reason for entry in history.set_aside_files}
    assert "--layout pop" in aside[f"{INDEX}.postgres.autocommit.up.sql"]
    assert "--layout pop" in aside["20230110090000_create_accounts.up.sql"]
    assert history.layout == dialect_suffixed_layout.NAME


def test_the_replay_records_20_digit_versions_as_pop_does(postgresql_server: Server) -> None:
    runner = ReplayRunner(load_foreign_scenario(KEYRING, "auto"))
    database = postgresql_server.create_database()
    try:
        url = postgresql_server.url(database)
        outcome = runner.install(url, "2023.2")
        assert outcome.ok, outcome.error
        assert runner.current_version(url) == "2023.2"
        assert ("20231002000000000002",) in runner.version_rows(url)
        with connect(url) as connection:
            column = connection.exec_driver_sql(
                "SELECT data_type, character_maximum_length FROM information_schema.columns "
                "WHERE table_name = 'schema_migration' AND column_name = 'version'"
            ).one()
            unique = connection.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'schema_migration_version_idx'"
            ).scalar_one()
        assert tuple(column) == ("character varying", 48)
        assert "UNIQUE" in unique
    finally:
        postgresql_server.drop_database(database)


def _verify(scenario: Path, report_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", "verify", "--scenario", str(scenario), "--engine", "postgresql@15",
         "--engine", "mariadb@10.11", "--paths", "all-pairs", "--report-dir", str(report_dir), *extra],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def test_keyring_verifies_all_pairs_on_postgresql_and_mariadb(
    tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    result = _verify(KEYRING, tmp_path / "report")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "29 passed" in result.stdout


def test_an_index_built_concurrently_without_the_autocommit_mark_fails_on_postgresql(
    keyring: Path, tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    marked = keyring / f"{INDEX}.postgres.autocommit.up.sql"
    marked.rename(keyring / f"{INDEX}.postgres.up.sql")
    result = _verify(keyring, tmp_path / "report", "--checks", "upgrade")
    assert result.returncode == 1, result.stdout[-3000:]
    assert "CREATE INDEX CONCURRENTLY cannot run inside a transaction block" in result.stdout
    assert "failed on postgresql" in result.stdout
