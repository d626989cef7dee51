"""A plugin's history that assumes its host product's tables: `[baseline]` in releases.toml runs the host schema before
the first migration on every database the harness makes, and its tables are compared like the history's own."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.engines.server_api import Server
from harness.layouts import read_history
from harness.scenario import ScenarioError

REPO = Path(__file__).resolve().parents[2]
HOOKS = REPO / "fixtures" / "baseline"


@pytest.fixture
def hooks(tmp_path: Path) -> Path:
    copy = tmp_path / "hooks"
    shutil.copytree(HOOKS, copy)
    return copy


def _verify(scenario: Path, report_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", "verify", "--scenario", str(scenario), "--engine", "postgresql@15",
         "--engine", "mariadb@10.11", "--report-dir", str(report_dir), *extra],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def _without_baseline(root: Path) -> None:
    releases = root / "releases.toml"
    releases.write_text(releases.read_text().split("[baseline]")[0])


def test_the_baseline_is_read_onto_the_first_migration_and_not_listed_as_set_aside() -> None:
    history = read_history(HOOKS)
    assert history.layout == "golang-migrate"
    assert {d: s.path.name for d, s in history.migrations[0].baseline.items()} == {
        "mysql": "mysql.sql", "postgresql": "postgres.sql"
    }  # fmt: skip
    assert not any(m.baseline for m in history.migrations[1:])
    assert history.versions == ("1.0", "1.1", "2.0")


def test_a_baseline_outside_the_history_or_missing_a_dialect_is_refused(hooks: Path) -> None:
    releases = hooks / "releases.toml"
    releases.write_text(releases.read_text().replace('mysql = "host/mysql.sql"', 'mysql = "../mysql.sql"'))
    with pytest.raises(ScenarioError, match=r"no such file inside .*the baseline must live beside the migrations"):
        read_history(hooks)
    releases.write_text(releases.read_text().replace('mysql = "../mysql.sql"\n', ""))
    with pytest.raises(ScenarioError, match=r"\[baseline\] has no file for mysql"):
        read_history(hooks)


def test_without_the_baseline_the_plugin_fails_at_its_first_statement(
    hooks: Path, tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    _without_baseline(hooks)
    result = _verify(hooks, tmp_path / "report", "--checks", "upgrade")
    assert result.returncode == 1, result.stdout[-3000:]
    assert 'relation "accounts" does not exist' in result.stdout  # PostgreSQL
    assert "webhooks" in result.stdout and "errno: 150" in result.stdout  # MariaDB: the foreign key has no table


def test_with_the_baseline_the_plugin_verifies_all_pairs_on_postgresql_and_mariadb(
    tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    result = _verify(HOOKS, tmp_path / "report", "--paths", "all-pairs")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "29 passed" in result.stdout


def test_the_host_tables_are_compared_a_plugin_that_forgets_its_change_to_them_is_caught(
    hooks: Path, tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    # the undo of 3 leaves the plugin's column on the host's table: down_up compares the host table too
    (hooks / "3_add_account_webhook_limit.down.sql").write_text("SELECT 1;\n")
    result = _verify(hooks, tmp_path / "report", "--checks", "down_up", "--paths", "all-pairs")
    assert result.returncode == 1, result.stdout[-3000:]
    assert "accounts: column webhook_limit: expected absent" in result.stdout
