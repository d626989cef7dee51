"""The defect catalogue: realistic broken histories and runners, each caught by the right check with a diagnosis.

Every defect is a small edit of the correct four-release `shop` history (tests/defects/shop). The correct history
passes every check on both engines; each defect makes exactly the checks listed fail.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from harness.db import connect
from harness.engines.server_api import Server
from harness.release_order import version_key
from harness.runners.migrator_runner import MigratorRunner
from harness.runners.system_under_test import RunOutcome
from tests.conftest import catalogue_mysql_family

from .harness_run import Finding, failed, run_checks

SHOP = Path(__file__).parent / "shop"
PG = "postgresql@15"
MYSQL_FAMILY_ENGINE = catalogue_mysql_family()
PARITY = f"{MYSQL_FAMILY_ENGINE}+{PG}"


@dataclass(frozen=True)
class Edit:
    file: str
    old: str
    new: str


@dataclass(frozen=True)
class Defect:
    name: str
    story: str
    edits: tuple[Edit, ...]
    caught_by: frozenset[tuple[str, str]]
    diagnosis: tuple[str, ...]


def both(file: str, old: str, new: str) -> tuple[Edit, Edit]:
    return (Edit(f"{file}/mysql.upgrade.sql", old, new), Edit(f"{file}/postgresql.upgrade.sql", old, new))


DEFECTS = (
    Defect(
        "forgotten-index",
        "the upgrade forgets an index the fresh install creates",
        (
            Edit("v1.1.0/mysql.upgrade.sql", "CREATE INDEX idx_orders_status ON orders (status);", "SELECT 1;"),
            Edit("v1.1.0/postgresql.upgrade.sql", "CREATE INDEX idx_orders_status ON orders (status);", "SELECT 1;"),
        ),
        frozenset({("schema", PG), ("schema", MYSQL_FAMILY_ENGINE)}),
        ("orders: index idx_orders_status", "missing"),
    ),
    Defect(
        "postgresql-only-cast",
        "a varchar -> bigint change without USING: MySQL converts implicitly, PostgreSQL refuses",
        (Edit("v2.0.0/postgresql.upgrade.sql", " USING amount::bigint", ""),),
        frozenset({("upgrade", PG)}),
        ("failed version", "v2.0.0", "ALTER TABLE orders ALTER COLUMN amount TYPE bigint", "cannot be cast"),
    ),
    Defect(
        "truncating-narrowing",
        "the release narrows customers.name and the upgrade cuts the longer names to fit",
        (
            Edit("v2.0.0/mysql.install.sql", "name varchar(100) NOT NULL", "name varchar(20) NOT NULL"),
            Edit("v2.0.0/postgresql.install.sql", "name varchar(100) NOT NULL", "name varchar(20) NOT NULL"),
            Edit(
                "v2.0.0/mysql.upgrade.sql",
                "-- migrator:step\nALTER TABLE customers ADD COLUMN login",
                "-- migrator:step\nUPDATE customers SET name = SUBSTRING(name, 1, 20);\n-- migrator:undo noop\n\n"
                "-- migrator:step\nALTER TABLE customers MODIFY name varchar(20) NOT NULL DEFAULT '';\n"
                "-- migrator:undo\nALTER TABLE customers MODIFY name varchar(100) NOT NULL DEFAULT '';\n\n"
                "-- migrator:step\nALTER TABLE customers ADD COLUMN login",
            ),
            Edit(
                "v2.0.0/postgresql.upgrade.sql",
                "-- migrator:step\nALTER TABLE customers ADD COLUMN login",
                "-- migrator:step\nUPDATE customers SET name = SUBSTRING(name, 1, 20);\n-- migrator:undo noop\n\n"
                "-- migrator:step\nALTER TABLE customers ALTER COLUMN name TYPE varchar(20);\n"
                "-- migrator:undo\nALTER TABLE customers ALTER COLUMN name TYPE varchar(100);\n\n"
                "-- migrator:step\nALTER TABLE customers ADD COLUMN login",
            ),
        ),
        frozenset({("data", PG), ("data", MYSQL_FAMILY_ENGINE)}),
        ("customers [", "name: before 'xxxxxxxxxxxxxxxxxxxxxxxxx", "after 'xxxxxxxxxxxxxxxxxxxx'"),
    ),
    Defect(
        "backfill-misses-rows",
        "the order-events backfill skips cancelled orders",
        both("v1.2.0", "FROM orders ORDER BY id", "FROM orders WHERE status <> 'cancelled' ORDER BY id"),
        frozenset({("data", PG), ("data", MYSQL_FAMILY_ENGINE)}),
        ("invariants", "v1.2.0: order_events: order", "has 0 'created' events, expected 1"),
    ),
    Defect(
        "case-insensitive-duplicates",
        "a unique login copied from names: 'Ann Lee' and 'ann lee' collide under MariaDB's case-insensitive collation",
        (
            Edit("v2.0.0/mysql.upgrade.sql", "SET login = CONCAT(LOWER(name), '-', id)", "SET login = name"),
            Edit("v2.0.0/postgresql.upgrade.sql", "SET login = lower(name) || '-' || id", "SET login = name"),
        ),
        frozenset({("upgrade", MYSQL_FAMILY_ENGINE), ("data", PG)}),
        ("uq_customers_login", "Duplicate entry"),
    ),
    Defect(
        "default-differs",
        "the upgrade adds customers.phone with another default than the fresh install",
        both("v1.1.0", "phone varchar(32) NOT NULL DEFAULT ''", "phone varchar(32) NOT NULL DEFAULT 'unknown'"),
        frozenset({("schema", PG), ("schema", MYSQL_FAMILY_ENGINE)}),
        ("customers: column phone", "default=''", "default='unknown'"),
    ),
    Defect(
        "dialects-disagree",
        "the phone normalisation was written for PostgreSQL only",
        (
            Edit(
                "v2.0.0/mysql.upgrade.sql",
                "UPDATE customers SET phone = REPLACE(phone, '-', '') WHERE phone <> '';",
                "SELECT 1;",
            ),
        ),
        frozenset({("parity", PARITY)}),
        (f"phone: {MYSQL_FAMILY_ENGINE}: '+1-555-", "postgresql@15: '+1555"),
    ),
)


def materialize(defect: Defect | None, directory: Path) -> Path:
    target = directory / (defect.name if defect else "correct")
    shutil.copytree(SHOP, target)
    for edit in defect.edits if defect else ():
        script = target / "migrations" / edit.file
        text = script.read_text(encoding="utf-8")
        assert edit.old in text, f"{defect.name if defect else ''}: {edit.old!r} not in {edit.file}"
        script.write_text(text.replace(edit.old, edit.new), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def servers(postgresql_server: Server, catalogue_server: Server) -> dict[str, Server]:
    return {PG: postgresql_server, MYSQL_FAMILY_ENGINE: catalogue_server}


def describe(findings: list[Finding]) -> str:
    return "\n".join(f"{f.outcome:8} {f.check:10} {f.engine:30} {f.path}\n{f.message}" for f in findings
                     if f.outcome != "passed")


def test_correct_history_passes_every_check(servers: dict[str, Server], tmp_path: Path) -> None:
    findings = run_checks(materialize(None, tmp_path), servers)
    assert failed(findings) == set(), describe(findings)
    assert {f.outcome for f in findings} == {"passed"}, describe(findings)
    assert {f.check for f in findings} == {"upgrade", "schema", "data", "path", "parity", "idempotent"}


@pytest.mark.parametrize("defect", DEFECTS, ids=[d.name for d in DEFECTS])
def test_defect_is_caught_by_the_right_check(defect: Defect, servers: dict[str, Server], tmp_path: Path) -> None:
    findings = run_checks(materialize(defect, tmp_path), servers)
    assert failed(findings) == defect.caught_by, describe(findings)
    messages = "\n".join(f.message for f in findings if f.outcome == "failed")
    for fragment in defect.diagnosis:
        assert fragment in messages, f"diagnosis lacks {fragment!r}:\n{messages}"


class ReapplyingRunner(MigratorRunner):
    """A runner that does not consult its version table before data fixes: it re-runs the last backfill."""

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        outcome = super().upgrade(url, target)
        if outcome.ok and not outcome.applied:
            try:
                with connect(url) as connection:
                    connection.exec_driver_sql(
                        "INSERT INTO order_events (order_id, kind) SELECT id, 'created' FROM orders ORDER BY id"
                    )
                    connection.commit()
            except DBAPIError as err:
                return RunOutcome(ok=False, seconds=outcome.seconds, error=str(err.orig))
        return outcome


def test_runner_that_reapplies_its_last_backfill_fails_idempotence(
    servers: dict[str, Server], tmp_path: Path
) -> None:
    directory = materialize(None, tmp_path)
    findings = run_checks(directory, servers, runner=ReapplyingRunner(directory / "migrations"))
    assert failed(findings) == {("idempotent", PG), ("idempotent", MYSQL_FAMILY_ENGINE)}, describe(findings)
    assert "a second upgrade to v2.0.0 failed" in describe(findings)


class AfterMigrateCallbackRunner(MigratorRunner):
    """A runner with an after-migrate callback that is not idempotent: every run that applied something prefixes
    phone numbers with the country code, so upgrading one release at a time prefixes them more than once."""

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        outcome = super().upgrade(url, target)
        if outcome.ok and outcome.applied and version_key(target) >= version_key("v1.2.0"):
            try:
                with connect(url) as connection:
                    connection.exec_driver_sql("UPDATE customers SET phone = CONCAT('+1', phone) WHERE phone <> ''")
                    connection.commit()
            except DBAPIError as err:
                return RunOutcome(ok=False, seconds=outcome.seconds, error=str(err.orig))
        return outcome


def test_runner_whose_after_migrate_callback_runs_per_run_fails_the_path_check(
    servers: dict[str, Server], tmp_path: Path
) -> None:
    directory = materialize(None, tmp_path)
    findings = run_checks(directory, servers, runner=AfterMigrateCallbackRunner(directory / "migrations"))
    assert failed(findings) == {("path", PG), ("path", MYSQL_FAMILY_ENGINE)}, describe(findings)
    messages = describe(findings)
    assert "the path v1.1.0->v1.2.0->v2.0.0 ends in a different state than v1.1.0->v2.0.0" in messages
    # the seeded '+1-555-…' loses its dashes in v2.0.0; the direct jump prefixes once, the stepwise path twice
    assert "customers [1] phone: before '+1+15550000001', after '+1+1+15550000001'" in messages, messages


class CallbackFailingOnItsSecondRunRunner(MigratorRunner):
    """An after-migrate callback that writes an audit row under a unique key: its second run fails."""

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        outcome = super().upgrade(url, target)
        if outcome.ok and outcome.applied and version_key(target) >= version_key("v1.2.0"):
            try:
                with connect(url) as connection:
                    connection.exec_driver_sql(
                        "INSERT INTO order_events (order_id, kind) SELECT min(id), 'upgraded' FROM orders"
                    )
                    connection.commit()
            except DBAPIError as err:
                return RunOutcome(ok=False, seconds=outcome.seconds, error=str(err.orig))
        return outcome


def test_a_path_whose_later_stop_fails_while_the_direct_jump_succeeds_fails_the_path_check(
    servers: dict[str, Server], tmp_path: Path
) -> None:
    directory = materialize(None, tmp_path)
    findings = run_checks(directory, servers, runner=CallbackFailingOnItsSecondRunRunner(directory / "migrations"))
    # The audit row also gets another id on MariaDB (InnoDB reserves auto-increment values in blocks during the
    # v1.2.0 backfill), which parity reports: rows the runner writes outside the history are not portable either.
    assert failed(findings) == {("path", PG), ("path", MYSQL_FAMILY_ENGINE), ("parity", PARITY)}, describe(findings)
    assert "the direct jump v1.0.0->v2.0.0 succeeds but this path fails at v2.0.0" in describe(findings)


WRONG_PHONE_UNDO = both(
    "v2.0.0",
    "SUBSTRING(phone, 1, 2), '-', SUBSTRING(phone, 3, 3), '-', SUBSTRING(phone, 6)",
    "SUBSTRING(phone, 1, 3), '-', SUBSTRING(phone, 4, 3), '-', SUBSTRING(phone, 7)",
)


def _down_up(directory: Path, servers: dict[str, Server]) -> list[Finding]:
    """The down_up check on every path to the head, with the default runner (`migrator rollback --to`)."""
    from harness.cases import generate_cases
    from harness.checks import CHECKS, down_up_consistent
    from harness.paths import enumerate_paths
    from harness.runners import runner_for
    from harness.scenario import load_scenario
    from harness.workbench import Workbench

    from .harness_run import _run

    scenario = load_scenario(directory)
    bench = Workbench(scenario, runner_for(scenario), {n: n for n in servers}, 40, servers=servers)
    dialects: dict[str, str] = {name: server.dialect for name, server in servers.items()}
    try:
        paths = enumerate_paths(scenario.versions, "to-head")
        cases = generate_cases("down_up", CHECKS["down_up"].cases, dialects, paths, [])
        return [_run(down_up_consistent.verify, bench, case) for case in cases]
    finally:
        bench.close()


def test_down_up_runs_the_migrators_undo_and_catches_a_wrong_one(servers: dict[str, Server], tmp_path: Path) -> None:
    """The phone normalisation's undo puts the dashes back one digit late: a rollback no longer restores the rows."""
    correct = _down_up(materialize(None, tmp_path / "correct"), servers)
    assert {f.outcome for f in correct} == {"passed"} and len(correct) == 6, describe(correct)
    wrong = Defect("wrong-phone-undo", "the undo of the phone normalisation misplaces the dashes",
                   WRONG_PHONE_UNDO, frozenset({("down_up", PG), ("down_up", MYSQL_FAMILY_ENGINE)}), ())
    findings = _down_up(materialize(wrong, tmp_path / "wrong"), servers)
    assert failed(findings) == wrong.caught_by, describe(findings)
    # the paths from v1.1.0 and v1.2.0 (from v1.0.0 every phone is still empty, which the undo leaves alone)
    assert sum(f.outcome == "failed" for f in findings) == 4, describe(findings)
    messages = describe(findings)
    assert "rows after the rollback (start -> rolled back)" in messages and "phone" in messages, messages
    assert "customers [1] phone: before '+1-555-0000001', after '+15-550-000001'" in messages, messages
