"""The worked example of docs/foreign-histories.md: a golang-migrate-style runner the harness did not write.

A migration fails in its second statement. Asked the rollback question - is the database back where it was? - the
harness finds what golang-migrate really does: the version is left dirty on both engines; on PostgreSQL the file's
implicit transaction took its first statement back, on MariaDB (no transactional DDL, no transaction at all) the
first statement stays: a half-applied schema that every later run refuses to touch until someone forces the version.
The built-in replay of the layout behaves the same, so the observation is about the tool's method, not the script.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.db import connect
from harness.engines import Server
from harness.inspect import Schema, diff_schemas, read_schema, render_differences
from harness.layouts import load_foreign_scenario
from harness.runners.command import CommandRunner
from harness.runners.replay import ReplayRunner

REPO = Path(__file__).resolve().parents[2]
BROKEN_UP = (
    "CREATE TABLE release_notes (id integer PRIMARY KEY, body text NOT NULL);\n"
    "ALTER TABLE issues ADD COLUMN release_note_id integer REFERENCES release_note (id);\n"  # typo: release_note
)
BROKEN_DOWN = "ALTER TABLE issues DROP COLUMN release_note_id;\nDROP TABLE release_notes;\n"
RELEASES = '"1.0" = "5"\n"1.1" = "12"\n"1.2" = "20"\n"2.0" = "29"\n"2.1" = "38"\n'


def add_broken_migration(root: Path) -> None:
    for directory in ("postgres", "mysql"):
        (root / directory / "0039_add_release_notes.up.sql").write_text(BROKEN_UP)
        (root / directory / "0039_add_release_notes.down.sql").write_text(BROKEN_DOWN)


def schema_without(runner: CommandRunner | ReplayRunner, server: Server, database: str) -> Schema:
    with connect(server.url(database)) as connection:
        return read_schema(connection).without(runner.own_tables)


@pytest.mark.parametrize("kind", ["external runner", "replay"])
def test_a_mid_file_failure_leaves_the_database_dirty(
    kind: str, scratch_database: tuple[Server, str], golang_history: Path,
    command_runner: Callable[..., CommandRunner],
) -> None:
    server, database = scratch_database
    url = server.url(database)
    add_broken_migration(golang_history)
    runner = (command_runner(golang_history) if kind == "external runner"
              else ReplayRunner(load_foreign_scenario(golang_history, "golang-migrate")))
    assert runner.install(url, "38").ok
    at_38 = schema_without(runner, server, database)

    outcome = runner.upgrade(url, "39")
    assert not outcome.ok
    assert outcome.failed_version == "39"
    assert "release_note" in outcome.error

    # the rollback question: is the database back at 38, as it was before the failed upgrade?
    assert runner.current_version(url) == "39 (dirty)"
    assert runner.version_rows(url) == [("39", "True")]
    left_behind = diff_schemas(at_38, schema_without(runner, server, database))
    if server.dialect == "mysql":
        # no transaction: the CREATE TABLE before the failing statement stays, half of version 39 is applied
        assert [(d.table, d.kind, d.expected) for d in left_behind] == [("release_notes", "table", "absent")]
    else:
        # the file was one implicit transaction: its first statement went back with the failing one
        assert left_behind == [], render_differences(left_behind)

    retry = runner.upgrade(url, "39")
    assert not retry.ok
    assert "Dirty database version 39. Fix and force version." in retry.error


def write_scenario(root: Path) -> None:
    runner = REPO / "fixtures" / "golang_migrate_runner.py"
    command = f"{{python}} {runner} -path {{migrations}} -database {{url}}"
    (root / "releases.toml").write_text(RELEASES)
    (root / "scenario.toml").write_text(
        'name = "ticketbox-golang-migrate"\nlayout = "golang-migrate"\nmigrations = "."\nrunner = "command"\n\n'
        "[runner_options]\n"
        f'upgrade = "{command} goto {{target}}"\n'
        f'rollback = "{command} goto {{target}}"\n'
        f'status = "{command} version"\n'
        'version_table = "schema_migrations"\n'
        "timeout = 120\n"
    )


def run_plugin(pytest_command: list[str], root: Path, report_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*pytest_command, "-q", f"--upgrade-scenario={root}", "--upgrade-layout=auto", "--upgrade-engine=postgresql@15",
         "--upgrade-engine=mariadb@10.11", "--upgrade-checks=upgrade,schema,idempotent,down_up",
         f"--upgrade-report-dir={report_dir}"],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )


@pytest.mark.slow
def test_the_plugin_verifies_the_external_runner(
    tmp_path: Path, golang_history: Path, plugin_pytest: list[str]
) -> None:
    write_scenario(golang_history)
    completed = run_plugin(plugin_pytest, golang_history, tmp_path / "passing")
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    report = json.loads((tmp_path / "passing" / "report.json").read_text())
    assert report["summary"]["passed"] == 4 * 4 * 2  # four checks, four paths to head, two engines
    assert all(case["runner_s"] > 0 for case in report["cases"] if case["check"] == "upgrade")

    add_broken_migration(golang_history)
    with (golang_history / "releases.toml").open("a") as releases:
        releases.write('"2.2" = "39"\n')
    completed = run_plugin(plugin_pytest, golang_history, tmp_path / "broken")
    assert completed.returncode == 1
    assert "upgrade 2.1->2.2 on mariadb@10.11 failed while going to 2.2" in completed.stdout
    assert "failed version:\n  2.2" in completed.stdout
    assert "status afterwards" in completed.stdout and "39 (dirty)" in completed.stdout
