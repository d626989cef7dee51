"""golang-migrate dialect directories numbered independently (mysql `2_add_flag_owner`, postgres `3_index_flag_owner`):
each dialect keeps its own migrations and names, releases.toml says where each release ends in each dialect, and the
checks compare the engines at the same release. The fixture is Flags (fixtures/per-dialect-numbering)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.engines.server_api import Server
from harness.faults.foreign_scripts import ForeignScripts
from harness.layouts import load_foreign_scenario, read_history

REPO = Path(__file__).resolve().parents[2]
FLAGS = REPO / "fixtures" / "per-dialect-numbering"


@pytest.fixture
def flags(tmp_path: Path) -> Path:
    copy = tmp_path / "flags"
    shutil.copytree(FLAGS, copy)
    return copy


def _harness(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", *args], cwd=REPO, capture_output=True, text=True, timeout=900, check=False
    )


def _verify(scenario: Path, report_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return _harness("verify", "--scenario", str(scenario), "--engine", "postgresql@15", "--engine", "mariadb@10.11",
                    "--report-dir", str(report_dir), *extra)  # fmt: skip


def _cases(report_dir: Path) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((report_dir / "report.json").read_text())["cases"]
    return cases


def test_each_dialect_keeps_its_own_migrations_and_the_releases_end_where_it_says() -> None:
    history = read_history(FLAGS)
    assert history.versions == ("1.0", "1.1", "2.0", "2.1")
    mysql, postgresql = history.for_dialect("mysql"), history.for_dialect("postgresql")
    assert [m.label for m in mysql.migrations] == [
        "1 (create_flags)", "2 (add_flag_owner)", "3 (create_rollouts)", "4 (create_flag_tags)"
    ]  # fmt: skip
    assert [m.label for m in postgresql.migrations] == [
        "1 (create_flags)", "2 (add_flag_owner)", "3 (index_flag_owner)", "4 (create_rollouts)", "5 (create_flag_tags)"
    ]  # fmt: skip
    assert all(set(m.up) == {"mysql"} for m in mysql.migrations)
    assert [mysql.target_migration(v).version for v in history.versions] == ["1", "2", "3", "4"]
    assert [postgresql.target_migration(v).version for v in history.versions] == ["1", "3", "4", "5"]
    assert postgresql.version_at(1) == "2 (inside 1.1)" and mysql.version_at(1) == "1.1"
    described = load_foreign_scenario(FLAGS, "auto").description
    assert described == (
        "golang-migrate history of 4 mysql and 5 postgresql migrations (numbered per dialect) in 4 releases"
    )


def test_without_a_releases_file_the_numbering_is_named_and_what_to_write(flags: Path) -> None:
    (flags / "releases.toml").unlink()
    result = _harness("plan", "--scenario", str(flags), "--engine", "postgresql@15")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "mysql/3_create_rollouts, postgres/3_index_flag_owner" in result.stderr
    assert '"2.0" = { mysql = "8", postgres = "10" }' in result.stderr


def test_a_release_ending_at_a_migration_a_dialect_does_not_have_is_one_message(flags: Path) -> None:
    releases = flags / "releases.toml"
    releases.write_text(
        releases.read_text().replace('{ mysql = "4", postgres = "5" }', '{ mysql = "5", postgres = "5" }')
    )
    result = _harness("plan", "--scenario", str(flags), "--engine", "postgresql@15", "--engine", "mariadb@10.11")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "release '2.1' ends at migration 5 on mysql, which mysql/ does not have" in result.stderr


def test_a_release_that_forgets_a_dialect_is_one_message(flags: Path) -> None:
    releases = flags / "releases.toml"
    releases.write_text(releases.read_text().replace('{ mysql = "2", postgres = "3" }', '{ postgres = "3" }'))
    result = _harness("plan", "--scenario", str(flags), "--engine", "postgresql@15")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "release '1.1' does not say where it ends on mysql" in result.stderr


def test_the_history_verifies_all_pairs_on_postgresql_and_mariadb(
    tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    report_dir = tmp_path / "report"
    result = _verify(FLAGS, report_dir, "--paths", "all-pairs")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    cases = _cases(report_dir)
    assert {c["outcome"] for c in cases} == {"passed"}
    assert {c["check"] for c in cases} == {"upgrade", "schema", "data", "path", "parity", "idempotent"}
    assert len(cases) == 58


def test_a_failure_names_the_failing_dialects_own_migration_and_file(
    flags: Path, tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    # PostgreSQL's migration 4 references a table that does not exist; MySQL's 3 (the same change) is right
    broken = flags / "postgres" / "4_create_rollouts.up.sql"
    broken.write_text(broken.read_text().replace("REFERENCES flags (id)", "REFERENCES flag (id)"))
    report_dir = tmp_path / "report"
    result = _verify(flags, report_dir, "--checks", "upgrade", "--paths", "to-head")
    assert result.returncode == 1, result.stdout[-3000:]
    failed = [c for c in _cases(report_dir) if c["outcome"] == "failed"]
    assert failed and {c["engine"] for c in failed} == {"postgresql@15"}
    for case in failed:
        assert (
            "migration 4 (create_rollouts) failed on postgresql at statement 1 of postgres/4_create_rollouts.up.sql"
            in case["message"]
        )
        assert "mysql" not in case["message"] and "3 (create_rollouts)" not in case["message"]


def test_a_mysql_failure_names_mysqls_own_migration(flags: Path, tmp_path: Path, mariadb_server: Server) -> None:
    broken = flags / "mysql" / "2_add_flag_owner.up.sql"
    broken.write_text("ALTER TABLE flags ADD COLUMN owner varchar(100), ADD INDEX idx_flags_owner (ownr);\n")
    report_dir = tmp_path / "report"
    result = _harness("verify", "--scenario", str(flags), "--engine", "mariadb@10.11", "--checks", "upgrade",
                      "--report-dir", str(report_dir))  # fmt: skip
    assert result.returncode == 1, result.stdout[-3000:]
    messages = [c["message"] for c in _cases(report_dir) if c["outcome"] == "failed"]
    assert messages and all("migration 2 (add_flag_owner) failed on mysql" in m for m in messages)
    assert all("mysql/2_add_flag_owner.up.sql" in m and "index_flag_owner" not in m for m in messages)


def test_parity_compares_the_engines_at_the_same_release(
    flags: Path, tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    # MySQL's numbers written for both dialects: at 2.0 PostgreSQL is one migration short of its rollouts
    releases = flags / "releases.toml"
    text = releases.read_text().replace('{ mysql = "2", postgres = "3" }', '"2"')
    releases.write_text(text.replace('{ mysql = "3", postgres = "4" }', '"3"'))
    report_dir = tmp_path / "report"
    result = _verify(flags, report_dir, "--checks", "parity", "--paths", "all-pairs")
    assert result.returncode == 1, result.stdout[-3000:]
    outcomes = {c["to"]: c["outcome"] for c in _cases(report_dir)}
    assert outcomes == {"1.1": "passed", "2.0": "failed", "2.1": "passed"}
    failed = next(c for c in _cases(report_dir) if c["outcome"] == "failed")
    assert "rollouts" in failed["message"]


def test_one_dialects_directory_on_its_own_still_reads() -> None:
    history = read_history(FLAGS / "postgres")
    assert [m.name for m in history.migrations] == [
        "create_flags", "add_flag_owner", "index_flag_owner", "create_rollouts", "create_flag_tags"
    ]  # fmt: skip


def test_directories_numbered_together_still_pair_by_number() -> None:
    history = read_history(REPO / "fixtures" / "foreign" / "golang-migrate")
    assert len(history.migrations) == 38 and history.one_numbering
    assert history.for_dialect("mysql").migrations == history.migrations


def test_fault_steps_are_the_dialects_own_statements_of_the_release() -> None:
    scripts = ForeignScripts(read_history(FLAGS))
    assert [step.where for step in scripts.steps("1.1", "postgresql")] == [
        "2_add_flag_owner.up.sql, statement 1", "3_index_flag_owner.up.sql, statement 1"
    ]  # fmt: skip
    assert [step.where for step in scripts.steps("1.1", "mysql")] == ["2_add_flag_owner.up.sql, statement 1"]
    assert [step.where for step in scripts.steps("2.0", "mysql")] == [
        "3_create_rollouts.up.sql, statement 1", "3_create_rollouts.up.sql, statement 2"
    ]  # fmt: skip
    assert len(scripts.install("2.0", "postgresql")) == 6 and len(scripts.install("2.0", "mysql")) == 5
