"""Ctrl-C in the middle of a run: servers stopped, their directories gone, a partial report marked interrupted, 130.

The run gets a temporary directory of its own (TMPDIR), so everything it leaves there is its own; its servers'
directories on /dev/shm are read from its state records while it runs. Other runs on the same machine may create
entries in /dev/shm meanwhile: those are recorded in the shared state directory and are not counted.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pytest

from .installed import InstalledHarness
from .outcomes import report
from .plain_servers import MARIADB_SEARCH_PATH
from .user_project import write_scenario

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("local_postgresql")]
SHM = Path("/dev/shm")
STATE_NAME = f"upgrade-harness-state-{os.getuid()}"
SHARED_STATE = Path(tempfile.gettempdir()) / STATE_NAME
SERVERS_UP_TIMEOUT_S = 120
MID_RUN_S = 3.0  # after the first server is up: seeding and the first cases are under way


def shm_entries() -> set[Path]:
    """/dev/shm and one level inside the harness's work roots there."""
    entries = set(SHM.iterdir())
    for entry in list(entries):
        if entry.name.startswith("upgrade-harness-") and entry.is_dir():
            entries |= set(entry.iterdir())
    return entries


def records(state_dir: Path) -> list[dict[str, object]]:
    found = []
    for entry in sorted(state_dir.glob("*.json")) if state_dir.is_dir() else []:
        try:
            found.append(json.loads(entry.read_text()))
        except (OSError, ValueError):
            continue  # being replaced right now
    return found


def start_ticks(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in ("Z", "X") else int(fields[19])


def files_under(directory: Path) -> list[str]:
    return sorted(str(path.relative_to(directory)) for path in directory.rglob("*") if not path.is_dir())


def test_sigint_mid_run_cleans_up_and_writes_a_partial_report(installed: InstalledHarness, tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path / "db")
    run_tmp = tmp_path / "tmp"
    run_tmp.mkdir()
    reports = tmp_path / "report"
    engines = ["--engine", "postgresql@15:local"]
    if any((Path(directory) / "mariadbd").exists() for directory in MARIADB_SEARCH_PATH.split(":")):
        engines += ["--engine", "mariadb@10.11:local"]
    shm_before = shm_entries()
    running = installed.start(
        "upgrade-harness", "verify", "--scenario", str(scenario), *engines, "--paths", "all-pairs",
        "--checks", "upgrade,schema,data,path,idempotent,rollback", "--faults", "sample", "--seed-size", "50",
        "--report-dir", str(reports), cwd=tmp_path, env={"TMPDIR": str(run_tmp)},
    )
    state_dir = run_tmp / STATE_NAME
    deadline = time.monotonic() + SERVERS_UP_TIMEOUT_S
    while time.monotonic() < deadline and running.process.poll() is None:
        if any(record.get("server_pid") for record in records(state_dir)):
            break
        time.sleep(0.1)
    time.sleep(MID_RUN_S)
    ours = records(state_dir)
    still_running = running.process.poll() is None
    if still_running:
        running.interrupt()
    done = running.wait(timeout_s=120)
    assert still_running, f"the run ended before it could be interrupted\n{done.describe()}"
    assert ours, f"no server of the run was recorded in {state_dir}\n{done.describe()}"

    assert done.returncode == 130, done.describe()
    assert "Traceback" not in done.output, done.describe()
    alive = [record for record in ours
             if record.get("server_pid") and start_ticks(int(str(record["server_pid"]))) == record.get("server_ticks")]
    assert alive == [], f"servers still running after the interrupt: {alive}"
    directories = [str(record["directory"]) for record in ours if Path(str(record["directory"])).exists()]
    assert directories == [], f"server directories left behind: {directories}"
    others = {Path(str(record["directory"])) for record in records(SHARED_STATE)}
    left_in_shm = sorted(str(entry) for entry in shm_entries() - shm_before - others)
    assert left_in_shm == [], f"left in /dev/shm: {left_in_shm}"
    assert files_under(run_tmp) == [], f"left in the run's temporary directory: {files_under(run_tmp)}"

    partial = report(reports)
    head = {key: value for key, value in partial.items() if key != "cases"}
    assert partial.get("gate", {}).get("interrupted") is True, f"report.json is not marked interrupted: {head}"
    assert partial["gate"]["code"] != 0, head
    summary = (reports / "summary.md").read_text()
    assert "interrupted" in summary.lower(), summary
