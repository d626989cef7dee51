"""Online defects of the Nightingale history, at the default online seed.

- v9.1.0's two index builds on notification_record made plain (no CONCURRENTLY) on PostgreSQL: on the seeded table
  each build takes a few milliseconds and no workload query waits long; `online` still fails, because the build
  holds a SHARE lock (read from pg_locks) for a scan of the table, scaled to the size the scenario declares for it
  (`[online] production_rows`).
- On the MySQL family the same plain builds are not a defect: asked with LOCK=NONE, MariaDB 10.11 and MySQL 9.7 build
  them without blocking writes, and `online` passes. A change the server can only make by copying the table (a
  column type change on notification_record) is refused LOCK=NONE and fails `online` with the server's reason.

The correct v9.1.0 passes (tests/online/test_nightingale_online.py).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.cases import Case
from harness.checks import online_no_blocking
from harness.engines.server_api import Server
from harness.failures import CheckFailed
from harness.online import online_settings
from harness.paths import UpgradePath
from harness.runners import runner_for
from harness.scenario import load_scenario
from harness.workbench import Workbench

pytestmark = pytest.mark.slow

NIGHTINGALE = Path(__file__).resolve().parents[2] / "scenarios" / "nightingale"
STEP = UpgradePath(("v9.0.0", "v9.1.0"))
PLAIN = {
    "postgresql.upgrade.sql": (
        ("-- migrator:step nontransactional", "-- migrator:step"),
        ("CREATE INDEX CONCURRENTLY", "CREATE INDEX"),
        ("DROP INDEX CONCURRENTLY", "DROP INDEX"),
    ),
    "mysql.upgrade.sql": ((", ALGORITHM=INPLACE, LOCK=NONE", ""),),
}
# A widened status column: InnoDB can only change a column's type by copying the table.
COPYING = {
    "mysql.upgrade.sql": (
        (
            "-- migrator:step\nALTER TABLE `notification_record` ADD KEY `idx_nr_created_at` (`created_at`), "
            "ALGORITHM=INPLACE, LOCK=NONE;\n-- migrator:undo\n"
            "ALTER TABLE `notification_record` DROP KEY `idx_nr_created_at`, ALGORITHM=INPLACE, LOCK=NONE;",
            "-- migrator:step\nALTER TABLE `notification_record` MODIFY `status` int NOT NULL DEFAULT 0 "
            "COMMENT 'notification status';\n-- migrator:undo\n"
            "ALTER TABLE `notification_record` MODIFY `status` tinyint NOT NULL DEFAULT 0 "
            "COMMENT 'notification status';",
        ),
    ),
}


def planted(root: Path, edits: dict[str, tuple[tuple[str, str], ...]]) -> Path:
    root = Path(shutil.copytree(NIGHTINGALE, root / "nightingale"))
    for name, pairs in edits.items():
        script = root / "migrations" / "v9.1.0" / name
        sql = script.read_text()
        for old, new in pairs:
            assert old in sql, (name, old)
            sql = sql.replace(old, new)
        script.write_text(sql)
    return root


def bench_of(root: Path, server: Server) -> Workbench:
    scenario = load_scenario(root)
    name = server.spec.name
    return Workbench(scenario, runner_for(scenario), {name: name}, 40, servers={name: server})


@pytest.fixture(scope="module")
def plain_nightingale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planted(tmp_path_factory.mktemp("plain"), PLAIN)


@pytest.fixture
def plain_on_postgresql(plain_nightingale: Path, postgresql_server: Server) -> Iterator[Workbench]:
    workbench = bench_of(plain_nightingale, postgresql_server)
    yield workbench
    workbench.close()


@pytest.fixture
def plain_on_mysql_family(plain_nightingale: Path, mysql_family_server: Server) -> Iterator[Workbench]:
    workbench = bench_of(plain_nightingale, mysql_family_server)
    yield workbench
    workbench.close()


def test_a_plain_index_build_fails_online_on_postgresql_at_the_default_seed(
    plain_on_postgresql: Workbench, postgresql_server: Server
) -> None:
    plain_bench = plain_on_postgresql
    settings = online_settings(plain_bench.scenario)
    assert settings.seed_size == 100_000 and settings.max_blocking_s == 1.0, "the defaults, not a tuned scenario"
    assert settings.production_rows == {"notification_record": 20_000_000}, "the size the scenario declares"
    case = Case("online", postgresql_server.spec.name, STEP)
    run = online_no_blocking.measure(plain_bench, case)
    with pytest.raises(CheckFailed) as raised:
        online_no_blocking.judge(run, case, settings.max_blocking_s)
    failure = raised.value
    assert not run.blocking(settings.max_blocking_s), "no workload query waited past the limit on the seed"
    assert re.match(
        r"v9\.1\.0 step [12] holds ShareLock on notification_record while it scans the table: writes would wait "
        r"about [\d.]+ s at 20,000,000 rows \(limit 1 s; [\d.]+ s at [\d,]+ seeded rows\): CREATE INDEX",
        failure.headline,
    ), failure.headline
    section = failure.sections["write-blocking locks at production size (limit 1 s)"]
    assert "idx_nr_" in section and "production_rows" in section


def test_a_plain_index_build_the_mysql_family_does_online_passes(
    plain_on_mysql_family: Workbench, mysql_family_server: Server
) -> None:
    plain_bench = plain_on_mysql_family
    settings = online_settings(plain_bench.scenario)
    case = Case("online", mysql_family_server.spec.name, STEP)
    run = online_no_blocking.measure(plain_bench, case)
    online_no_blocking.judge(run, case, settings.max_blocking_s)  # a CheckFailed here carries the diagnosis


def test_a_table_copy_fails_online_on_the_mysql_family(tmp_path: Path, mysql_family_server: Server) -> None:
    bench = bench_of(planted(tmp_path, COPYING), mysql_family_server)
    try:
        settings = online_settings(bench.scenario)
        case = Case("online", mysql_family_server.spec.name, STEP)
        run = online_no_blocking.measure(bench, case)
        with pytest.raises(CheckFailed) as raised:
            online_no_blocking.judge(run, case, settings.max_blocking_s)
    finally:
        bench.close()
    headline = raised.value.headline
    assert re.match(
        r"v9\.1\.0 step 2 holds LOCK=SHARED \(the server refuses LOCK=NONE\) on notification_record while it "
        r"scans the table: writes would wait about [\d.]+ s at 20,000,000 rows",
        headline,
    ), headline
    assert "MODIFY `status` int" in headline
    section = raised.value.sections["write-blocking locks at production size (limit 1 s)"]
    assert re.search(r"ALGORITHM=COPY|Cannot change column type", section), section
