"""`verify`: the live schema against a fresh install of the recorded version, in a scratch space that vanishes."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator import Migrator, RefusedError
from tests.migrator.support import ACCOUNTS, HEAD, Database, copy_history, execute, rows, run_cli, seed

DRIFT = {
    "postgresql": (
        "ALTER TABLE accounts ADD COLUMN nickname varchar(20)",
        "DROP INDEX idx_accounts_status",
        "ALTER TABLE events ALTER COLUMN kind SET DEFAULT 'login'",
        "ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL",
        "CREATE TABLE scratch_notes (id int)",
    ),
    "mysql": (
        "ALTER TABLE accounts ADD COLUMN nickname varchar(20)",
        "DROP INDEX idx_accounts_status ON accounts",
        "ALTER TABLE events ALTER COLUMN kind SET DEFAULT 'login'",
        "ALTER TABLE accounts MODIFY email varchar(191) NULL DEFAULT ''",
        "CREATE TABLE scratch_notes (id int)",
    ),
}


def scratch_spaces(db: Database) -> list[tuple[object, ...]]:
    if db.dialect == "postgresql":
        return rows(db.url, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'migrator_verify_%'")
    return rows(
        db.url, "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'migrator_verify_%'"
    )


def test_verify_lists_each_difference_readably(db: Database) -> None:
    migrator = Migrator(db.url, ACCOUNTS)
    migrator.install("v1.0.0")
    seed(db.url, "v1.0.0")
    migrator.upgrade()
    assert migrator.verify() == []
    execute(db.url, *DRIFT[db.dialect])

    found = migrator.verify()

    fresh = f"the fresh install of {HEAD}"
    assert any(line.startswith("table accounts, column nickname: not in " + fresh) for line in found), found
    missing_index = f"table accounts, index idx_accounts_status: missing ({fresh} has INDEX (status)"
    assert any(line.startswith(missing_index) for line in found), found
    assert any(line.startswith("table events, column kind: default is ") and "login" in line for line in found), found
    assert f"table accounts, column email: nullable is yes, {fresh} has no" in found
    assert f"table scratch_notes: not in {fresh}" in found
    assert len(found) == 5, found
    assert scratch_spaces(db) == []

    shown = run_cli(db.url, ACCOUNTS, "verify")
    assert shown.returncode == 1
    assert f"- table scratch_notes: not in {fresh}" in shown.stdout


def test_verify_needs_a_recorded_version(db: Database) -> None:
    with pytest.raises(RefusedError, match="no recorded version"):
        Migrator(db.url, ACCOUNTS).verify()
    assert run_cli(db.url, ACCOUNTS, "verify").returncode == 2


def test_verify_cleans_up_when_the_install_script_fails(db: Database, tmp_path: Path) -> None:
    Migrator(db.url, ACCOUNTS).install("v1.1.0")
    broken = copy_history(tmp_path)
    script = broken / "v1.1.0" / f"{db.dialect}.install.sql"
    script.write_text(script.read_text() + "\nCREATE INDEX idx_broken ON no_such_table (x);\n")
    with pytest.raises(RefusedError, match="install script fails on this server"):
        Migrator(db.url, broken).verify()
    assert scratch_spaces(db) == []
