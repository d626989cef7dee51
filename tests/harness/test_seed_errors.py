"""A seed that fails is a mistake in the scenario: an `error` outcome naming the seed's file and line, raised once.

`upgrade-harness verify` runs from a directory outside this checkout on a three-release scenario written here, on a
real server, with a seed that violates a NOT NULL constraint at v1.1.0 only.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.engines import Server

TABLE = {
    "mysql": "CREATE TABLE item (\n    id int NOT NULL,\n    name varchar(50) NOT NULL,\n{extra}    PRIMARY KEY (id)\n)"
             " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n",
    "postgresql": "CREATE TABLE item (\n    id integer PRIMARY KEY,\n{extra}    name varchar(50) NOT NULL\n);\n",
}
NOTE = "    note varchar(20) NOT NULL DEFAULT '',\n"
ADD_NOTE = (
    "-- migrator:step\nALTER TABLE item ADD COLUMN note varchar(20) NOT NULL DEFAULT '';\n"
    "-- migrator:undo\nALTER TABLE item DROP COLUMN note;\n"
)
ADD_INDEX = {
    "mysql": "-- migrator:step\nCREATE INDEX idx_item_name ON item (name);\n"
             "-- migrator:undo\nDROP INDEX idx_item_name ON item;\n",
    "postgresql": "-- migrator:step\nCREATE INDEX idx_item_name ON item (name);\n"
                  "-- migrator:undo\nDROP INDEX idx_item_name;\n",
}
SEED = '''\
from pathlib import Path

from sqlalchemy import text

CALLS = Path(__file__).with_name("seed-calls.log")


def seed(connection, *, version, dialect, size=100, batch=0):
    with CALLS.open("a") as log:
        log.write(f"{version} {dialect}\\n")
    rows = [{"id": i, "name": None if version == "v1.1.0" else f"item {i}"} for i in range(1, 6)]
    connection.execute(text("INSERT INTO item (id, name) VALUES (:id, :name)"), rows)  # fails at v1.1.0
    return {"item": len(rows)}
'''


def installed(command: str) -> str:
    """The console script as installed beside this interpreter (what a user's shell runs)."""
    found = shutil.which(command, path=str(Path(sys.executable).parent)) or shutil.which(command)
    if found is None:
        pytest.fail(f"`{command}` is not installed: pip install -e . (or the wheel) first")
    return found


def write_scenario(root: Path) -> Path:
    for dialect, table in TABLE.items():
        releases = {
            "v1.0.0": (table.format(extra=""), None),
            "v1.1.0": (table.format(extra=NOTE), ADD_NOTE),
            "v1.2.0": (table.format(extra=NOTE) + "CREATE INDEX idx_item_name ON item (name);\n", ADD_INDEX[dialect]),
        }
        for version, (install, upgrade) in releases.items():
            directory = root / "migrations" / version
            directory.mkdir(parents=True, exist_ok=True)
            (directory / f"{dialect}.install.sql").write_text(install)
            if upgrade is not None:
                (directory / f"{dialect}.upgrade.sql").write_text(upgrade)
    (root / "seed.py").write_text(SEED)
    (root / "scenario.toml").write_text('name = "items"\nmigrations = "migrations"\nseed = "seed.py"\n')
    return root.resolve()


ENGINES = [
    pytest.param("postgresql@15:local", "postgresql_server", id="postgresql@15"),
    pytest.param("mariadb@10.11:local", "mariadb_server", id="mariadb@10.11"),
]


@pytest.mark.parametrize(("engine", "server_fixture"), ENGINES)
def test_a_failing_seed_is_an_error_naming_its_file_and_line_raised_once(
    tmp_path: Path, request: pytest.FixtureRequest, engine: str, server_fixture: str
) -> None:
    server: Server = request.getfixturevalue(server_fixture)  # skips, with the reason, when the engine cannot run
    scenario = write_scenario(tmp_path / "items")
    report_dir = tmp_path / "report"
    workdir = tmp_path / "user-project"
    workdir.mkdir()
    done = subprocess.run(
        [installed("upgrade-harness"), "verify", "--scenario", str(scenario), "--engine", engine,
         "--checks", "upgrade,schema,data,idempotent", "--report-dir", str(report_dir)],
        cwd=workdir, env=dict(os.environ), capture_output=True, text=True, timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 2, output  # the scenario is bad input
    failing_line = SEED.splitlines().index(next(line for line in SEED.splitlines() if "# fails at" in line)) + 1
    where = f"{scenario / 'seed.py'}:{failing_line}"

    cases = json.loads((report_dir / "report.json").read_text())["cases"]
    bad = [case for case in cases if case["from"] == "v1.1.0"]
    good = [case for case in cases if case["from"] != "v1.1.0"]
    assert {case["check"] for case in bad} == {"upgrade", "schema", "data", "idempotent"}
    # One root cause, one error: the first case that needs the seed reports it, the others point at that case.
    (first,) = [case for case in bad if case["outcome"] == "error"]
    message = str(first["message"])
    assert message.startswith(f"{where}: the scenario's seed failed at v1.1.0 on {server.spec.name}"), message
    assert "null" in message.splitlines()[0].lower()
    for case in bad:
        if case is not first:
            assert case["outcome"] == "skipped", case
            assert case["message"] == (f"the seed of v1.1.0 on {server.spec.name} failed; "
                                       f"reported once, by {first['id']}"), case
    assert good and all(case["outcome"] == "passed" for case in good), good

    calls = (scenario / "seed-calls.log").read_text().splitlines()
    assert calls.count(f"v1.1.0 {server.dialect}") == 1, calls  # not re-run for every case that starts there
    assert where in output
    # The database error's full text (statement and parameters) is not repeated for every case.
    assert output.count("INSERT INTO item") <= 1, output
