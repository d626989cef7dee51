"""Online defects of the Nightingale history, at the default online seed: v9.1.0's two index builds on
notification_record made plain (no CONCURRENTLY on PostgreSQL; no ALGORITHM=INPLACE, LOCK=NONE on the MySQL
family). On the seeded table each build takes a few milliseconds and no workload query waits long; the `online`
check still fails, because the build holds a write-blocking lock for a scan of the table (PostgreSQL's SHARE lock,
read from pg_locks; a MySQL-family build that does not declare LOCK=NONE lets the server choose a blocking one),
scaled to the table's production size. The correct v9.1.0 passes (tests/online/test_nightingale_online.py).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.cases import Case
from harness.checks import online_no_blocking
from harness.engines.base import Server
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
LOCKS = {"postgresql": "ShareLock", "mysql": "a lock of the server's choosing (no LOCK=NONE)"}


@pytest.fixture(scope="module")
def plain_index_nightingale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = Path(shutil.copytree(NIGHTINGALE, tmp_path_factory.mktemp("plain") / "nightingale"))
    for name, edits in PLAIN.items():
        script = root / "migrations" / "v9.1.0" / name
        sql = script.read_text()
        for old, new in edits:
            assert old in sql, (name, old)
            sql = sql.replace(old, new)
        script.write_text(sql)
    return root


@pytest.fixture
def bench(plain_index_nightingale: Path, server: Server) -> Iterator[Workbench]:
    scenario = load_scenario(plain_index_nightingale)
    name = server.spec.name
    workbench = Workbench(scenario, runner_for(scenario), {name: name}, 40, servers={name: server})
    yield workbench
    workbench.close()


def test_a_plain_index_build_fails_online_at_the_default_seed(bench: Workbench, server: Server) -> None:
    settings = online_settings(bench.scenario)
    assert settings.seed_size == 100_000 and settings.max_blocking_s == 1.0, "the defaults, not a tuned scenario"
    case = Case("online", server.spec.name, STEP)
    run = online_no_blocking.measure(bench, case)
    with pytest.raises(CheckFailed) as raised:
        online_no_blocking.judge(run, case, settings.max_blocking_s)
    failure = raised.value
    print(failure.render())
    assert not run.blocking(settings.max_blocking_s), "no workload query waited past the limit on the seed"
    lock = re.escape(LOCKS[server.dialect])
    assert re.match(
        rf"v9\.1\.0 step [12] holds {lock} on notification_record while it scans the table: writes would wait "
        rf"about [\d.]+ s at [\d,]+ rows \(limit 1 s; [\d.]+ s at 10,000 seeded rows\): (CREATE INDEX|ALTER TABLE)",
        failure.headline,
    ), failure.headline
    section = failure.sections["write-blocking locks at production size (limit 1 s)"]
    assert "idx_nr_" in section and "seeded rows x production_scale" in section
