"""The worked example of docs/foreign-histories.md: a golang-migrate-style runner the harness did not write.

A migration fails in its second statement. Asked the rollback question - is the database back where it was? - the
harness finds what golang-migrate really does: the version is left dirty on both engines; on PostgreSQL the file's
implicit transaction took its first statement back, on MariaDB (no transactional DDL, no transaction at all) the
first statement stays: a half-applied schema that every later run refuses to touch until someone forces the version.
The built-in replay of the layout behaves the same, so the observation is about the tool's method, not the script.

The rollback check asks the same question with injected faults (a failing statement, a crash, a dropped connection,
a lock wait that times out, at a statement boundary of a migration): on MariaDB it fails for every fault after a
file's first statement, naming the half-applied change and the dirty record; on PostgreSQL the database is back
exactly, and after the documented `force` the next run ends where an upgrade that never failed ends.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faults.support import Outcome, describe, run

from harness.cases import Case, Fault
from harness.checks.concurrent_runners import verify as verify_concurrency
from harness.checks.rollback_restores_previous import verify as verify_rollback
from harness.db import connect
from harness.engines import Server
from harness.inspect import Schema, diff_schemas, read_schema, render_differences
from harness.layouts import load_foreign_scenario
from harness.paths import UpgradePath
from harness.runners.command_runner import CommandRunner
from harness.runners.replay import ReplayRunner
from harness.workbench import Workbench

REPO = Path(__file__).resolve().parents[2]
BROKEN_UP = (
    "CREATE TABLE release_notes (id integer PRIMARY KEY, body text NOT NULL);\n"
    "ALTER TABLE issues ADD COLUMN release_note_id integer REFERENCES release_note (id);\n"  # typo: release_note
)
BROKEN_DOWN = "ALTER TABLE issues DROP COLUMN release_note_id;\nDROP TABLE release_notes;\n"
RELEASES = '"1.0" = "5"\n"1.1" = "12"\n"1.2" = "20"\n"2.0" = "29"\n"2.1" = "38"\n'
# The plugin runs below start their own servers; the session's prove both engines run here (else: skipped, why).
needs_both_engines = pytest.mark.usefixtures("postgresql_server", "mariadb_server")


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


def write_scenario(root: Path, releases: str = RELEASES) -> None:
    runner = REPO / "fixtures" / "golang_migrate_runner.py"
    command = f"{{python}} {runner} -path {{migrations}} -database {{url}}"
    (root / "releases.toml").write_text(releases)
    (root / "scenario.toml").write_text(
        'name = "ticketbox-golang-migrate"\nlayout = "golang-migrate"\nmigrations = "."\nrunner = "command"\n\n'
        "[runner_options]\n"
        f'upgrade = "{command} goto {{target}}"\n'
        f'rollback = "{command} goto {{target}}"\n'
        f'status = "{command} version"\n'
        f'recover = "{command} force {{target}}"\n'
        'version_table = "schema_migrations"\n'
        "lock_timeout_url = true\n"
        "timeout = 120\n"
    )


def run_plugin(
    pytest_command: list[str], root: Path, report_dir: Path, *options: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*pytest_command, "-q", f"--upgrade-scenario={root}", "--upgrade-layout=auto", "--upgrade-engine=postgresql@15",
         "--upgrade-engine=mariadb@10.11", f"--upgrade-report-dir={report_dir}",
         *(options or ["--upgrade-checks=upgrade,schema,idempotent,down_up"])],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
    )


@pytest.mark.slow
@needs_both_engines
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


PG, MARIADB = "postgresql@15", "mariadb@10.11"
MID_FILE_FAULTS = (("sql-error", 2), ("crash", 2), ("disconnect", 3))  # migration 38 has three statements


def worked_example_on(
    servers: dict[str, Server], root: Path, command_runner: Callable[..., CommandRunner], external_command: str,
) -> Iterator[Workbench]:
    """The external runner on Ticketbox (no releases file: every migration is a version), with its documented
    repair (`force`) and the lock timeout passed in its URL."""
    shutil.copytree(REPO / "fixtures" / "foreign" / "golang-migrate", root)
    runner = command_runner(root, recover=f"{external_command} force {{target}}", lock_timeout_url=True)
    bench = Workbench(runner.scenario, runner, {name: name for name in servers}, 10, servers=servers)
    try:
        yield bench
    finally:
        bench.close()


@pytest.fixture(scope="module")
def worked_example(
    postgresql_server: Server, tmp_path_factory: pytest.TempPathFactory,
    command_runner: Callable[..., CommandRunner], external_command: str,
) -> Iterator[Workbench]:
    """The worked example on PostgreSQL."""
    root = tmp_path_factory.mktemp("worked") / "ticketbox"
    yield from worked_example_on({PG: postgresql_server}, root, command_runner, external_command)


@pytest.fixture(scope="module")
def worked_example_on_mysql_family(
    mysql_family_server: Server, tmp_path_factory: pytest.TempPathFactory,
    command_runner: Callable[..., CommandRunner], external_command: str,
) -> Iterator[Workbench]:
    """The worked example on each MySQL-family engine (no transactional DDL)."""
    root = tmp_path_factory.mktemp("worked") / "ticketbox"
    yield from worked_example_on({mysql_family_server.spec.name: mysql_family_server}, root, command_runner,
                                 external_command)


def rollback(bench: Workbench, engine: str, kind: str, statement: int) -> Outcome:
    case = Case("rollback", engine, UpgradePath(("37", "38")), Fault(kind, "38", statement))
    return run(verify_rollback, bench, case)


def test_the_rollback_check_finds_mysql_family_half_upgraded_and_dirty(
    worked_example_on_mysql_family: Workbench,
) -> None:
    bench = worked_example_on_mysql_family
    (engine,) = bench.engines
    for kind, statement in MID_FILE_FAULTS:
        outcome = rollback(bench, engine, kind, statement)
        assert outcome.outcome == "failed", describe([outcome])
        message = outcome.message
        assert message.startswith(f"{kind}@38#{statement}: the database is not back at 37 on {engine}")
        # the first statement of the file stayed, and the runner's record says dirty
        assert "users: column deactivated_at: expected absent" in message
        assert "runner's record after the failed attempt:\n  38 (dirty) (expected 37)" in message
        assert "0038_replace_users_is_active_with_deactivated_at.up.sql, statement" in message
    # a lock wait that times out at the file's first statement leaves nothing behind but the dirty mark
    first = rollback(bench, engine, "lock-timeout", 1)
    assert first.outcome == "passed", describe([first])


def test_on_postgresql_the_file_was_one_transaction_and_every_fault_rolls_back(worked_example: Workbench) -> None:
    outcomes = [rollback(worked_example, PG, kind, statement)
                for kind, statement in (*MID_FILE_FAULTS, ("lock-timeout", 1))]
    assert [o.outcome for o in outcomes] == ["passed"] * 4, describe(outcomes)


def test_without_the_documented_repair_the_dirty_record_fails_postgresql_too(
    worked_example: Workbench, command_runner: Callable[..., CommandRunner]
) -> None:
    runner = command_runner(worked_example.scenario.migrations_dir)  # no `recover` command
    bench = Workbench(worked_example.scenario, runner, {PG: PG}, 10, servers={PG: worked_example.server(PG)})
    try:
        outcome = rollback(bench, PG, "sql-error", 2)
    finally:
        bench.close()
    assert outcome.outcome == "failed", describe([outcome])
    assert "the database is not back at 37 on postgresql@15" in outcome.message
    assert "38 (dirty) (expected 37)" in outcome.message
    assert "before: [('37', 'False')]\n  after: [('38', 'True')]" in outcome.message
    assert "schema (expected" not in outcome.message  # the schema itself is back


def test_lock_timeout_needs_the_runner_to_read_it_from_its_url(
    worked_example: Workbench, command_runner: Callable[..., CommandRunner]
) -> None:
    runner = command_runner(worked_example.scenario.migrations_dir)
    bench = Workbench(worked_example.scenario, runner, {PG: PG}, 10, servers={PG: worked_example.server(PG)})
    try:
        outcome = rollback(bench, PG, "lock-timeout", 1)
    finally:
        bench.close()
    assert outcome.outcome == "skipped"
    assert "cannot be told to give up waiting for a lock" in outcome.message
    assert "lock_timeout_url = true" in outcome.message


def test_racing_external_runners_agree_but_one_killed_holding_the_lock_blocks_the_next(
    worked_example: Workbench,
) -> None:
    # eight at once: the advisory lock serialises them, the losers find nothing to do (the first half of the check);
    # then a runner killed inside a migration leaves its dirty mark, and golang-migrate refuses to start after that
    outcome = run(verify_concurrency, worked_example, Case("concurrency", PG, UpgradePath(("30", "38"))))
    assert outcome.outcome == "failed", describe([outcome])
    assert outcome.message.startswith("after a runner was killed holding the lock, the next runner failed on "
                                      "postgresql@15")
    assert "first runner parked at a barrier in step 1 of 31" in outcome.message
    assert "Dirty database version 31. Fix and force version." in outcome.message


@pytest.mark.slow
@needs_both_engines
def test_the_plugin_runs_every_fault_at_every_statement_of_the_last_release(
    tmp_path: Path, golang_history: Path, plugin_pytest: list[str]
) -> None:
    write_scenario(golang_history, '"2.1" = "37"\n"2.2" = "38"\n')
    report_dir = tmp_path / "faults"
    completed = run_plugin(plugin_pytest, golang_history, report_dir, "--upgrade-checks=rollback",
                           "--upgrade-faults=every-statement")
    assert completed.returncode == 1, completed.stdout[-4000:] + completed.stderr[-2000:]
    report = json.loads((report_dir / "report.json").read_text())
    cases = report["cases"]
    # (3 statements + the end boundary after the last) x 4 kinds per engine
    assert Counter(case["engine"] for case in cases) == {PG: 16, MARIADB: 16}
    outcome = {(c["engine"], c["fault"]["kind"], c["fault"]["statement"]): c["outcome"] for c in cases}
    for kind in ("sql-error", "crash", "disconnect"):
        assert [outcome[(PG, kind, n)] for n in (1, 2, 3, 4)] == ["passed"] * 4
        # before the first statement nothing has run yet; after it, MariaDB keeps what ran
        assert [outcome[(MARIADB, kind, n)] for n in (1, 2, 3, 4)] == ["passed", "failed", "failed", "failed"]
    # statement 1 took an ACCESS EXCLUSIVE lock on users in the runner's own transaction: no one else can hold one;
    # after the last statement no statement is left to wait for a lock
    assert [outcome[(PG, "lock-timeout", n)] for n in (1, 2, 3, 4)] == ["passed", "skipped", "skipped", "skipped"]
    assert [outcome[(MARIADB, "lock-timeout", n)] for n in (1, 2, 3, 4)] == ["passed", "failed", "failed", "skipped"]
    assert "users: column deactivated_at: expected absent" in completed.stdout
    assert "sql-error@2.2#2: the database is not back at 2.1 on mariadb@10.11" in completed.stdout
    assert "2.2 (dirty) (expected 2.1)" in completed.stdout
