"""Refusals: a changed script, a database newer than the code, an unknown target. Exit 2, nothing changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from migrator import Migrator
from tests.migrator.support import ACCOUNTS, HEAD, Database, copy_history, history, run_cli, seed, state


def prepared(db: Database, version: str) -> Migrator:
    migrator = Migrator(db.url, ACCOUNTS)
    migrator.install("v1.0.0")
    seed(db.url, "v1.0.0")
    migrator.upgrade(to=version)
    return migrator


def unchanged(db: Database) -> Callable[[], None]:
    """A check that schema, data, version rows and history are as they are now."""
    before = (state(db.url, db.dialect), history(db.url))

    def check() -> None:
        assert (state(db.url, db.dialect), history(db.url)) == before

    return check


def test_changed_checksum_is_refused_until_accepted(db: Database, tmp_path: Path) -> None:
    prepared(db, "v1.1.0")
    edited = copy_history(tmp_path)
    script = edited / "v1.1.0" / f"{db.dialect}.upgrade.sql"
    script.write_text(script.read_text() + "\n-- reviewed again\n")
    check = unchanged(db)

    refused = run_cli(db.url, edited, "upgrade")

    assert refused.returncode == 2, refused.stdout
    assert f"v1.1.0: {script} changed after it was applied" in refused.stderr
    assert "repair --accept-checksums" in refused.stderr
    check()
    shown = run_cli(db.url, edited, "status")
    assert shown.returncode == 0 and "changed after it was applied" in shown.stdout
    assert run_cli(db.url, edited, "plan").returncode == 2
    assert run_cli(db.url, edited, "rollback", "--to", "v1.0.0").returncode == 2
    check()

    accepted = run_cli(db.url, edited, "repair", "--accept-checksums")
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith("v1.1.0: checksum ")
    assert history(db.url)[-1][:3] == ("v1.1.0", "repair", "repaired")
    assert run_cli(db.url, edited, "upgrade").returncode == 0
    assert Migrator(db.url, edited).status().current == HEAD


def test_database_newer_than_the_code_is_refused(db: Database, tmp_path: Path) -> None:
    prepared(db, HEAD)
    older_release = copy_history(tmp_path, ("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0"))
    check = unchanged(db)
    for verb in (("upgrade",), ("rollback", "--to", "v1.2.0"), ("plan",)):
        refused = run_cli(db.url, older_release, *verb)
        assert refused.returncode == 2, refused.stdout
        assert f"the database is at {HEAD}, newer than the newest version" in refused.stderr
    check()


@pytest.mark.parametrize(
    ("verb", "message"),
    [
        (("upgrade", "--to", "v3.0.0"), "unknown target version 'v3.0.0'"),
        (("upgrade", "--to", "v1.0.0"), "use `rollback --to v1.0.0`"),
        (("rollback", "--to", "v0.9.0"), "unknown version 'v0.9.0'"),
        (("install", "--version", "v1.1.0"), "already at v1.1.0"),
        (("plan", "--to", "latest"), "unknown target version 'latest'"),
    ],
    ids=["upgrade-unknown", "upgrade-backwards", "rollback-unknown", "install-over", "plan-unknown"],
)
def test_bad_targets_are_refused(db: Database, verb: tuple[str, ...], message: str) -> None:
    prepared(db, "v1.1.0")
    check = unchanged(db)
    refused = run_cli(db.url, ACCOUNTS, *verb)
    assert refused.returncode == 2, refused.stdout
    assert message in refused.stderr
    check()


def test_version_inserted_below_the_current_one_is_refused(db: Database, tmp_path: Path) -> None:
    prepared(db, "v1.2.0")
    inserted = copy_history(tmp_path)
    shutil.copytree(inserted / "v1.1.0", inserted / "v1.1.5")
    check = unchanged(db)
    refused = run_cli(db.url, inserted, "upgrade")
    assert refused.returncode == 2
    assert "v1.1.5 lies below the current version but was never applied here" in refused.stderr
    check()


def test_connection_errors_exit_2_without_the_password(db: Database) -> None:
    url = db.url.set(password="s3cret-pw", username="nobody_here")
    refused = run_cli(url, ACCOUNTS, "status")
    assert refused.returncode == 2
    assert "cannot connect to " in refused.stderr
    assert "s3cret-pw" not in refused.stderr + refused.stdout
    assert "***" in refused.stderr
