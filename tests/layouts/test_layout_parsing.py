"""What each layout reader makes of its files: versions in order, scripts per dialect, undo, releases, bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness.layouts import ForeignHistory, Migration, read_history
from harness.layouts.history import split_statements, version_identity
from harness.scenario import ScenarioError

FOREIGN = Path(__file__).resolve().parents[2] / "fixtures" / "foreign"


def at(history: ForeignHistory, version: str) -> Migration:
    position = history.find(version)
    assert position is not None, f"no migration {version}"
    return history.migrations[position]


def test_golang_migrate_reads_both_dialect_directories() -> None:
    history = read_history(FOREIGN / "golang-migrate", "golang-migrate")
    assert len(history.migrations) == 38
    assert history.versions[:3] == ("1", "2", "3") and history.versions[-1] == "38"
    assert history.directories == {"mysql": FOREIGN / "golang-migrate" / "mysql",
                                   "postgresql": FOREIGN / "golang-migrate" / "postgres"}
    first = history.migrations[0]
    assert first.name == "create_users"
    assert first.up["postgresql"].path.name == "0001_create_users.up.sql"
    assert "bigserial" in first.up["postgresql"].sql and "AUTO_INCREMENT" in first.up["mysql"].sql
    assert first.down["mysql"].statements == ("DROP TABLE users;",)
    # an empty file: nothing to do on MySQL, and nothing to undo either
    tuning = at(history, "32")
    assert tuning.name == "tune_issue_status_statistics"
    assert tuning.up["mysql"].empty and not tuning.up["postgresql"].empty
    assert history.missing_down("mysql", -1, 37) == []


def test_dialect_suffixed_leaves_missing_files_empty_and_sets_other_dialects_aside() -> None:
    history = read_history(FOREIGN / "dialect-suffixed", "dialect-suffixed")
    assert len(history.migrations) == 38
    assert history.set_aside == ("sqlite3",)
    assert history.dialects == ("mysql", "postgresql")
    tuning = at(history, "32")
    assert "mysql" not in tuning.up and "mysql" not in tuning.down
    assert "postgresql" in tuning.up
    assert all("sqlite3" not in m.up for m in history.migrations)


def test_flyway_reads_dotted_versions_undo_files_and_releases() -> None:
    history = read_history(FOREIGN / "flyway", "flyway")
    versions = [m.version for m in history.migrations]
    assert len(versions) == 38
    assert versions[6:9] == ["7", "7.1", "8"]
    assert history.migrations[7].name == "issues status references statuses"  # underscores shown as spaces
    assert history.migrations[7].down["postgresql"].path.name.startswith("U7.1__")
    assert [r.name for r in history.releases] == ["2023.1", "2023.2", "2023.3", "2023.4", "2024.1", "2024.2",
                                                  "2024.3", "2025.1"]
    assert history.versions == tuple(r.name for r in history.releases)
    assert history.target_migration("2023.2").version == "7.1"
    assert history.version_at(history.find("7.1") or 0) == "2023.2"
    assert history.version_at(history.find("5") or 0) == "5 (inside 2023.2)"
    assert history.version_containing(history.find("5") or 0) == "2023.2"


def test_dbmate_splits_sections_and_honours_transaction_false() -> None:
    history = read_history(FOREIGN / "dbmate", "dbmate")
    assert len(history.migrations) == 38
    assert all(len(m.version) == 14 for m in history.migrations)
    concurrent = next(m for m in history.migrations if m.name == "index_comments_issue_created")
    pg_up, my_up = concurrent.up["postgresql"], concurrent.up["mysql"]
    assert not pg_up.transaction and "CONCURRENTLY" in pg_up.sql
    assert my_up.transaction and "CONCURRENTLY" not in my_up.sql
    assert concurrent.down["postgresql"].statements == ("DROP INDEX CONCURRENTLY ix_comments_issue_created;",)


def test_statement_splitting_keeps_function_bodies_and_triggers_whole() -> None:
    history = read_history(FOREIGN / "golang-migrate", "golang-migrate")
    trigger = next(m for m in history.migrations if m.name == "touch_issues_updated_at")
    assert len(trigger.up["postgresql"].statements) == 2
    assert len(trigger.up["mysql"].statements) == 1
    assert split_statements("-- only a comment\n") == []
    assert split_statements("INSERT INTO t VALUES ('a;b'); -- done\n") == ["INSERT INTO t VALUES ('a;b'); -- done"]


def test_version_spellings_compare_equal() -> None:
    assert version_identity("0007") == version_identity("7") == version_identity("7.0")
    assert version_identity("7_1") == version_identity("7.1") != version_identity("7")


def write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content)
    return root


@pytest.mark.parametrize(
    ("layout", "files", "message"),
    [
        ("golang-migrate", {"1_a.up.sql": "SELECT 1;", "01_b.up.sql": "SELECT 2;"},
         "version 1 already has a up script for mysql"),
        ("golang-migrate", {"mysql/1_a.up.sql": "SELECT 1;", "mariadb/1_a.up.sql": "SELECT 1;"},
         "both mariadb/ and mysql/ hold mysql migrations"),
        ("golang-migrate", {"sqlite3/1_a.up.sql": "SELECT 1;"}, "only for sqlite3, which no engine here runs"),
        ("dialect-suffixed", {"1_a.sqlite3.up.sql": "SELECT 1;"}, "only for sqlite3"),
        ("flyway", {"V1__a.sql": "SELECT 1;", "R__views.sql": "SELECT 1;"}, "repeatable migrations (R__)"),
        ("dbmate", {"1_a.sql": "CREATE TABLE a (id int);\n-- migrate:up\nSELECT 1;\n"},
         "SQL before `-- migrate:up` belongs to no section"),
        ("dbmate", {"1_a.sql": "-- migrate:up\nSELECT 1;\n-- migrate:up\nSELECT 2;\n"},
         "more than one `-- migrate:up` section"),
    ],
)
def test_bad_histories_fail_with_the_file_and_the_fix(tmp_path: Path, layout: str, files: dict[str, str],
                                                      message: str) -> None:
    root = write(tmp_path, files)
    with pytest.raises(ScenarioError) as raised:
        read_history(root, layout)
    assert message in str(raised.value)
    assert str(tmp_path) in str(raised.value)


def test_non_utf8_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "1_a.up.sql").write_bytes(b"INSERT INTO t VALUES ('\xe9');\n")
    with pytest.raises(ScenarioError, match=r"1_a.up.sql: not UTF-8 text \(byte 23\); save it as UTF-8"):
        read_history(tmp_path, "golang-migrate")


@pytest.mark.parametrize(
    ("releases", "message"),
    [
        ('"v1" = "3"\n"v2" = "99"\n', "release 'v2' ends at migration 99, which the history does not have"),
        ('"v1" = "3"\n"v2" = "2"\n', "not after the release before it; list releases oldest first"),
        ('"v1" = "3"\n', "migrations 4, 5 belong to no release"),
        ('"v1" = true\n', "must name its last migration"),
        ("v1 = \n", "not valid TOML"),
    ],
)
def test_releases_file_errors(tmp_path: Path, releases: str, message: str) -> None:
    for number in range(1, 6):
        (tmp_path / f"{number}_m.up.sql").write_text(f"CREATE TABLE t{number} (id int);\n")
    (tmp_path / "releases.toml").write_text(releases)
    with pytest.raises(ScenarioError, match=r"releases\.toml") as raised:
        read_history(tmp_path)
    assert message in str(raised.value)


def test_releases_group_migrations(foreign_copy: Callable[[str], Path]) -> None:
    root = foreign_copy("golang-migrate")
    (root / "releases.toml").write_text('"1.0" = "0005"\n"1.1" = 20\n"2.0" = "38"\n')
    history = read_history(root)
    assert history.versions == ("1.0", "1.1", "2.0")
    assert [history.last_position(v) for v in history.versions] == [4, 19, 37]
