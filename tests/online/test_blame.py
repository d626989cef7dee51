"""A workload failure is blamed on the statement that broke the previous release, not on the one that happened to be
running when the workload noticed.

v1.3.0 of the events scenario drops `host.note`, which v1.2.0 still reads; here a slow second step follows the drop
(a backfill's pause, two seconds). On the MySQL family the drop commits at once and the old release's reads fail
while step 2 runs, so the measurement alone would blame step 2; on PostgreSQL the version commits at the end and
they fail after it. Both checks name step 1: the statements are replayed one by one on an empty database and the
failing queries run after each.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness.cases import Case
from harness.checks import online_no_blocking, previous_release_compatible
from harness.engines.server_api import Server
from harness.failures import CheckFailed
from harness.paths import UpgradePath
from harness.scenario import Scenario, load_scenario
from harness.workbench import Workbench

pytestmark = pytest.mark.slow

STEP = UpgradePath(("v1.2.0", "v1.3.0"))
PAUSE = {"postgresql.upgrade.sql": "SELECT pg_sleep(2)", "mysql.upgrade.sql": "DO SLEEP(2)"}
BLAMED = r"fails from v1.3.0 step 1 on (ALTER TABLE"


@pytest.fixture
def slow_after_drop(events_copy: Path) -> Scenario:
    for name, pause in PAUSE.items():
        script = events_copy / "migrations" / "v1.3.0" / name
        script.write_text(script.read_text() + f"\n-- migrator:step\n{pause};\n-- migrator:undo noop\n")
    return load_scenario(events_copy)


def test_online_blames_the_drop_not_the_step_running_when_the_reads_failed(
    server: Server, slow_after_drop: Scenario, bench_for: Callable[[Scenario, Server], Workbench]
) -> None:
    bench = bench_for(slow_after_drop, server)
    case = Case("online", server.spec.name, STEP)
    run = online_no_blocking.measure(bench, case)
    assert [impact.step for impact in run.impacts] == [1, 2]
    with pytest.raises(CheckFailed) as raised:
        online_no_blocking.judge(run, case, 0.25)
    failure = raised.value
    where = failure.sections["where the workload of v1.2.0 first fails"]
    assert "'read a host' " + BLAMED in where and "note" in where, where
    if server.dialect == "mysql":  # PostgreSQL's drop also blocks host for the pause: that is its headline
        assert run.impacts[1].errors, "the reads failed while step 2 ran"
        assert BLAMED in failure.headline and "step 2" not in failure.headline, failure.headline


def test_compat_names_the_step_after_which_the_query_first_fails(
    server: Server, slow_after_drop: Scenario, bench_for: Callable[[Scenario, Server], Workbench]
) -> None:
    bench = bench_for(slow_after_drop, server)
    with pytest.raises(CheckFailed) as raised:
        previous_release_compatible.verify(bench, Case("compat", server.spec.name, STEP))
    failure = raised.value
    assert f"first: 'read a host' {BLAMED}" in failure.headline, failure.headline
    assert BLAMED in failure.sections["query 'read a host'"]


def test_compat_passes_without_blame_when_nothing_breaks(
    server: Server, events: Scenario, bench_for: Callable[[Scenario, Server], Workbench]
) -> None:
    previous_release_compatible.verify(
        bench_for(events, server), Case("compat", server.spec.name, UpgradePath(("v1.0.0", "v1.1.0")))
    )
