"""The rerun check on real servers: realistic correct histories (the shop, Nightingale's data steps) pass it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from harness.cases import Case
from harness.checks.step_rerun_changes_nothing import verify
from harness.engines.server_api import Server
from harness.faults import scripts_of
from harness.faults.rerun import is_data_step, statement_kind
from harness.paths import UpgradePath
from harness.scenario import load_scenario
from harness.workbench import Workbench

from .support import describe, run, workbench

ROOT = Path(__file__).parent.parent.parent
SHOP = ROOT / "tests" / "defects" / "shop"
NIGHTINGALE = ROOT / "scenarios" / "nightingale"


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("INSERT INTO t (a) SELECT 1", "INSERT"),
        ("WITH x AS (SELECT 1) UPDATE t SET a = 1", "UPDATE"),
        ("delete from t where a = 1", "DELETE"),
        ("REPLACE INTO t VALUES (1)", "REPLACE"),
        ("ALTER TABLE t ADD COLUMN b int", "ALTER"),
        ("CREATE TABLE t2 (a int)", "CREATE"),
    ],
)
def test_statement_kinds(sql: str, kind: str) -> None:
    assert statement_kind(sql) == kind


def steps_cases(bench: Workbench, engine: str, versions: tuple[str, ...]) -> list[Case]:
    order = bench.scenario.versions
    return [Case("rerun", engine, UpgradePath((order[order.index(v) - 1], v))) for v in versions]


@pytest.mark.slow
def test_the_correct_shop_passes_every_step(server: Server) -> None:
    engine = server.spec.name
    bench = workbench(SHOP, {engine: server})
    try:
        outcomes = [run(verify, bench, case) for case in steps_cases(bench, engine, ("v1.1.0", "v1.2.0", "v2.0.0"))]
    finally:
        bench.close()
    # v1.1.0 is DDL only; v1.2.0's backfill is refused a second time by its unique key; v2.0.0's updates repeat
    assert [o.outcome for o in outcomes] == ["skipped", "passed", "passed"], describe(outcomes)
    assert "has no data step" in outcomes[0].message


@pytest.mark.slow
@pytest.mark.parametrize("engine_fixture", ["postgresql_server", "catalogue_server"])
def test_nightingale_data_steps_pass(engine_fixture: str, request: pytest.FixtureRequest) -> None:
    server: Server = request.getfixturevalue(engine_fixture)
    engine = server.spec.name
    history = scripts_of(load_scenario(NIGHTINGALE))
    with_data = [v for v in history.versions[1:] if any(is_data_step(s) for s in history.steps(v, server.dialect))]
    assert with_data == ["v7.4.0", "v8.0.0"]
    bench = workbench(NIGHTINGALE, {engine: server})
    try:
        started = time.monotonic()
        outcomes = [run(verify, bench, case) for case in steps_cases(bench, engine, ("v7.0.0", *with_data))]
        print(f"rerun on {engine}: {len(outcomes)} cases in {time.monotonic() - started:.1f} s")
    finally:
        bench.close()
    assert [o.outcome for o in outcomes] == ["skipped", "passed", "passed"], describe(outcomes)
