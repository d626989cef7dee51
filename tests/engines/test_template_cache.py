"""Seeded templates kept between runs (harness/engines/template_cache.py), on real local servers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from harness.db import connect
from harness.engines import template_cache
from harness.engines.local_process import ServerProcess
from harness.engines.local_state import Workspace, service_account
from harness.engines.server_api import EngineUnavailable, Server
from harness.engines.template_cache import CACHE_DIR_VARIABLE, COMPLETE, METADATA, NO_CACHE_VARIABLE, inputs_key
from harness.runners import runner_for
from harness.runners.system_under_test import Runner, RunOutcome
from harness.scenario import Scenario, load_scenario
from harness.workbench import Workbench
from tests.conftest import catalogue_mysql_family, skip_unavailable
from tests.faults.support import LEDGER, copy_with_edits

PG = "postgresql@15"
FIRST, HEAD = "v1.0.0", "v1.2.0"
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Counts:
    installs: int = 0
    seeds: int = 0


class CountingRunner:
    """The scenario's own runner, counting the fresh installs it is asked for."""

    def __init__(self, runner: Runner, counts: Counts) -> None:
        self._runner = runner
        self._counts = counts
        self.name = runner.name
        self.own_tables = runner.own_tables
        self.records_attempts = runner.records_attempts

    def install(self, url: URL, version: str) -> RunOutcome:
        self._counts.installs += 1
        return self._runner.install(url, version)

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        return self._runner.upgrade(url, target)

    def current_version(self, url: URL) -> str | None:
        return self._runner.current_version(url)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._runner, name)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(directory))
    return directory


def _counted(scenario: Scenario, counts: Counts) -> tuple[Scenario, Runner]:
    seed = scenario.seed
    assert seed is not None

    def counting_seed(*args: Any, **kwargs: Any) -> Any:
        counts.seeds += 1
        return seed(*args, **kwargs)

    counted = replace(scenario, seed=counting_seed)
    return counted, CountingRunner(runner_for(counted), counts)


def run_once(
    scenario_dir: Path, engine: str = PG, seed_size: int = 10, keep: bool = True
) -> tuple[Counts, list[tuple[int, int]], dict[str, object]]:
    """One 'run': the seeded first version and the head's fresh-install schema, as the checks ask for them. Returns
    the counts, the seeded rows of `accounts` and the tables of the seeded template and of the head."""
    counts = Counts()
    scenario, runner = _counted(load_scenario(scenario_dir), counts)
    bench = Workbench(scenario, runner, {engine: engine}, seed_size, keep_templates=keep)
    try:
        try:
            snapshot = bench.snapshots(engine).seeded(FIRST)
        except EngineUnavailable as err:
            skip_unavailable(err)
        clone = bench.snapshots(engine).clone_seeded(FIRST)
        with connect(bench.server(engine).url(clone)) as connection:
            rows = [(int(r[0]), int(r[1])) for r in connection.execute(text("SELECT id, created_at FROM accounts"))]
        bench.server(engine).drop_database(clone)
        assert snapshot.rows_seeded > 0
        head = bench.snapshots(engine).fresh_schema(HEAD)
    finally:
        bench.close()
    return counts, sorted(rows), {"seeded": dict(snapshot.schema.tables), "head": dict(head.tables)}


def entries(cache_dir: Path) -> list[Path]:
    if not cache_dir.is_dir():
        return []
    return sorted(p for p in cache_dir.iterdir() if p.is_dir() and not p.name.startswith("."))


@pytest.mark.parametrize("engine", [PG, catalogue_mysql_family()])
def test_a_second_run_installs_and_seeds_nothing_and_sees_the_same_data(cache_dir: Path, engine: str) -> None:
    first, rows, head = run_once(LEDGER, engine)
    assert first.installs == 2 and first.seeds == 1  # the seeded first version, the head's fresh install
    assert len(entries(cache_dir)) == 1 and (entries(cache_dir)[0] / COMPLETE).is_file()

    second, rows_again, head_again = run_once(LEDGER, engine)
    assert (second.installs, second.seeds) == (0, 0)
    assert rows_again == rows and head_again == head


def test_without_the_cache_nothing_is_kept_and_everything_is_built(cache_dir: Path) -> None:
    run_once(LEDGER, keep=False)
    assert entries(cache_dir) == []
    run_once(LEDGER)
    again, _, _ = run_once(LEDGER, keep=False)
    assert again.installs == 2 and again.seeds == 1


def test_the_environment_variable_turns_it_off(cache_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, NO_CACHE_VARIABLE: "1", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "harness", "verify", "--scenario", str(LEDGER), "--engine", PG,
               "--checks", "upgrade", "--seed-size", "5", "--report-dir", str(tmp_path / "report")]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert entries(cache_dir) == []


@pytest.mark.parametrize(
    "edit",
    [
        # A changed install script: the kept seeded template would have the old schema.
        {"migrations/v1.0.0/postgresql.install.sql": (
            "name varchar(100) NOT NULL DEFAULT ''", "name varchar(120) NOT NULL DEFAULT ''")},
        # Changed seed code: the kept rows would be the old seed's.
        {"seed.py": ('"created_at": 1_700_000_000 + ident', '"created_at": 1_800_000_000 + ident')},
    ],
    ids=["install-script", "seed-code"],
)
def test_a_changed_input_rebuilds(cache_dir: Path, tmp_path: Path, edit: dict[str, tuple[str, str]]) -> None:
    original = copy_with_edits(LEDGER, tmp_path / "before", {})
    _, rows, head = run_once(original)
    changed = copy_with_edits(LEDGER, tmp_path / "after", edit)
    counts, rows_after, head_after = run_once(changed)
    assert counts.installs == 2 and counts.seeds == 1
    assert (rows_after, head_after) != (rows, head)
    assert len(entries(cache_dir)) == 2


