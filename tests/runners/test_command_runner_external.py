"""The command adapter driving a program the harness did not write (fixtures/golang_migrate_runner.py) on real
servers: a normal upgrade path, and clear outcomes when the program hangs, crashes, prints garbage or fails."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from sqlalchemy import text

from harness.db import connect
from harness.engines import Server
from harness.runners.command_runner import CommandRunner, CommandRunnerError

Factory = Callable[..., CommandRunner]
GARBAGE = "{python} -c \"import sys; sys.stdout.buffer.write(bytes(range(0, 32)) + b'\\xff\\xfe OK?')\""


def test_upgrades_along_a_path_and_rolls_back(scratch_database: tuple[Server, str], golang_history: Path,
                                              command_runner: Factory) -> None:
    server, database = scratch_database
    url = server.url(database)
    runner = command_runner(golang_history)
    versions = runner.scenario.versions

    installed = runner.install(url, "10")
    assert installed.ok, installed.error
    assert installed.applied == versions[:10]
    assert installed.seconds > 0
    assert runner.current_version(url) == "10"

    upgraded = runner.upgrade(url, "38")
    assert upgraded.ok, upgraded.error
    assert upgraded.applied == versions[10:]
    assert runner.version_rows(url) == [("38", "False")]
    assert runner.attempts(url) == []  # golang-migrate keeps no history of attempts

    again = runner.upgrade(url, "38")
    assert again.ok and again.applied == ()

    rolled_back = runner.rollback(url, "5")
    assert rolled_back.ok, rolled_back.error
    assert runner.current_version(url) == "5"
    with connect(url) as connection:
        tables = set(connection.dialect.get_table_names(connection))
    assert tables == {"users", "projects", "issues", "comments", "labels", "issue_labels", "schema_migrations"}


def test_the_status_command_can_be_the_version_source(scratch_database: tuple[Server, str], golang_history: Path,
                                                       command_runner: Factory) -> None:
    server, database = scratch_database
    url = server.url(database)
    runner = command_runner(golang_history, version_table=None)
    with pytest.raises(CommandRunnerError, match=r"exited with status 1; last output:\nerror: no migration"):
        runner.current_version(url)  # golang-migrate's `version` on an empty database is an error
    outcome = runner.install(url, "3")
    assert outcome.ok, outcome.error
    assert outcome.applied == ("1", "2", "3")
    assert runner.current_version(url) == "3"
    assert runner.version_rows(url) == [("3",)]


@contextmanager
def migration_lock_held(server: Server, database: str) -> Iterator[None]:
    """Another instance's migration lock, as golang-migrate takes it (advisory lock / GET_LOCK)."""
    key = zlib.crc32(f"golang-migrate:{database}".encode())
    with connect(server.url(database), autocommit=True) as connection:
        if server.dialect == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        else:
            assert connection.execute(text("SELECT GET_LOCK(:name, 0)"), {"name": f"migrate-{key}"}).scalar() == 1
        yield


def test_a_hung_runner_is_killed_after_the_timeout(scratch_database: tuple[Server, str], golang_history: Path,
                                                   command_runner: Factory) -> None:
    server, database = scratch_database
    url = server.url(database)
    runner = command_runner(golang_history, timeout=2, status=None)
    with migration_lock_held(server, database):
        outcome = runner.upgrade(url, "3")
    assert not outcome.ok
    assert "did not finish within 2 s and was killed with its process group" in outcome.error
    assert "raise `timeout` in [runner_options]" in outcome.error
    assert outcome.failed_version == "1"
    assert runner.current_version(url) is None


def test_a_crash_is_reported_with_its_signal_and_where_it_stopped(
    scratch_database: tuple[Server, str], golang_history: Path, command_runner: Factory, external_command: str
) -> None:
    server, database = scratch_database
    url = server.url(database)
    crashing = f"sh -c '{external_command} up 2 && kill -SEGV $$'"
    runner = command_runner(golang_history, upgrade=crashing, status=None)
    outcome = runner.upgrade(url, "5")
    assert not outcome.ok
    assert "crashed: killed by signal SIGSEGV (11)" in outcome.error
    assert "2/u create_projects" in outcome.error  # the program's last output is part of the report
    assert outcome.applied == ("1", "2")
    assert outcome.failed_version == "3"
    assert runner.current_version(url) == "2"


