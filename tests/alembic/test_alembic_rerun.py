"""The rerun check on an Alembic history: each data statement a revision sends, run again right after its first
run (inside a savepoint of the revision's transaction), changes nothing on the correct Courier history, and the
planted `non-idempotent-prices` (r08b multiplies the prices in place) is caught naming the revision and the rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from harness.engines.server_api import Server
from tests.alembic.courier_project import failures, plant, run_courier


def test_the_correct_history_passes_rerun(courier: Path, postgresql_server: Server, mariadb_server: Server) -> None:
    servers = {"postgresql@15": postgresql_server, "mariadb@10.11": mariadb_server}
    findings = run_courier(courier, servers, ("rerun",))
    assert not failures(findings), failures(findings)
    # every release step of the path to the head was run, on both engines
    assert {(f.engine, f.outcome) for f in findings} == {(engine, "passed") for engine in servers}
    assert len(findings) == 2 * 4


def test_a_price_backfill_that_multiplies_in_place_is_caught_by_rerun(
    courier: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    plant(courier, "non-idempotent-prices")
    servers = {"postgresql@15": postgresql_server, "mariadb@10.11": mariadb_server}
    findings = run_courier(courier, servers, ("rerun",))
    failed = {(f.engine, f.path) for f in findings if f.outcome == "failed"}
    # r08b is the pricing branch's release 1.1.1; on the path to the head it is part of the step 1.1 -> 1.1.1
    assert {engine for engine, _ in failed} == set(servers), failures(findings)
    assert len(failed) == 2, failures(findings)
    for finding in findings:
        if finding.outcome != "failed":
            continue
        assert "data step(s) of 1.1.1 change data when run a second time" in finding.message
        assert "revision r07b_prices -> r08b_price_backfill, statement 2" in finding.message
        assert "UPDATE parcels SET price_cents = GREATEST(price_cents * 250, 400)" in finding.message
        assert "parcels [" in finding.message and "price_cents: first run " in finding.message
    assert not {f.outcome for f in findings} & {"error"}, failures(findings)


def test_the_planted_price_backfill_is_caught_on_mysql_9_7(
    courier: Path, engine_server: Callable[[str], Server]
) -> None:
    plant(courier, "non-idempotent-prices")
    findings = run_courier(courier, {"mysql@9.7": engine_server("mysql@9.7")}, ("rerun",))
    failed = [f for f in findings if f.outcome == "failed"]
    assert [f.path for f in failed] == ["1.1->1.1.1"], failures(findings)
    assert "revision r07b_prices -> r08b_price_backfill, statement 2" in failed[0].message