def test_a_changed_seed_size_rebuilds(cache_dir: Path) -> None:
    _, rows, _ = run_once(LEDGER, seed_size=10)
    counts, bigger, _ = run_once(LEDGER, seed_size=30)
    assert counts.seeds == 1 and len(bigger) > len(rows)


@pytest.mark.parametrize("damage", ["metadata", "marker", "database"])
def test_a_damaged_entry_is_rebuilt(cache_dir: Path, damage: str) -> None:
    _, rows, head = run_once(LEDGER)
    (entry,) = entries(cache_dir)
    if damage == "metadata":
        (entry / METADATA).write_bytes(b"not a pickle")
    elif damage == "marker":  # what an interrupted save would leave if it were renamed in too early
        (entry / COMPLETE).unlink()
    else:  # the entry says a database is there that is not: the data directory lost it
        _drop_seeded_database_files(entry)
    counts, rows_again, head_again = run_once(LEDGER)
    assert counts.seeds == 1
    assert (rows_again, head_again) == (rows, head)
    third, _, _ = run_once(LEDGER)  # the rebuilt entry is complete and used
    assert (third.installs, third.seeds) == (0, 0)


def _drop_seeded_database_files(entry: Path) -> None:
    """Rename the seeded database in the kept metadata to one the data directory does not have."""
    import pickle

    stored = pickle.loads((entry / METADATA).read_bytes())
    seed = stored.seeded[FIRST]
    stored.seeded[FIRST] = replace(seed, database="uh_missing_database")
    (entry / METADATA).write_bytes(pickle.dumps(stored))


@pytest.fixture
def harness_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A stand-in for the harness's source tree, hashed as the harness's code; the real one is hashed again after."""
    code = tmp_path / "code"
    code.mkdir()
    (code / "seeding.py").write_text("def seed_rows(count):\n    return range(count)\n")
    monkeypatch.setattr(template_cache, "_SOURCE_ROOTS", (code,))
    template_cache.harness_code_key.cache_clear()
    yield code
    template_cache.harness_code_key.cache_clear()


def test_the_key_covers_every_file_of_the_harness_and_the_migrator() -> None:
    """Seeding, checksums and the runners live outside the cache's own package: a change in any must rebuild."""
    roots = template_cache._SOURCE_ROOTS
    assert REPO / "harness" in roots and REPO / "migrator" in roots
    assert all(root.is_dir() for root in roots)


def test_the_harness_code_is_read_once_per_process(harness_code: Path) -> None:
    """An edit of the harness's files while a run goes on (the code running is the one imported) keeps the run's
    entry name, so what it saves it finds again; a process started after the edit gets another name."""
    before = inputs_key((LEDGER,), "runner", 10)
    (harness_code / "seeding.py").write_text("def seed_rows(count):\n    return range(count + 1)\n")
    assert inputs_key((LEDGER,), "runner", 10) == before
    template_cache.harness_code_key.cache_clear()  # what a new process sees
    assert inputs_key((LEDGER,), "runner", 10) != before


def test_an_existing_server_by_url_never_gets_cache_databases(cache_dir: Path, postgresql_server: Server) -> None:
    url = postgresql_server.url().render_as_string(hide_password=False)
    before = _databases(postgresql_server)
    for _ in range(2):
        counts, _, _ = run_once(LEDGER, engine=url)
        assert counts.seeds == 1
    assert entries(cache_dir) == []
    assert _databases(postgresql_server) == before


def _databases(server: Server) -> set[str]:
    with connect(server.url()) as connection:
        return {row[0] for row in connection.execute(text("SELECT datname FROM pg_database"))}


def test_two_concurrent_runs_both_succeed(cache_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def start(name: str) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "harness", "verify", "--scenario", str(LEDGER), "--engine", PG,
                   "--checks", "upgrade,schema,data", "--seed-size", "5", "--report-dir", str(tmp_path / name)]
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)

    runs = [start("one"), start("two")]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], "\n".join(outputs)[-3000:]
    (entry,) = entries(cache_dir)
    assert (entry / COMPLETE).is_file()
    assert not [p for p in cache_dir.iterdir() if p.name.startswith(".") and p.name != ".lock"]


@pytest.mark.parametrize(
    ("program", "kept"),
    [
        ("touch ready; sleep 30", False),  # the stop signal kills it: what it leaves may be inconsistent
        ("trap 'exit 0' INT; touch ready; sleep 30 & wait", True),  # a clean shutdown
    ],
    ids=["killed", "clean"],
)
def test_a_directory_is_kept_only_after_a_clean_stop_and_a_lost_one_is_said(program: str, kept: bool) -> None:
    account = service_account()
    process = ServerProcess(["sh", "-c", program], Workspace("keeptest", account), account, signal.SIGKILL)
    while not (process.workspace.path / "ready").exists():  # its signal handling is in place
        assert not process.exited(), process.log_tail()
        time.sleep(0.01)
    saved: list[bool] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        process.stop(how=signal.SIGINT, keep=lambda: saved.append(True))
    said = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert saved == ([True] if kept else [])
    assert (said == []) if kept else ("not kept for the next run" in said[0] and "exit code -2" in said[0])
