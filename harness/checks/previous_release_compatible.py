"""Check `compat`: after the upgrade V-1 -> V, every query of V-1's workload still runs on the new schema, so the
previous release keeps working during a rolling upgrade. A failure names the query, its SQL, the server's error and
the statement after which the query first fails (the runner's statements replayed one by one on an empty database).
"""

from __future__ import annotations

import pytest

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections
from harness.failures import CheckFailed
from harness.online import load_workload, run_compat
from harness.online.impact_tables import short_sql
from harness.online.probe import probe_statements
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "compat", CaseKind.STEPS, "the previous release's workload runs after a step")


def verify(bench: Workbench, case: Case) -> None:
    scenario = bench.scenario
    workload = load_workload(scenario)
    if workload is None:
        pytest.skip(f"scenario {scenario.name!r} declares no workload (workload.py), so there is nothing to run")
    server = bench.server(case.engine)
    queries = workload.queries(case.path.start, server.dialect)
    if not queries:
        pytest.skip(f"the workload declares nothing at or before {case.path.start}")
    result = bench.upgrade_fresh_clone(case.engine, case.path)
    try:
        failure = result.failure
        if failure is not None:
            pytest.skip(
                f"the upgrade to {failure[0]} failed, so there is no new schema to run on (see the upgrade check)"
            )
        failures = run_compat(server.url(result.database), queries)
    finally:
        bench.drop(result)
    if not failures:
        return
    statements = [statement for _, outcome in result.outcomes for statement in outcome.statements]
    failing = {item.query for item in failures}
    probe = (
        probe_statements(
            server, bench.runner, case.path.start, statements, [query for query in queries if query.name in failing]
        )
        if statements
        else None
    )
    breakages = {} if probe is None else probe.breakages

    def where(query: str) -> str:
        breakage = breakages.get(query)
        if breakage is None:
            return ""
        return f" from {breakage.label} on ({short_sql(breakage.statement.statement, 80)})"

    first = failures[0]
    raise CheckFailed(
        f"{len(failures)} of {len(queries)} queries of {case.path.start}'s workload fail on the "
        f"{case.path.target} schema; first: {first.query!r} fails{where(first.query)}: {first.error}",
        {
            **case_sections(case),
            **{
                f"query {item.query!r}": f"{item.sql.strip()}\nparameters: {dict(item.params)}\n"
                f"error: {item.error}" + (f"\nfails{where(item.query)}" if where(item.query) else "")
                for item in failures
            },
        },
    )


def test_compat(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
