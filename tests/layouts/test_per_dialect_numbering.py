"""golang-migrate dialect directories numbered independently (mysql `3_rollouts`, postgres `4_rollouts`): pairing them
by number would name MySQL's migrations in PostgreSQL's results, so the history is refused with what to do instead."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness.layouts import read_history
from harness.scenario import ScenarioError

REPO = Path(__file__).resolve().parents[2]


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, sql in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(sql)
    return root


@pytest.fixture
def flags(tmp_path: Path) -> Path:
    """A feature-flag service: PostgreSQL needed an extension migration MySQL did not, so its numbers run ahead."""
    return _write(tmp_path / "flags", {
        "mysql/1_create_flags.up.sql": "CREATE TABLE flags (id bigint PRIMARY KEY, name varchar(100) NOT NULL);",
        "mysql/2_add_flag_owner.up.sql": "ALTER TABLE flags ADD COLUMN owner varchar(100);",
        "mysql/3_create_rollouts.up.sql": "CREATE TABLE rollouts (flag_id bigint NOT NULL, percent int NOT NULL);",
        "postgres/1_create_flags.up.sql": "CREATE TABLE flags (id bigint PRIMARY KEY, name varchar(100) NOT NULL);",
        "postgres/2_enable_citext.up.sql": "CREATE EXTENSION IF NOT EXISTS citext;",
        "postgres/3_add_flag_owner.up.sql": "ALTER TABLE flags ADD COLUMN owner citext;",
        "postgres/4_create_rollouts.up.sql": "CREATE TABLE rollouts (flag_id bigint NOT NULL, percent int NOT NULL);",
    })  # fmt: skip


def test_independently_numbered_dialects_are_refused_naming_both(flags: Path) -> None:
    with pytest.raises(ScenarioError) as refused:
        read_history(flags)
    message = str(refused.value)
    assert "numbered independently (mysql/2_add_flag_owner, postgres/2_enable_citext;" in message
    assert "mysql/3_create_rollouts, postgres/3_add_flag_owner" in message
    assert "Verify each directory on its own" in message


def test_the_command_line_says_so_in_one_message(flags: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "harness", "plan", "--scenario", str(flags), "--engine", "postgresql@15"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "numbered independently" in result.stderr and "Traceback" not in result.stderr


def test_one_dialects_directory_on_its_own_still_reads(flags: Path) -> None:
    history = read_history(flags / "postgres")
    assert [m.name for m in history.migrations] == [
        "create_flags",
        "enable_citext",
        "add_flag_owner",
        "create_rollouts",
    ]


def test_directories_numbered_together_still_read() -> None:
    history = read_history(REPO / "fixtures" / "foreign" / "golang-migrate")
    assert len(history.migrations) == 38
