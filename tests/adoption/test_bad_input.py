"""Bad input from a user's own history: one message naming the file and line, exit 2, no traceback.

Each broken history is the invoicing history with one realistic mistake; the message must point at the mistake.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .installed import Completed, InstalledHarness
from .outcomes import report
from .user_project import write_scenario

pytestmark = pytest.mark.slow
UNREACHABLE_URL = "postgresql://nobody@127.0.0.1:9/none"  # validation must come before any connection


@dataclass(frozen=True)
class Mistake:
    """An edit of the history and where the message must point: a file (relative to the scenario) and its lines."""

    name: str
    edit: Callable[[Path], None]
    file: str
    lines: frozenset[int]  # empty: the message names the file or directory, no line


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path} does not hold {old!r}"
    path.write_text(text.replace(old, new, 1))


def _drop_an_undo(scenario: Path) -> None:
    _replace(scenario / "migrations/v1.1.0/postgresql.upgrade.sql",
             "-- migrator:undo\nALTER TABLE clients DROP COLUMN country;\n", "")


def _unbalance_a_statement(scenario: Path) -> None:
    _replace(scenario / "migrations/v1.2.0/postgresql.upgrade.sql",
             "    paid_at bigint NOT NULL DEFAULT 0\n);", "    paid_at bigint NOT NULL DEFAULT 0;")


def _add_a_two_part_version(scenario: Path) -> None:
    shutil.copytree(scenario / "migrations/v2.0.0", scenario / "migrations/v1.3")


MISTAKES = (
    # The step's marker is line 1, its statement line 2.
    Mistake("step-without-undo", _drop_an_undo, "migrations/v1.1.0/postgresql.upgrade.sql", frozenset({1, 2})),
    # The CREATE TABLE spans lines 2-6.
    Mistake("unbalanced-sql", _unbalance_a_statement, "migrations/v1.2.0/postgresql.upgrade.sql",
            frozenset(range(1, 7))),
    Mistake("two-part-version-directory", _add_a_two_part_version, "migrations/v1.3", frozenset()),
)

_LINE_FORMS = (r":(\d+)", r"\"?,? line (\d+)", r" \(line (\d+)\)")


def lines_named(text: str, file: str) -> set[int]:
    """Line numbers the text gives for `file` (`file:12`, `file, line 12`, `file (line 12)`)."""
    found: set[int] = set()
    for form in _LINE_FORMS:
        found |= {int(number) for number in re.findall(re.escape(file) + form, text)}
    return found


def assert_one_message(done: Completed, file: str, lines: frozenset[int]) -> None:
    assert done.returncode == 2, done.describe()
    assert "Traceback" not in done.output, done.describe()
    assert "╭" not in done.output, f"a formatted traceback panel\n{done.describe()}"
    message = [line for line in done.stderr.splitlines() if line.strip()]
    assert 1 <= len(message) <= 3, f"expected one message on stderr\n{done.describe()}"
    assert file in done.stderr, f"the message does not name {file}\n{done.describe()}"
    if lines:
        named = lines_named(done.stderr, file)
        assert named & lines, f"the message names lines {sorted(named)} of {file}, expected one of {sorted(lines)}"


def broken_scenario(tmp_path: Path, mistake: Mistake) -> Path:
    scenario = write_scenario(tmp_path / "db")
    mistake.edit(scenario)
    return scenario


COMMANDS: dict[str, Callable[[Path, Path], tuple[str, ...]]] = {
    "verify": lambda scenario, work: (
        "upgrade-harness", "verify", "--scenario", str(scenario), "--engine", "postgresql@15:local",
        "--report-dir", str(work / "report"),
    ),
    "plan": lambda scenario, work: ("upgrade-harness", "plan", "--scenario", str(scenario), "--engine",
                                    "postgresql@15:local"),
    "reproduce": lambda scenario, work: (
        "upgrade-harness", "reproduce", "--dump", str(_customer_dump(work)), "--scenario", str(scenario),
        "--engine", "postgresql@15:local",
    ),
    "migrator": lambda scenario, work: ("migrator", "--url", UNREACHABLE_URL, "--migrations",
                                        str(scenario / "migrations"), "plan"),
}


def _customer_dump(work: Path) -> Path:
    dump = work / "customer.sql"
    dump.write_text(
        "--\n-- PostgreSQL database dump\n--\n\nSET client_encoding = 'UTF8';\n\n"
        "CREATE TABLE public.clients (id bigint NOT NULL, name character varying(100) DEFAULT ''::character varying);\n"
    )
    return dump


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("mistake", MISTAKES, ids=[mistake.name for mistake in MISTAKES])
def test_a_broken_history_is_one_message_naming_file_and_line(
    installed: InstalledHarness, tmp_path: Path, mistake: Mistake, command: str
) -> None:
    scenario = broken_scenario(tmp_path, mistake)
    program, *args = COMMANDS[command](scenario, tmp_path)
    done = installed.run(program, *args, cwd=tmp_path, timeout_s=300)
    assert_one_message(done, mistake.file, mistake.lines)
    assert not (tmp_path / "report" / "report.json").exists(), "a report of cases that never ran was written"


_NULL_EMAIL = '    connection.execute(text("INSERT INTO clients (id, name) VALUES (999999, \'No e-mail\')"))\n'


@pytest.mark.usefixtures("local_postgresql")
def test_a_seed_violating_not_null_is_one_message_naming_the_seed_line(
    installed: InstalledHarness, tmp_path: Path
) -> None:
    scenario = write_scenario(tmp_path / "db")
    seed = scenario / "seed.py"
    _replace(seed, "    return counts\n", _NULL_EMAIL + "    return counts\n")
    line = seed.read_text().splitlines().index(_NULL_EMAIL.rstrip("\n")) + 1
    done = installed.run(
        "upgrade-harness", "verify", "--scenario", str(scenario), "--engine", "postgresql@15:local",
        "--seed-size", "20", "--report-dir", str(tmp_path / "report"), cwd=tmp_path, timeout_s=300,
    )
    assert done.returncode == 2, done.describe()
    assert "Traceback" not in done.output, done.describe()
    assert line in lines_named(done.output, "seed.py"), f"the output does not name seed.py line {line}\n" + (
        done.describe()
    )
    if (tmp_path / "report" / "report.json").exists():
        # One root cause, one error: the seed of each version fails once, reported by the first case starting
        # there; the other cases starting there skip, naming that case.
        cases = report(tmp_path / "report")["cases"]
        assert {case["outcome"] for case in cases} <= {"error", "skipped"}, cases
        for start in {case["from"] for case in cases}:
            here = [case for case in cases if case["from"] == start]
            errors = [case for case in here if case["outcome"] == "error"]
            assert len(errors) == 1, f"cases from {start}: {sorted(case['outcome'] for case in here)}"
            for case in here:
                if case["outcome"] == "skipped":
                    assert case["message"].endswith(f"reported once, by {errors[0]['id']}"), case
    # Raised once per seed that failed (the bad insert runs at every version the seed is called for), never per case:
    # each error is printed in its section and again in pytest's short summary.
    failed_seeds = len({case["from"] for case in report(tmp_path / "report")["cases"]})
    complaints = [text for text in done.output.splitlines() if "violates not-null constraint" in text]
    assert 1 <= len(complaints) <= 2 * failed_seeds, (
        f"{len(complaints)} lines repeat the NOT NULL violation of {failed_seeds} seeds\n{done.describe()}"
    )
