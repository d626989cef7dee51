"""The concurrency check's logic: 8 runners at once apply every version exactly once and end where one runner
ends; a runner killed while holding the lock does not block the next one."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path

from harness.cases import Case
from harness.data import read_product_state, render_rows, snapshot_differences
from harness.db import connect
from harness.failures import CheckFailed
from harness.faults.process import FaultError
from harness.faults.race import RACERS, kill_holder_then_start, race
from harness.faults.rollback import NotApplicable, runner_as_process
from harness.faults.scripts import scripts_of
from harness.faults.statement_faults import StatementRunner
from harness.inspect import diff_schemas, render_differences
from harness.volatile import volatile_for
from harness.workbench import Workbench


def _sections(case: Case) -> dict[str, str]:
    return {"engine": case.engine, "path": " -> ".join(case.path.stops)}


def verify_concurrency(bench: Workbench, case: Case) -> None:
    if isinstance(bench.runner, StatementRunner) and bench.runner.name == "alembic":
        raise NotApplicable(
            "Alembic takes no lock of its own: two `alembic upgrade` runs at once on one database are not guarded "
            "against (serialising them is left to the deployment), so racing runners would only show that"
        )
    runner_as_process(bench)
    expected = bench.upgraded(case.engine, case.path)
    if expected.failure is not None:
        raise NotApplicable(f"the single-runner upgrade {case.path.label} itself fails (see the upgrade check)")
    workdir = Path(tempfile.mkdtemp(prefix="uh-race-"))
    try:
        _racing(bench, case, workdir)
        _killed_holder(bench, case, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _racing(bench: Workbench, case: Case, workdir: Path) -> None:
    runner = runner_as_process(bench)
    server = bench.server(case.engine)
    database = bench.snapshots(case.engine).clone_seeded(case.path.start)
    try:
        url = server.url(database)
        command = runner.process_command(url, case.path.target, bench.scenario.migrations_dir)
        try:
            result = race(command, workdir)
        except FaultError as err:
            raise CheckFailed(f"{RACERS} racing runners did not all finish on {case.engine}",
                              {**_sections(case), "what happened": str(err)}) from err
        failed = [(i + 1, r) for i, r in enumerate(result.racers) if r.exit_code != 0]
        attempts = bench.runner.attempts(url)
        applied = Counter(
            a.version for a in attempts if a.succeeded and a.operation != "install"
        )
        crossed = bench.scenario.crossed(case.path.start, case.path.target)
        wrong = {v: applied[v] for v in crossed if applied[v] != 1} if attempts else {}
        recorded = bench.runner.current_version(url)
        problems = [f"racer {n} exited with code {r.exit_code}" for n, r in failed]
        problems += [f"{version} applied {times} times (expected exactly once)" for version, times in wrong.items()]
        if recorded != case.path.target:
            problems.append(f"the runner records version {recorded}, expected {case.path.target}")
        sections = {
            **_sections(case),
            "race": "\n".join(result.timeline),
            "history": "\n".join(f"{a.version} {a.operation} {a.status}" for a in attempts),
        }
        if problems:
            outputs = "\n".join(f"--- racer {n} (exit {r.exit_code})\n{r.output[-1500:]}" for n, r in failed[:3])
            raise CheckFailed(f"{RACERS} runners started at once on {case.engine} disagree with one runner",
                              {**sections, "problems": "\n".join(problems), "failed racers' output": outputs})
        _compare_with_single_runner(bench, case, database, "after the race", sections)
    finally:
        server.drop_database(database)


def _killed_holder(bench: Workbench, case: Case, workdir: Path) -> None:
    runner = runner_as_process(bench)
    server = bench.server(case.engine)
    history = scripts_of(bench.scenario)
    crossed = bench.scenario.crossed(case.path.start, case.path.target)
    version = next((v for v in crossed if history.steps(v, server.dialect)), None)
    if version is None:
        return  # no statement to park a lock holder at
    database = bench.snapshots(case.engine).clone_seeded(case.path.start)
    try:
        try:
            result = kill_holder_then_start(runner, history, server, database, version, case.path.target, workdir)
        except FaultError as err:
            raise CheckFailed(f"after a runner was killed holding the lock on {case.engine}, the next one did not "
                              "finish", {**_sections(case), "what happened": str(err)}) from err
        sections = {**_sections(case), "kill": "\n".join(result.timeline)}
        if result.next_exit_code != 0:
            raise CheckFailed(
                f"after a runner was killed holding the lock, the next runner failed on {case.engine}",
                {**sections, "next runner output": result.next_output},
            )
        _compare_with_single_runner(bench, case, database, "after a killed holder and a new runner", sections)
    finally:
        server.drop_database(database)


def _compare_with_single_runner(
    bench: Workbench, case: Case, database: str, when: str, sections: dict[str, str]
) -> None:
    expected = bench.upgraded(case.engine, case.path)
    with connect(bench.server(case.engine).url(database)) as connection:
        schema, data = read_product_state(connection, bench.runner.own_tables)
    schema_diff = diff_schemas(bench.schema_of(expected), schema)
    row_diff = snapshot_differences(bench.data_of(expected), data, volatile_for(bench, case.engine))
    if schema_diff or row_diff:
        raise CheckFailed(
            f"{when}, {case.engine} differs from a single-runner upgrade {case.path.label}",
            {
                **sections,
                "schema (expected = single runner)": render_differences(schema_diff),
                "rows (single runner -> racing)": render_rows(row_diff),
            },
        )
