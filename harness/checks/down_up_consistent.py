"""Check `down_up`: up to the target, down to the start, up again: the down files undo the up files exactly.

After the down migrations the database must be back at the start (its version record, schema and rows); after the
second upgrade it must be where the first one left it (schema and rows). When the second upgrade fails, the message
holds how the database after the down differed from the start: what the down forgot is usually why. Volatile columns
(harness/volatile.py) are compared by presence, NULL-ness and kind of value. Runs for runners that can roll back (the
migrator's `rollback --to`, which runs every step's undo; the replay of a foreign layout's down files; a `command`
runner with a `rollback` command); others are skipped saying why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

import pytest
from sqlalchemy.engine import URL

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections
from harness.data import DataSnapshot, read_product_state, render_rows, snapshot_differences
from harness.db import connect
from harness.dialects import Dialect
from harness.failures import CheckFailed
from harness.inspect import Schema, diff_schemas, render_differences
from harness.runners.system_under_test import RunOutcome
from harness.volatile import VolatileColumns, volatile_for
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "down_up", CaseKind.PATHS, "up, down, up again gives the same schema and data")


@runtime_checkable
class SupportsRollback(Protocol):
    def rollback(self, url: URL, target: str) -> RunOutcome:
        """Undo every version after `target`."""
        ...

    def rollback_gap(self, dialect: Dialect, start: str, target: str) -> str | None:
        """Why a rollback from `target` to `start` cannot be tried (no rollback command, missing down files)."""
        ...


def _state(bench: Workbench, url: URL) -> tuple[Schema, DataSnapshot]:
    with connect(url) as connection:
        return read_product_state(connection, bench.runner.own_tables)


def verify(bench: Workbench, case: Case) -> None:
    runner = bench.runner
    if not isinstance(runner, SupportsRollback):
        pytest.skip(f"the {runner.name} runner cannot roll back, so down/up consistency cannot be checked")
    server = bench.server(case.engine)
    gap = runner.rollback_gap(server.dialect, case.path.start, case.path.target)
    if gap is not None:
        pytest.skip(f"no rollback from {case.path.target} to {case.path.start}: {gap}")
    start = bench.snapshots(case.engine).seeded(case.path.start)
    # Up, down and up again run at different moments: values the migrations take from the clock differ.
    volatile = volatile_for(bench, case.engine)
    result = bench.upgrade_fresh_clone(case.engine, case.path)
    try:
        failure = result.failure
        if failure is not None:
            pytest.skip(f"the upgrade to {failure[0]} failed, so there is nothing to roll back (see the upgrade check)")
        url = server.url(result.database)
        first_schema, first_data = _state(bench, url)
        down = runner.rollback(url, case.path.start)
        if not down.ok:
            raise CheckFailed(
                f"rolling back from {case.path.target} to {case.path.start} failed",
                {
                    **case_sections(case),
                    "failed version": down.failed_version or "",
                    "statement": down.failed_statement or "",
                    "runner said": down.error,
                },
            )
        recorded = runner.current_version(url)
        down_schema, down_data = _state(bench, url)
        after_down = _after_down_sections(case, recorded, start.schema, start.data, down_schema, down_data, volatile)
        up = runner.upgrade(url, case.path.target)
        if not up.ok:
            # What the down left behind is usually why the re-up fails (an index or column it forgot to drop).
            raise CheckFailed(
                f"upgrading to {case.path.target} again after rolling back to {case.path.start} failed"
                + (
                    f"; the rollback had not returned to the start: {'; '.join(_titles(after_down))}"
                    if after_down
                    else ""
                ),
                {
                    **case_sections(case),
                    "failed version": up.failed_version or "",
                    "statement": up.failed_statement or "",
                    "runner said": up.error,
                    **after_down,
                },
            )
        second_schema, second_data = _state(bench, url)
    finally:
        bench.drop(result)
    sections = {
        **after_down,
        "schema after up again (expected = after the first up)": render_differences(
            diff_schemas(first_schema, second_schema)
        ),
        "rows after up again (first up -> second up)": render_rows(
            snapshot_differences(first_data, second_data, volatile)
        ),
    }
    problems = [title for title, body in sections.items() if body]
    if problems:
        raise CheckFailed(
            f"up, down, up between {case.path.start} and {case.path.target} is not consistent: "
            f"{'; '.join(_titles(problems))}",
            {**case_sections(case), **sections},
        )


def _after_down_sections(
    case: Case,
    recorded: str | None,
    start_schema: Schema,
    start_data: DataSnapshot,
    down_schema: Schema,
    down_data: DataSnapshot,
    volatile: VolatileColumns,
) -> dict[str, str]:
    """How the database after the down differs from the seeded start, one titled section per aspect (none when
    it is back at the start)."""
    sections = {
        "version recorded after the rollback": ""
        if recorded == case.path.start
        else f"expected {case.path.start}, actual {recorded}",
        "schema after the rollback (expected = the start)": render_differences(diff_schemas(start_schema, down_schema)),
        "rows after the rollback (start -> rolled back)": render_rows(
            snapshot_differences(start_data, down_data, volatile)
        ),
    }
    return {title: body for title, body in sections.items() if body}


def _titles(sections: Iterable[str]) -> list[str]:
    return [title.split(" (")[0] for title in sections]


def test_down_up(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
