"""Check `rerun`: each data step of a version, run twice on a clone, changes nothing the second time.

A crash between a statement's commit and the runner's record of it (on the MySQL family DDL commits implicitly), or
an operator's re-run after a repair, executes an applied step again; a backfill that lost its `WHERE NOT EXISTS`
guard then inserts its rows twice. One case per step between consecutive versions (V-1 -> V); DDL steps run once
(see harness/faults/rerun.py and docs/faults.md).
"""

from __future__ import annotations

import pytest

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections
from harness.failures import CheckFailed
from harness.faults import scripts_of
from harness.faults.rerun import RunsWatched, StepFailed, StepRerun, is_data_step, rerun_steps, rerun_watched
from harness.volatile import volatile_for
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "rerun", CaseKind.STEPS, "each data step run twice changes nothing")


def verify(bench: Workbench, case: Case) -> None:
    server = bench.server(case.engine)
    start, target = case.path.start, case.path.target
    runner = bench.runner
    watched = isinstance(runner, RunsWatched)  # its statements exist only as it runs (Alembic's revisions)
    steps = () if watched else scripts_of(bench.scenario).steps(target, server.dialect)
    if not watched and not any(is_data_step(step) for step in steps):
        pytest.skip(f"{target} has no data step on {server.dialect} (DDL steps are not run twice)")
    database = bench.snapshots(case.engine).clone_seeded(start)
    volatile = volatile_for(bench, case.engine)
    try:
        try:
            if isinstance(runner, RunsWatched):
                reruns = rerun_watched(server, database, runner, target, volatile)
            else:
                reruns = rerun_steps(server, database, steps, runner.own_tables, volatile)
        except StepFailed as err:
            pytest.skip(f"{err}; the upgrade check reports a failing upgrade, so there is no second run to compare")
    finally:
        server.drop_database(database)
    changed = [rerun for rerun in reruns if rerun.differences]
    if changed:
        raise CheckFailed(
            f"{len(changed)} data step(s) of {target} change data when run a second time on {case.engine}",
            {**case_sections(case), **{_title(rerun): rerun.render() for rerun in changed}},
        )


def _title(rerun: StepRerun) -> str:
    where = f" ({rerun.step.where})" if rerun.step.where else ""
    return f"step {rerun.step.step} of {rerun.step.version}{where}: {' '.join(rerun.step.sql.split())[:100]}"


def test_rerun(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
