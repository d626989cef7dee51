"""A broken scenario stops `plan`, `verify` and `reproduce` with one message naming the file and line, exit 2.

Each case runs the installed `upgrade-harness` (and `migrator`) from a directory outside this checkout, on a small
scenario written here, as a user would. None of them needs a server: the scenario is read before any starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.scenario import load_scenario
from migrator import load_source

INSTALL = {
    "mysql": "CREATE TABLE item (\n    id int NOT NULL,\n    name varchar(50) NOT NULL,\n    PRIMARY KEY (id)\n);\n",
    "postgresql": "CREATE TABLE item (\n    id integer PRIMARY KEY,\n    name varchar(50) NOT NULL\n);\n",
}
ADD_NOTE = (
    "-- migrator:step\n"
    "ALTER TABLE item ADD COLUMN note varchar(20) NOT NULL DEFAULT '';\n"
    "-- migrator:undo\n"
    "ALTER TABLE item DROP COLUMN note;\n"
)
NOTE_COLUMN = ",\n    note varchar(20) NOT NULL DEFAULT ''\n);\n"
PG_DUMP = "--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE public.item (id integer);\n"


def write_scenario(root: Path, *, upgrade: str = ADD_NOTE, seed: str | None = None) -> Path:
    """A two-release scenario (v1.0.0, v1.1.0) in migrator's format; `upgrade` is v1.1.0's PostgreSQL script."""
    for dialect, install in INSTALL.items():
        first = root / "migrations" / "v1.0.0"
        second = root / "migrations" / "v1.1.0"
        first.mkdir(parents=True, exist_ok=True)
        second.mkdir(parents=True, exist_ok=True)
        (first / f"{dialect}.install.sql").write_text(install)
        (second / f"{dialect}.install.sql").write_text(install.removesuffix("\n);\n") + NOTE_COLUMN)
        (second / f"{dialect}.upgrade.sql").write_text(upgrade if dialect == "postgresql" else ADD_NOTE)
    manifest = 'name = "items"\nmigrations = "migrations"\nrunner = "migrator"\n'
    if seed is not None:
        (root / "seed.py").write_text(seed)
        manifest += 'seed = "seed.py"\n'
    (root / "scenario.toml").write_text(manifest)
    return root


def installed(command: str) -> str:
    """The console script as installed beside this interpreter (what a user's shell runs)."""
    found = shutil.which(command, path=str(Path(sys.executable).parent)) or shutil.which(command)
    if found is None:
        pytest.fail(f"`{command}` is not installed: pip install -e . (or the wheel) first")
    return found


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def one_message(self, prefix: str = "upgrade-harness: error: ") -> str:
        """The only line on stderr, which must be the error; no traceback."""
        assert "Traceback" not in self.stderr + self.stdout, self.stderr
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, self.stderr
        assert lines[0].startswith(prefix), lines[0]
        return lines[0]


Runner = Callable[..., Run]


@pytest.fixture
def run(tmp_path: Path) -> Runner:
    """Run an installed command from a directory outside the checkout, with a temporary directory of its own that
    must be empty again afterwards (bad input leaves nothing behind)."""
    workdir = tmp_path / "user-project"
    scratch = tmp_path / "scratch"
    workdir.mkdir()
    scratch.mkdir()

    def call(command: str, *args: str) -> Run:
        env = {**os.environ, "TMPDIR": str(scratch)}
        done = subprocess.run(
            [installed(command), *args], cwd=workdir, env=env, capture_output=True, text=True, timeout=300
        )
        assert list(scratch.iterdir()) == [], "bad input left files behind"
        return Run(done.returncode, done.stdout, done.stderr)

    return call


def harness_commands(scenario: Path, dump: Path) -> dict[str, tuple[str, ...]]:
    engine = ("--engine", "postgresql@15")
    return {
        "plan": ("plan", "--scenario", str(scenario), *engine),
        "verify": ("verify", "--scenario", str(scenario), *engine, "--report-dir", str(scenario.parent / "out")),
        "reproduce": ("reproduce", "--dump", str(dump), *engine, "--scenario", str(scenario)),
    }


COMMANDS = ("plan", "verify", "reproduce")

STEP_WITHOUT_UNDO = "-- migrator:step\nALTER TABLE item ADD COLUMN note varchar(20) NOT NULL DEFAULT '';\n"
UNBALANCED = (
    "-- migrator:step\n"
    "ALTER TABLE item ADD COLUMN note varchar(20) NOT NULL DEFAULT ';\n"
    "-- migrator:undo\n"
    "ALTER TABLE item DROP COLUMN note;\n"
)
BROKEN_SCRIPTS = [
    pytest.param(STEP_WITHOUT_UNDO, 1, "step without an undo section: add `-- migrator:undo`", id="step-without-undo"),
    pytest.param(UNBALANCED, 2, "unterminated string", id="unbalanced-quote"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("script", "line", "problem"), BROKEN_SCRIPTS)
def test_a_broken_upgrade_script_is_one_message_with_file_and_line(
    tmp_path: Path, run: Runner, command: str, script: str, line: int, problem: str
) -> None:
    scenario = write_scenario(tmp_path / "items", upgrade=script)
    dump = tmp_path / "customer.sql"
    dump.write_text(PG_DUMP)
    result = run("upgrade-harness", *harness_commands(scenario, dump)[command])
    assert result.code == 2
    message = result.one_message()
    assert f"{scenario / 'migrations' / 'v1.1.0' / 'postgresql.upgrade.sql'}:{line}: {problem}" in message
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("directory", "advice"), [
    pytest.param("v1.3", "rename it to v1.3.0", id="v1.3"),
    pytest.param("1.3.0", "rename it to v1.3.0", id="1.3.0"),
    pytest.param("drafts", "move it out of the migrations directory", id="not-a-version"),
])
def test_a_directory_that_is_not_a_version_is_one_message(
    tmp_path: Path, run: Runner, command: str, directory: str, advice: str
) -> None:
    scenario = write_scenario(tmp_path / "items")
    shutil.copytree(scenario / "migrations" / "v1.1.0", scenario / "migrations" / directory)
    dump = tmp_path / "customer.sql"
    dump.write_text(PG_DUMP)
    result = run("upgrade-harness", *harness_commands(scenario, dump)[command])
    assert result.code == 2
    message = result.one_message()
    assert f"{scenario / 'migrations' / directory}: not a version" in message
    assert advice in message


@pytest.mark.parametrize("directory", ["1.3.0", "v1.3", "drafts"])
def test_the_migrator_applies_the_same_rule(tmp_path: Path, run: Runner, directory: str) -> None:
    """A version directory the harness refuses, the runner refuses too (and neither takes it for the head)."""
    scenario = write_scenario(tmp_path / "items")
    shutil.copytree(scenario / "migrations" / "v1.1.0", scenario / "migrations" / directory)
    result = run("migrator", "--url", "postgresql://nobody@127.0.0.1:9/none", "--migrations",
                 str(scenario / "migrations"), "status")
    assert result.code == 2
    assert f"{scenario / 'migrations' / directory}: not a version" in result.one_message("migrator: ")


def test_directories_starting_with_underscore_or_dot_are_set_aside_by_both(tmp_path: Path, run: Runner) -> None:
    scenario = write_scenario(tmp_path / "items")
    for name in ("_drafts", ".snapshots"):
        shutil.copytree(scenario / "migrations" / "v1.1.0", scenario / "migrations" / name)
    assert load_scenario(scenario).versions == load_source(scenario / "migrations").names == ("v1.0.0", "v1.1.0")
    result = run("upgrade-harness", "plan", "--scenario", str(scenario), "--engine", "postgresql@15",
                 "--checks", "upgrade")
    assert result.code == 0, result.stderr
    assert "items: 1 cases" in result.stdout


SEED_SYNTAX_ERROR = "from sqlalchemy import text\n\n\ndef seed(connection, *, version, dialect, size=100, batch=0)\n"
SEED_IMPORT_ERROR = "import os\n\nROWS = os.environ['NO_SUCH_VARIABLE_FOR_THE_SEED']\n"
SEED_WITHOUT_FUNCTION = "ROWS = 3\n"


@pytest.mark.parametrize("command", ["plan", "verify"])
@pytest.mark.parametrize(("seed", "where", "problem"), [
    pytest.param(SEED_SYNTAX_ERROR, ":4: ", "SyntaxError", id="syntax-error"),
    pytest.param(SEED_IMPORT_ERROR, ":3: ", "KeyError: 'NO_SUCH_VARIABLE_FOR_THE_SEED'", id="import-error"),
    pytest.param(SEED_WITHOUT_FUNCTION, ": ", "no seed function; define `def seed(connection", id="no-function"),
])
def test_a_seed_module_that_cannot_be_used_is_one_message(
    tmp_path: Path, run: Runner, command: str, seed: str, where: str, problem: str
) -> None:
    scenario = write_scenario(tmp_path / "items", seed=seed)
    result = run("upgrade-harness", *harness_commands(scenario, tmp_path / "unused.sql")[command])
    assert result.code == 2
    message = result.one_message()
    assert f"{scenario / 'seed.py'}{where}" in message
    assert problem in message
