"""Check `compat` on real servers: a release that drops or renames a column the previous release still reads fails,
naming the query, its SQL and the server's error; additive and widening releases pass."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness.cases import Case
from harness.checks import previous_release_compatible
from harness.engines.server_api import Server
from harness.failures import CheckFailed
from harness.online import load_workload, run_compat
from harness.paths import UpgradePath
from harness.scenario import Scenario, load_scenario
from harness.workbench import Workbench


def test_dropping_a_column_the_previous_release_reads_fails_naming_the_query(
    server: Server, events: Scenario, bench_for: Callable[[Scenario, Server], Workbench]
) -> None:
    bench = bench_for(events, server)
    with pytest.raises(CheckFailed) as raised:
        previous_release_compatible.verify(bench, Case("compat", server.spec.name, UpgradePath(("v1.2.0", "v1.3.0"))))
    failure = raised.value
    assert failure.headline.startswith(
        "1 of 4 queries of v1.2.0's workload fail on the v1.3.0 schema; first: 'read a host'"
    )
    assert "note" in failure.headline
    detail = failure.sections["query 'read a host'"]
    assert "SELECT ident, note, seen FROM host WHERE id = :id" in detail
    assert "parameters: {'id': " in detail


def test_renaming_a_column_the_previous_release_reads_fails_naming_the_query(
    server: Server, events_copy: Path, bench_for: Callable[[Scenario, Server], Workbench]
) -> None:
    release = events_copy / "migrations" / "v1.3.0"
    for dialect, quote in (("postgresql", ""), ("mysql", "`")):
        host, note, remark = (f"{quote}{name}{quote}" for name in ("host", "note", "remark"))
        (release / f"{dialect}.upgrade.sql").write_text(
            f"-- migrator:step\nALTER TABLE {host} RENAME COLUMN {note} TO {remark};\n"
            f"-- migrator:undo\nALTER TABLE {host} RENAME COLUMN {remark} TO {note};\n"
        )
    bench = bench_for(load_scenario(events_copy), server)
    with pytest.raises(CheckFailed) as raised:
        previous_release_compatible.verify(bench, Case("compat", server.spec.name, UpgradePath(("v1.2.0", "v1.3.0"))))
    assert raised.value.headline.startswith("1 of 4 queries of v1.2.0's workload fail on the v1.3.0 schema; first: "
                                            "'read a host'")
    assert "note" in raised.value.sections["query 'read a host'"]


@pytest.mark.parametrize("step", [("v1.0.0", "v1.1.0"), ("v1.1.0", "v1.2.0")])
def test_adding_an_index_or_widening_a_column_keeps_the_previous_release_working(
    server: Server, events: Scenario, bench_for: Callable[[Scenario, Server], Workbench], step: tuple[str, str]
) -> None:
    bench = bench_for(events, server)
    case = Case("compat", server.spec.name, UpgradePath(step))
    previous_release_compatible.verify(bench, case)  # raises CheckFailed on any failing query
    workload = load_workload(events)
    assert workload is not None
    upgraded = bench.upgrade_fresh_clone(case.engine, case.path)
    try:
        assert run_compat(server.url(upgraded.database), workload.queries(step[0], server.dialect)) == []
    finally:
        bench.drop(upgraded)
