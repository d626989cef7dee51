"""The Nightingale history under its own workload: v9.1.0 builds its two indexes online, so the v9.0.0 release keeps
running unblocked while it upgrades. (Every step, and compat, is measured by a full run: see docs/online.md.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from harness.cases import Case
from harness.checks import online_no_blocking
from harness.engines.server_api import Server
from harness.paths import UpgradePath
from harness.scenario import Scenario
from harness.workbench import Workbench

pytestmark = pytest.mark.slow

STEP = UpgradePath(("v9.0.0", "v9.1.0"))


def test_the_v9_1_0_online_index_builds_pass_the_online_check(
    server: Server, small_nightingale: Scenario, bench_for: Callable[[Scenario, Server], Workbench]
) -> None:
    bench = bench_for(small_nightingale, server)
    case = Case("online", server.spec.name, STEP)
    run = online_no_blocking.measure(bench, case)
    online_no_blocking.judge(run, case, 1.0)  # raises CheckFailed when a statement blocks or breaks the workload
    assert run.seed_size == 20_000
    assert [(impact.version, impact.step) for impact in run.impacts] == [("v9.1.0", 1), ("v9.1.0", 2)]
    assert all("idx_nr_" in impact.statement for impact in run.impacts)
    assert all(impact.rewrote == () for impact in run.impacts), "an index build leaves the table in place"
    assert run.failed_queries == 0
    assert run.baseline.queries > 0 and run.during.queries > 0, "the v9.0.0 workload ran before and during"

