"""Check `idempotent`: running the runner again at the target succeeds and changes nothing at all."""

from __future__ import annotations

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections, upgraded_or_skip
from harness.data import read_product_state, render_rows, snapshot_differences
from harness.db import connect
from harness.failures import CheckFailed
from harness.inspect import diff_schemas, render_differences
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "idempotent", CaseKind.PATHS, "a second run at the target is a no-op")


def verify(bench: Workbench, case: Case) -> None:
    result = upgraded_or_skip(bench, case.engine, case.path)
    url = bench.server(case.engine).url(result.database)
    schema_before = bench.schema_of(result)
    data_before = bench.data_of(result)
    versions_before = bench.runner.version_rows(url)
    outcome = bench.runner.upgrade(url, case.path.target)
    if not outcome.ok:
        raise CheckFailed(
            f"a second upgrade to {case.path.target} failed",
            {**case_sections(case), "runner said": outcome.error, "statement": outcome.failed_statement or ""},
        )
    with connect(url) as connection:
        schema_after, data_after = read_product_state(connection, bench.runner.own_tables)
    versions_after = bench.runner.version_rows(url)
    schema_differences = diff_schemas(schema_before, schema_after)
    row_differences = snapshot_differences(data_before, data_after)
    if outcome.applied or schema_differences or row_differences or versions_before != versions_after:
        raise CheckFailed(
            f"a second run at {case.path.target} changed the database",
            {
                **case_sections(case),
                "versions applied again": ", ".join(outcome.applied),
                "schema (expected = after first run)": render_differences(schema_differences),
                "rows (first -> second)": render_rows(row_differences),
                "version table": ""
                if versions_before == versions_after
                else f"before: {versions_before}\nafter: {versions_after}",
            },
        )


def test_idempotent(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