def test_garbage_from_the_status_command_is_a_clear_error(
    scratch_database: tuple[Server, str], golang_history: Path, command_runner: Factory
) -> None:
    server, database = scratch_database
    url = server.url(database)
    runner = command_runner(golang_history, version_table=None, status=GARBAGE)
    outcome = runner.install(url, "2")
    assert not outcome.ok
    assert "printed output that names no version: '\\\\x00\\\\x01" in outcome.error
    assert "\\\\xff\\\\xfe OK?" in outcome.error
    assert "set `status_pattern`" in outcome.error
    with pytest.raises(CommandRunnerError, match="names no version"):
        runner.current_version(url)


def test_a_runner_that_exits_0_without_upgrading_is_not_believed(
    scratch_database: tuple[Server, str], golang_history: Path, command_runner: Factory
) -> None:
    server, database = scratch_database
    outcome = command_runner(golang_history, upgrade=GARBAGE, status=None).upgrade(server.url(database), "3")
    assert not outcome.ok
    assert "exited 0, but the runner's records say the database is at None, not 3" in outcome.error
    assert "\\xff\\xfe OK?" in outcome.error and "\x00" not in outcome.error


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{python} -c \"import sys; print('cannot reach the database'); sys.exit(3)\"",
         "exited with status 3; last output:\ncannot reach the database"),
        ("sh -c 'exit 137'", "exited with status 137 (a shell reports death by signal 9 this way)"),
        ("no-such-migrate-binary goto {target}", "`no-such-migrate-binary goto 3` could not be started"),
    ],
)
def test_non_zero_exits_and_missing_programs(scratch_database: tuple[Server, str], golang_history: Path,
                                             command_runner: Factory, template: str, message: str) -> None:
    server, database = scratch_database
    outcome = command_runner(golang_history, upgrade=template, status=None).upgrade(server.url(database), "3")
    assert not outcome.ok
    assert message in outcome.error


def test_a_failing_migration_reports_the_programs_error(
    scratch_database: tuple[Server, str], golang_history: Path, command_runner: Factory
) -> None:
    server, database = scratch_database
    directory = "postgres" if server.dialect == "postgresql" else "mysql"
    (golang_history / directory / "0004_create_comments.up.sql").write_text("CREATE TABLE comments (id int, ;\n")
    outcome = command_runner(golang_history).upgrade(server.url(database), "10")
    assert not outcome.ok
    assert "exited with status 1" in outcome.error
    assert "error: migration failed in line 0: CREATE TABLE comments (id int, ;" in outcome.error
    assert outcome.applied == ("1", "2", "3")
    assert outcome.failed_version == "4"
    assert "status afterwards" in outcome.error and "4 (dirty)" in outcome.error


PASSWORD = "s3cr3t p@ss/w%rd"


@contextmanager
def database_with_password(server: Server) -> Iterator[str]:
    """A scratch database owned by a user that logs in with PASSWORD; yields the database name."""
    database = server.create_database()
    user = f"{database}_owner"
    try:
        with connect(server.url(), autocommit=True) as admin:
            raw = admin.execution_options(no_parameters=True)  # the password's `%` reaches the server as it is
            if server.dialect == "postgresql":
                raw.exec_driver_sql(f"CREATE ROLE {user} LOGIN PASSWORD '{PASSWORD}'")
                raw.exec_driver_sql(f"ALTER DATABASE {database} OWNER TO {user}")
            else:
                raw.exec_driver_sql(f"CREATE USER '{user}'@'%' IDENTIFIED BY '{PASSWORD}'")
                raw.exec_driver_sql(f"GRANT ALL ON `{database}`.* TO '{user}'@'%'")
        yield database
    finally:
        server.drop_database(database)
        with connect(server.url(), autocommit=True) as admin:
            raw = admin.execution_options(no_parameters=True)
            if server.dialect == "postgresql":
                raw.exec_driver_sql(f"DROP ROLE IF EXISTS {user}")
            else:
                raw.exec_driver_sql(f"DROP USER IF EXISTS '{user}'@'%'")


def test_the_password_is_passed_but_never_shown(server: Server, golang_history: Path,
                                                command_runner: Factory) -> None:
    with database_with_password(server) as database:
        url = server.url(database).set(username=f"{database}_owner", password=PASSWORD)
        upgraded = command_runner(golang_history).upgrade(url, "3")
        assert upgraded.ok, upgraded.error

        echo = "{python} -c \"import sys; print(sys.argv[1:]); sys.exit(1)\" {url} {password} --password={password}"
        failed = command_runner(golang_history, upgrade=echo, status=None).upgrade(url, "4")
        assert not failed.ok
        for form in (PASSWORD, quote(PASSWORD, safe=" +"), quote(PASSWORD, safe=""), quote_plus(PASSWORD), "p@ss"):
            assert form not in failed.error
        assert "--password=***" in failed.error and ":***@" in failed.error
