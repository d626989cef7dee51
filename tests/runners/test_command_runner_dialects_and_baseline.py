"""The `command` runner on histories whose shape depends on the dialect:

- Flags (fixtures/per-dialect-numbering), whose dialect directories are numbered independently: `{target}` and
  `{migrations}` are the dialect's own, and the runner's record is read in the dialect's own numbering;
- Hooks (fixtures/baseline), a plugin's history that assumes its host's tables: the [baseline] runs on an empty
  database before the first command, as it does before the replay's first migration.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.db import connect
from harness.engines import Server
from harness.runners.command_runner import CommandRunner

REPO = Path(__file__).resolve().parents[2]
FLAGS = REPO / "fixtures" / "per-dialect-numbering"
HOOKS = REPO / "fixtures" / "baseline"
RUNNER = REPO / "fixtures" / "golang_migrate_runner.py"
SCENARIO_TOML = f"""name = "{{name}}"
layout = "golang-migrate"
migrations = "."
runner = "command"

[runner_options]
upgrade = "{{{{python}}}} {RUNNER} -path {{{{migrations}}}} -database {{{{url}}}} goto {{{{target}}}}"
rollback = "{{{{python}}}} {RUNNER} -path {{{{migrations}}}} -database {{{{url}}}} goto {{{{target}}}}"
status = "{{{{python}}}} {RUNNER} -path {{{{migrations}}}} -database {{{{url}}}} version"
version_table = "schema_migrations"
timeout = 60
"""


def _copy_with_command_runner(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    (target / "scenario.toml").write_text(SCENARIO_TOML.format(name=target.name))
    return target


def _verify(scenario: Path, report_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness", "verify", "--scenario", str(scenario), "--engine", "postgresql@15",
         "--engine", "mariadb@10.11", "--report-dir", str(report_dir), *extra],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def _tables(server: Server, database: str) -> set[str]:
    from sqlalchemy import inspect

    with connect(server.url(database)) as connection:
        return set(inspect(connection).get_table_names())


def _recorded_version(server: Server, database: str) -> str:
    with connect(server.url(database)) as connection:
        return str(connection.exec_driver_sql("SELECT version FROM schema_migrations").scalar_one())


def test_each_dialect_is_moved_to_its_own_last_migration_of_a_release(
    scratch_database: tuple[Server, str], command_runner: Callable[..., CommandRunner]
) -> None:
    server, database = scratch_database
    runner = command_runner(FLAGS)
    url = server.url(database)
    outcome = runner.install(url, "1.1")
    assert outcome.ok, outcome.error
    # release 1.1 ends at MySQL's 2_add_flag_owner and at PostgreSQL's 3_index_flag_owner
    assert _recorded_version(server, database) == {"mysql": "2", "postgresql": "3"}[server.dialect]
    assert runner.current_version(url) == "1.1"
    outcome = runner.upgrade(url, "2.1")
    assert outcome.ok, outcome.error
    assert outcome.applied == ("2.0", "2.1")
    assert _recorded_version(server, database) == {"mysql": "4", "postgresql": "5"}[server.dialect]


def test_flags_verifies_all_pairs_with_the_command_runner(
    tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    flags = _copy_with_command_runner(FLAGS, tmp_path / "flags")
    result = _verify(flags, tmp_path / "report", "--paths", "all-pairs", "--checks", "upgrade,schema,parity,down_up")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "42 passed" in result.stdout


def test_a_fresh_install_runs_the_baseline_before_the_first_command(
    scratch_database: tuple[Server, str], command_runner: Callable[..., CommandRunner]
) -> None:
    server, database = scratch_database
    runner = command_runner(HOOKS)
    url = server.url(database)
    outcome = runner.install(url, "1.0")
    assert outcome.ok, outcome.error
    assert {"accounts", "webhooks"} <= _tables(server, database)
    # a database that is not empty is not given the host schema again (CREATE TABLE accounts would fail)
    outcome = runner.upgrade(url, "2.0")
    assert outcome.ok, outcome.error
    assert runner.current_version(url) == "2.0"


def test_a_broken_baseline_is_reported_before_any_command_runs(
    tmp_path: Path, scratch_database: tuple[Server, str], command_runner: Callable[..., CommandRunner]
) -> None:
    hooks = tmp_path / "hooks"
    shutil.copytree(HOOKS, hooks)
    for host_schema in (hooks / "host").iterdir():
        host_schema.write_text(host_schema.read_text() + "\nCREATE TABLE accounts (id integer);\n")
    server, database = scratch_database
    outcome = command_runner(hooks).install(server.url(database), "1.0")
    assert not outcome.ok
    assert outcome.error is not None and "the [baseline]" in outcome.error
    assert "before the first `upgrade` command" in outcome.error
    assert "schema_migrations" not in _tables(server, database)  # the program never ran


@pytest.mark.parametrize("with_baseline", [True, False], ids=["with-baseline", "without-baseline"])
def test_the_plugin_history_verifies_with_the_command_runner_only_with_its_baseline(
    with_baseline: bool, tmp_path: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    hooks = _copy_with_command_runner(HOOKS, tmp_path / "hooks")
    if not with_baseline:
        releases = hooks / "releases.toml"
        releases.write_text(releases.read_text().split("[baseline]")[0])
    result = _verify(hooks, tmp_path / "report", "--paths", "all-pairs", "--checks", "upgrade,schema,down_up")
    if with_baseline:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert re.search(r"^\d+ passed in ", result.stdout, re.MULTILINE), result.stdout[-3000:]
    else:
        assert result.returncode == 1, result.stdout[-3000:]
        assert 'relation "accounts" does not exist' in result.stdout
