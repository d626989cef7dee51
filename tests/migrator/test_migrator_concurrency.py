"""Several runners at once on one database: the cluster lock lets one work, the others find nothing left to do."""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from migrator import Migrator
from migrator.dialects import DIALECTS
from tests.migrator.support import (
    ACCOUNTS,
    HEAD,
    VERSIONS,
    Database,
    cli_command,
    cli_env,
    copy_history,
    execute,
    history,
    replace_step,
    rows,
    run_cli,
    seed,
    state,
)

RUNNERS = 8
PATIENCE_S = 180  # an upper bound for the processes to finish, never an assertion on speed


def run_at_once(db: Database, count: int) -> list[subprocess.CompletedProcess[str]]:
    command = cli_command(db.url, ACCOUNTS, "upgrade")
    processes = [
        subprocess.Popen(command, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    finished = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=PATIENCE_S)
        finished.append(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
    return finished


def test_eight_runners_at_once_apply_each_version_exactly_once(
    db: Database, another_database: Callable[[], Database]
) -> None:
    Migrator(db.url, ACCOUNTS).install("v1.0.0")
    seed(db.url, "v1.0.0")
    reference = another_database()
    Migrator(reference.url, ACCOUNTS).install("v1.0.0")
    seed(reference.url, "v1.0.0")
    Migrator(reference.url, ACCOUNTS).upgrade()

    results = run_at_once(db, RUNNERS)

    assert [r.returncode for r in results] == [0] * RUNNERS, [r.stderr for r in results]
    outcomes = Counter(r.stdout.splitlines()[-1].split(" (")[0] for r in results)
    idle = "nothing to do: the database is at the target version"
    assert outcomes == {f"applied {', '.join(VERSIONS[1:])}": 1, idle: RUNNERS - 1}
    attempts = Counter((v, op, status) for v, op, status, *_ in history(db.url))
    assert attempts == {("v1.0.0", "install", "installed"): 1, **{(v, "upgrade", "applied"): 1 for v in VERSIONS[1:]}}
    assert state(db.url, db.dialect) == state(reference.url, db.dialect)


def test_eight_runners_on_an_empty_database_install_once(db: Database) -> None:
    results = run_at_once(db, RUNNERS)
    assert [r.returncode for r in results] == [0] * RUNNERS, [r.stderr for r in results]
    assert [(v, op, status) for v, op, status, *_ in history(db.url)] == [(HEAD, "install", "installed")]
    assert rows(db.url, "SELECT version, status FROM schema_migrations") == [(HEAD, "installed")]


def test_runner_killed_while_holding_the_lock_does_not_block_the_next(db: Database, tmp_path: Path) -> None:
    """The killed runner sleeps inside a version (a step of a copy of the history), holding the cluster lock."""
    Migrator(db.url, ACCOUNTS).install("v1.0.0")
    slow = copy_history(tmp_path)
    sleep = {"postgresql": "SELECT pg_sleep(600)", "mysql": "SELECT SLEEP(600)"}[db.dialect]
    replace_step(slow, "v1.1.0", db.dialect, 1, sleep)
    runner = subprocess.Popen(
        cli_command(db.url, slow, "upgrade"), env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + PATIENCE_S
        while not running(db, sleep):
            assert runner.poll() is None, runner.communicate()
            assert time.monotonic() < deadline, "the runner never reached its sleeping step"
            time.sleep(0.05)
    finally:
        runner.kill()
        runner.wait()
    assert cluster_lock_is_free(db)
    if db.dialect == "mysql":
        # MariaDB runs an orphaned statement to its end (PostgreSQL cancels it once it notices the client is gone);
        # the next runner waits for it through the work lock, so here an operator kills it.
        for thread in running(db, sleep):
            execute(db.url, f"KILL {thread}")

    restarted = run_cli(db.url, ACCOUNTS, "upgrade", timeout=PATIENCE_S)

    assert restarted.returncode == 0, restarted.stderr
    assert Migrator(db.url, ACCOUNTS).status().current == HEAD
    attempts = [(v, op, status) for v, op, status, *_ in history(db.url)]
    assert attempts[:2] == [("v1.0.0", "install", "installed"), ("v1.1.0", "upgrade", "interrupted")]
    assert attempts.count(("v1.1.0", "upgrade", "applied")) == 1


def cluster_lock_is_free(db: Database) -> bool:
    key = DIALECTS[db.dialect].lock_key("cluster", db.name)
    if db.dialect == "postgresql":
        return rows(db.url, "SELECT pg_try_advisory_lock(:key) AND pg_advisory_unlock(:key)", key=key) == [(True,)]
    return rows(db.url, "SELECT IS_FREE_LOCK(:key)", key=key) == [(1,)]


def running(db: Database, statement: str) -> list[object]:
    """Server-side ids of the sessions running `statement` in the test's database."""
    if db.dialect == "postgresql":
        query = "SELECT pid FROM pg_stat_activity WHERE datname = :db AND query = :statement"
    else:
        query = "SELECT id FROM information_schema.processlist WHERE db = :db AND info = :statement"
    return [r[0] for r in rows(db.url, query, db=db.name, statement=statement)]
