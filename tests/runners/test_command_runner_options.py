"""`[runner_options]` of the command runner are checked before anything runs: one message naming what to fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import URL

from harness.runners import runner_for
from harness.runners.command_runner import CommandRunner, parse_options
from harness.runners.system_under_test import UnsupportedFault
from harness.runners.version_tables import ATLAS, DBMATE, FLYWAY, GOLANG_MIGRATE, LIQUIBASE
from harness.scenario import ScenarioError, load_scenario

WHERE = "scenario 'x' (/somewhere)"


def parse(**raw: Any) -> Any:
    return parse_options(raw, WHERE, Path("/somewhere"))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "needs `upgrade`, the command that upgrades a database to {target}"),
        ({"upgrade": "migrate up", "version_table": "schema_migrations", "retries": 3},
         "unknown [runner_options] key(s) retries"),
        ({"upgrade": "migrate -database {dsn} up", "version_table": "schema_migrations"},
         "unknown placeholder(s) {dsn}; known: {url}, {host}"),
        ({"upgrade": "migrate 'unterminated", "version_table": "schema_migrations"},
         "cannot be read as a command line"),
        ({"upgrade": "migrate up"}, "say where the runner records its version"),
        ({"upgrade": "migrate up", "version_table": "migrations_log"},
         "version_table 'migrations_log' is not a table the harness knows"),
        ({"upgrade": "migrate up", "version_table": "flyway", "version_query": "SELECT 1"},
         "give `version_table` or `version_query`, not both"),
        ({"upgrade": "migrate up", "status": "migrate version", "status_pattern": "^v\\d+$"},
         "needs a (?P<version>...) group"),
        ({"upgrade": "migrate up", "version_table": "flyway", "timeout": 0}, "`timeout` must be > 0"),
        ({"upgrade": "migrate up", "version_table": "flyway", "timeout": "soon"}, "bad `timeout`"),
        ({"upgrade": "migrate up", "version_table": "flyway", "env": {"PGPASSWORD": "{secret}"}},
         "env PGPASSWORD: unknown placeholder(s) {secret}"),
        ({"upgrade": "migrate up", "version_table": "flyway", "recover": "migrate force {version}"},
         "`recover`: unknown placeholder(s) {version}"),
        ({"upgrade": "migrate up", "version_table": "flyway", "lock_timeout_url": "yes"},
         "`lock_timeout_url` must be true or false, not 'yes'"),
    ],
)
def test_bad_options_are_refused_with_what_to_fix(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError) as raised:
        parse(**raw)
    assert message in str(raised.value)
    assert str(raised.value).startswith(WHERE)


def test_known_tables_by_table_or_tool_name() -> None:
    assert parse(upgrade="x", version_table="schema_migrations").version_table is GOLANG_MIGRATE
    assert parse(upgrade="x", version_table="dbmate").version_table is DBMATE
    assert parse(upgrade="x", version_table="flyway_schema_history").version_table is FLYWAY
    assert parse(upgrade="x", version_table="DATABASECHANGELOG").version_table is LIQUIBASE
    assert parse(upgrade="x", version_table="atlas_schema_revisions").version_table is ATLAS
    options = parse(upgrade="x", version_table="liquibase", own_tables=["app_lock"])
    assert options.own_tables == {"DATABASECHANGELOG", "databasechangelog", "DATABASECHANGELOGLOCK",
                                  "databasechangeloglock", "app_lock"}
    assert parse(upgrade="x", version_query="SELECT max(v) FROM log").version_query == "SELECT max(v) FROM log"
    assert parse(upgrade="x", status="tool version {{json}}").status == "tool version {{json}}"


def test_runner_for_builds_the_command_runner_from_a_scenario_toml(
    golang_history: Path, command_runner: Callable[..., CommandRunner]
) -> None:
    (golang_history / "scenario.toml").write_text(
        'name = "ticketbox"\nlayout = "golang-migrate"\nmigrations = "."\nrunner = "command"\n'
        "[runner_options]\n"
        'upgrade = "{python} golang_migrate_runner.py -path {migrations} -database {url} goto {target}"\n'
        'version_table = "schema_migrations"\ntimeout = 30\n'
    )
    runner = runner_for(load_scenario(golang_history))
    assert isinstance(runner, CommandRunner)
    assert runner.options.timeout == 30
    assert runner.own_tables == {"schema_migrations"}
    assert runner.rollback_gap("mysql", "1", "38") == "no `rollback` command in [runner_options]"
    assert command_runner(golang_history).rollback_gap("postgresql", "1", "38") is None
    (golang_history / "mysql" / "0021_create_custom_fields.down.sql").unlink()
    gap = command_runner(golang_history).rollback_gap("mysql", "1", "38")
    assert gap == "no down migration on mysql for 21 (create_custom_fields)"


def test_as_a_process_it_runs_upgrade_on_the_copy_with_the_lock_timeout_in_its_url(
    golang_history: Path, command_runner: Callable[..., CommandRunner], tmp_path: Path
) -> None:
    runner = command_runner(golang_history, lock_timeout_url=True, env={"APP_DB": "{database}"})
    url = URL.create("postgresql+psycopg", "app", "s3cret pass", "db.internal", 5433, "tickets")
    copy = tmp_path / "copy"
    command = runner.process_command(url, "38", copy, lock_timeout_s=1.0)
    assert command.argv[-2:] == ("goto", "38")
    assert command.argv[command.argv.index("-path") + 1] == str(copy / "postgres")
    # libpq reads `options`; a space is %20 there (it reads no `+` as a space)
    assert command.argv[command.argv.index("-database") + 1] == (
        "postgresql://app:s3cret%20pass@db.internal:5433/tickets?options=-c%20lock_timeout%3D1000")
    assert command.cwd == golang_history.resolve() and command.env == {"APP_DB": "tickets"}
    assert "s3cret pass" in command.secrets and "s3cret%20pass" in command.secrets
    mysql = runner.process_command(url.set(drivername="mariadb+pymysql", port=3306), "38", copy, lock_timeout_s=1.0)
    assert mysql.argv[mysql.argv.index("-database") + 1].endswith(
        "/tickets?lock_wait_timeout=1&innodb_lock_wait_timeout=1")
    assert mysql.argv[mysql.argv.index("-path") + 1] == str(copy / "mysql")
    without = runner.process_command(url, "38", copy)
    assert "lock_timeout" not in " ".join(without.argv)
    with pytest.raises(UnsupportedFault, match="set lock_timeout_url = true"):
        command_runner(golang_history).process_command(url, "38", copy, lock_timeout_s=1.0)
