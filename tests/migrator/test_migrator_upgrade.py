"""Upgrades, fresh installs and explicit rollbacks of the sample history, on each test engine."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from migrator import Migrator, RefusedError
from tests.migrator.support import (
    ACCOUNTS,
    HEAD,
    VERSIONS,
    Database,
    column,
    data_state,
    execute,
    history,
    rows,
    run_cli,
    schema_state,
    seed,
    state,
)


@pytest.mark.parametrize("start", VERSIONS)
def test_upgrade_from_every_version_to_head(db: Database, another_database: Callable[[], Database], start: str) -> None:
    migrator = Migrator(db.url, ACCOUNTS)
    assert migrator.install(start).applied == (start,)
    seed(db.url, start)

    result = migrator.upgrade()

    crossed = VERSIONS[VERSIONS.index(start) + 1 :]
    assert result.applied == crossed
    source = migrator.source
    steps = sum(len(source.get(v).for_dialect(migrator.dialect.name).steps) for v in crossed)
    assert [(t.version, t.step) for t in result.statements] == [
        (v, s.index) for v in crossed for s in source.get(v).for_dialect(migrator.dialect.name).steps
    ]
    assert len(result.statements) == steps
    assert 0 < result.sql_seconds <= result.wall_seconds or not crossed
    status = migrator.status()
    assert (status.current, status.pending, status.in_flight, status.problems) == (HEAD, (), None, ())
    assert migrator.verify() == []
    fresh = another_database()
    Migrator(fresh.url, ACCOUNTS).install(HEAD)
    assert schema_state(db.url, db.dialect) == schema_state(fresh.url, db.dialect)
    data = data_state(db.url, db.dialect)
    assert sorted(column(data["accounts"], "name")) == ["ann", "bob", "cy", "dee"]
    groups = data["account_groups"]
    memberships = list(zip(column(groups, "account_id"), column(groups, "group_id"), strict=True))
    assert memberships == [("1", "3"), ("3", "7"), ("4", "3")]
    assert sorted(column(data["events"], "id")) == ["1", "3", "5"]
    assert sorted(column(data["events_archive"], "id")) == ["2", "4"]
    recorded = [(v, op, status) for v, op, status, *_ in history(db.url)]
    assert recorded == [(start, "install", "installed"), *((v, "upgrade", "applied") for v in crossed)]
    assert [r[0] for r in rows(db.url, "SELECT version FROM schema_migrations")] != []
    assert {r[0] for r in rows(db.url, "SELECT version FROM schema_migrations")} == {start, *crossed}
    assert rows(db.url, "SELECT * FROM schema_migrations_journal") == []


def test_second_upgrade_changes_nothing(db: Database) -> None:
    migrator = Migrator(db.url, ACCOUNTS)
    migrator.install("v1.0.0")
    seed(db.url, "v1.0.0")
    migrator.upgrade()
    before = state(db.url, db.dialect)
    result = migrator.upgrade()
    assert (result.applied, result.statements) == ((), ())
    assert state(db.url, db.dialect) == before


def test_stepwise_upgrade_equals_direct_upgrade(db: Database, another_database: Callable[[], Database]) -> None:
    direct = Migrator(db.url, ACCOUNTS)
    direct.install("v1.0.0")
    seed(db.url, "v1.0.0")
    direct.upgrade()
    other = another_database()
    stepwise = Migrator(other.url, ACCOUNTS)
    stepwise.install("v1.0.0")
    seed(other.url, "v1.0.0")
    for version in VERSIONS[1:]:
        assert stepwise.upgrade(to=version).applied == (version,)
    mine, theirs = state(db.url, db.dialect), state(other.url, db.dialect)
    assert (mine.columns, mine.indexes, mine.data) == (theirs.columns, theirs.indexes, theirs.data)


def test_empty_database_gets_a_fresh_install_of_the_target(db: Database) -> None:
    migrator = Migrator(db.url, ACCOUNTS, installed_by="deploy-bot")
    result = migrator.upgrade(to="v1.2.0")
    assert result.applied == ("v1.2.0",)
    assert [t.version for t in result.statements] == ["v1.2.0"] * len(result.statements)
    assert rows(db.url, "SELECT version, installed_by, status FROM schema_migrations") == [
        ("v1.2.0", "deploy-bot", "installed")
    ]
    assert migrator.verify() == []
    assert migrator.upgrade().applied == ("v1.3.0", "v2.0.0")


def test_rollback_to_first_version_restores_schema_and_data(db: Database) -> None:
    migrator = Migrator(db.url, ACCOUNTS)
    migrator.install("v1.0.0")
    seed(db.url, "v1.0.0")
    migrator.upgrade(to="v1.1.0")
    execute(db.url, "UPDATE accounts SET email = 'ann@example.org' WHERE id = 1")
    before = state(db.url, db.dialect)
    migrator.upgrade()

    result = migrator.rollback(to="v1.1.0")

    assert result.rolled_back == ("v2.0.0", "v1.3.0", "v1.2.0")
    assert state(db.url, db.dialect) == before
    assert migrator.verify() == []
    rolled = [(v, status) for v, op, status, *_ in history(db.url) if op == "rollback"]
    assert rolled == [("v2.0.0", "rolled back"), ("v1.3.0", "rolled back"), ("v1.2.0", "rolled back")]
    assert migrator.upgrade().applied == ("v1.2.0", "v1.3.0", "v2.0.0")


def test_rollback_below_the_installed_version_is_refused(db: Database) -> None:
    migrator = Migrator(db.url, ACCOUNTS)
    migrator.install("v1.2.0")
    with pytest.raises(RefusedError, match=r"installed at v1\.2\.0"):
        migrator.rollback(to="v1.1.0")
    with pytest.raises(RefusedError, match=r"use `upgrade --to v2\.0\.0`"):
        migrator.rollback(to="v2.0.0")


def test_plan_lists_the_exact_statements(db: Database) -> None:
    migrator = Migrator(db.url, ACCOUNTS)
    assert [(v.version, v.operation) for v in migrator.plan().versions] == [(HEAD, "install")]
    migrator.install("v1.0.0")
    migrator.upgrade(to="v1.1.0")
    plan = migrator.plan()
    assert [v.version for v in plan.versions] == ["v1.2.0", "v1.3.0", "v2.0.0"]
    scripts = migrator.source.get("v1.3.0").for_dialect(migrator.dialect.name)
    assert [s.sql for s in plan.versions[1].statements] == [step.forward.sql for step in scripts.steps]
    back = migrator.plan(to="v1.0.0")
    assert [(v.version, v.operation) for v in back.versions] == [("v1.1.0", "rollback")]
    assert [s.step for s in back.versions[0].statements] == [2, 1]
    assert sorted(rows(db.url, "SELECT version FROM schema_migrations")) == [("v1.0.0",), ("v1.1.0",)]


def test_tables_without_runner_tables_are_refused_then_baselined(db: Database) -> None:
    migrator = Migrator(db.url, ACCOUNTS)
    install = migrator.source.get("v1.1.0").for_dialect(migrator.dialect.name).install
    execute(db.url, *(statement.sql for statement in install))
    before = schema_state(db.url, db.dialect)

    refused = run_cli(db.url, ACCOUNTS, "upgrade")
    assert refused.returncode == 2, refused.stderr
    assert "no recorded version" in refused.stderr and "baseline" in refused.stderr
    assert schema_state(db.url, db.dialect) == before
    assert not migrator.status().initialized

    wrong = run_cli(db.url, ACCOUNTS, "baseline", "--version", "v1.0.0")
    assert wrong.returncode == 2
    assert "table accounts, column email: not in the fresh install of v1.0.0" in wrong.stderr

    assert run_cli(db.url, ACCOUNTS, "baseline", "--version", "v1.1.0").returncode == 0
    assert migrator.status().current == "v1.1.0"
    assert migrator.upgrade().applied == ("v1.2.0", "v1.3.0", "v2.0.0")
    assert migrator.verify() == []
