"""The replay runner applies files the way each layout's tool does: what a failure mid-file leaves behind differs by
tool and by engine, and the runner's records say so in the tool's own terms."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from harness.db import connect
from harness.engines import Server
from harness.layouts import load_foreign_scenario
from harness.runners.replay import ReplayRunner
from harness.runners.system_under_test import Attempt

BASE = "CREATE TABLE base (id int PRIMARY KEY, note varchar(20));\nINSERT INTO base VALUES (1, '50% done');\n"
BROKEN = "CREATE TABLE partial_a (id int);\nINSERT INTO no_such_table VALUES (1);\n"
LAYOUT_FILES = {
    "flyway": {"V1__base.sql": BASE, "U1__base.sql": "DROP TABLE base;\n", "V2__broken.sql": BROKEN},
    "dbmate": {"1_base.sql": f"-- migrate:up\n{BASE}\n-- migrate:down\nDROP TABLE base;\n",
               "2_broken.sql": f"-- migrate:up\n{BROKEN}\n-- migrate:down\nDROP TABLE partial_a;\n"},
    "golang-migrate": {"1_base.up.sql": BASE, "1_base.down.sql": "DROP TABLE base;\n", "2_broken.up.sql": BROKEN},
}


def replay(tmp_path: Path, layout: str) -> ReplayRunner:
    for name, content in LAYOUT_FILES[layout].items():
        (tmp_path / name).write_text(content)
    return ReplayRunner(load_foreign_scenario(tmp_path, "auto"))


def tables(server: Server, database: str) -> set[str]:
    with connect(server.url(database)) as connection:
        return set(connection.dialect.get_table_names(connection))


def test_flyway_records_a_failure_only_where_ddl_cannot_roll_back(
    tmp_path: Path, scratch_database: tuple[Server, str]
) -> None:
    server, database = scratch_database
    url = server.url(database)
    runner = replay(tmp_path, "flyway")
    failed = runner.install(url, "2")
    assert not failed.ok
    assert failed.applied == ("1",) and failed.failed_version == "2"
    assert failed.failed_statement == "INSERT INTO no_such_table VALUES (1);"
    assert "migration 2 (broken) failed on" in failed.error and "at statement 2" in failed.error
    retry = runner.upgrade(url, "2")
    if server.dialect == "postgresql":
        assert runner.current_version(url) == "1"
        assert "partial_a" not in tables(server, database)
        assert runner.attempts(url) == [Attempt("1", "upgrade", "success")]
        assert "no_such_table" in retry.error  # nothing recorded, so Flyway simply tries again
    else:
        assert runner.current_version(url) == "2 (failed)"
        assert "partial_a" in tables(server, database)
        assert runner.attempts(url) == [Attempt("1", "upgrade", "success"), Attempt("2", "upgrade", "failed")]
        assert "Detected failed migration to version 2" in retry.error
    with connect(url) as connection:
        assert connection.exec_driver_sql("SELECT note FROM base").scalar() == "50% done"


def test_dbmate_leaves_no_record_of_a_failed_migration(tmp_path: Path,
                                                       scratch_database: tuple[Server, str]) -> None:
    server, database = scratch_database
    url = server.url(database)
    runner = replay(tmp_path, "dbmate")
    assert not runner.install(url, "2").ok
    assert runner.current_version(url) == "1"
    assert runner.version_rows(url) == [("1",)]
    retry = runner.upgrade(url, "2")
    if server.dialect == "postgresql":
        assert "partial_a" not in tables(server, database)
        assert "no_such_table" in retry.error
    else:
        # the transaction could not take the CREATE TABLE back, and nothing says version 2 was half applied
        assert "partial_a" in tables(server, database)
        assert "partial_a" in retry.error and "already exists" in retry.error


def test_refusals_name_the_reason(tmp_path: Path, scratch_database: tuple[Server, str]) -> None:
    server, database = scratch_database
    url = server.url(database)
    (tmp_path / "1_a.up.sql").write_text("CREATE TABLE a (id int);\n")
    (tmp_path / "1_a.down.sql").write_text("DROP TABLE a;\n")
    (tmp_path / "2_b.up.sql").write_text("CREATE TABLE b (id int);\n")
    runner = ReplayRunner(load_foreign_scenario(tmp_path, "golang-migrate"))
    assert runner.install(url, "2").ok
    assert runner.rollback_gap(server.dialect, "1", "2") == f"no down migration on {server.dialect} for 2 (b)"
    refused = runner.rollback(url, "1")
    assert not refused.ok and refused.error == f"no down migration on {server.dialect} for: 2 (b)"
    assert tables(server, database) == {"a", "b", "schema_migrations"}
    unknown = runner.upgrade(url, "7")
    assert not unknown.ok and "no version '7'" in unknown.error
    with connect(url) as connection:
        connection.exec_driver_sql("UPDATE schema_migrations SET version = 99")
        connection.commit()
    strange = runner.upgrade(url, "2")
    assert not strange.ok
    assert strange.error == "the database records version 99, which this history does not have"


def test_an_upgrade_does_not_go_down(tmp_path: Path, scratch_database: tuple[Server, str]) -> None:
    server, database = scratch_database
    url = server.url(database)
    (tmp_path / "1_a.up.sql").write_text("CREATE TABLE a (id int);\n")
    (tmp_path / "2_b.up.sql").write_text("CREATE TABLE b (id int);\n")
    runner = ReplayRunner(load_foreign_scenario(tmp_path, "golang-migrate"))
    assert runner.install(url, "2").ok
    behind = runner.upgrade(url, "1")
    assert not behind.ok
    assert behind.error == "the database is at 2, past the target 1; an upgrade does not go down"


def flyway_crc(text: str) -> int:
    """Flyway's checksum, computed here independently: CRC32 over the lines, as a signed 32-bit number."""
    crc = 0
    for line in text.split("\n")[:-1]:
        crc = zlib.crc32(line.encode(), crc)
    return crc if crc < 2**31 else crc - 2**32


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("flyway", [("1", "1", "base", "SQL", "V1__base.sql", str(flyway_crc(BASE)), "True")]),
        ("dbmate", [("1",)]),
        ("golang-migrate", [("1", "False")]),
    ],
)
def test_version_rows_are_the_tools_records_without_timings(
    layout: str, expected: list[tuple[str, ...]], tmp_path: Path, scratch_database: tuple[Server, str]
) -> None:
    server, database = scratch_database
    runner = replay(tmp_path, layout)
    assert runner.install(server.url(database), "1").ok
    assert runner.version_rows(server.url(database)) == expected
