"""The rollback check's logic: a fault at statement k of version V must leave the database exactly at V-1, the
failed attempt in the history, and the next run must reach the same state as an upgrade that never failed.

A runner whose records mark the failure (golang-migrate's dirty flag, Flyway's failed row) gets its documented repair
first, and only when the schema and data are back exactly: the repair fixes bookkeeping, never a half-applied change.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from harness.cases import Case, Fault
from harness.data import read_product_schema, render_rows
from harness.data_checksums import LiveDatabase, compare_equal
from harness.db import connect
from harness.failures import CheckFailed
from harness.faults.inject import FaultRun, Injector
from harness.faults.process import FaultError
from harness.faults.scripts import StepText, scripts_of
from harness.faults.statement_faults import StatementFaultRun, StatementRunner, count_on, inject
from harness.faults.undo import undo_section
from harness.inspect import diff_schemas, render_differences
from harness.runners.system_under_test import Attempt, ProcessRunner
from harness.volatile import volatile_for
from harness.workbench import Workbench


class NotApplicable(Exception):
    """The fault cannot be injected at this boundary or with this runner; the message says why."""


def runner_as_process(bench: Workbench) -> ProcessRunner:
    if isinstance(bench.runner, StatementRunner) and not isinstance(bench.runner, ProcessRunner):
        raise NotApplicable(
            f"runner {bench.runner.name!r} runs in this process, where its statement faults are injected by the "
            "rollback check; this check starts, races or restarts the runner as processes of its own, which it has not"
        )
    if not isinstance(bench.runner, ProcessRunner):
        raise NotApplicable(
            f"runner {bench.runner.name!r} cannot be started as a process (its adapter has no process_command), "
            "so faults cannot be injected into it"
        )
    return bench.runner


def fault_sections(case: Case, run: FaultRun | None = None, step: StepText | None = None) -> dict[str, str]:
    fault = case.fault
    assert fault is not None
    sections = {
        "engine": case.engine,
        "path": " -> ".join(case.path.stops),
        "fault": f"{fault.kind} {fault.boundary}",
    }
    if step is not None:
        sections["fault"] += f" ({step.where}): {_one_line(step.sql)}" if step.where else f": {_one_line(step.sql)}"
    if run is not None:
        sections["injection"] = "\n".join(run.timeline)
        sections["runner output"] = run.output
        if run.restart_code is not None:
            sections["restarted runner output"] = run.restart_output
    return sections


def _one_line(sql: str, limit: int = 100) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def verify_rollback(bench: Workbench, case: Case) -> None:
    fault = case.fault
    if fault is None:
        raise ValueError(f"case {case.param_id} has no fault")
    if isinstance(bench.runner, StatementRunner):
        _verify_statement_rollback(bench, case, fault, bench.runner)
        return
    runner = runner_as_process(bench)
    server = bench.server(case.engine)
    history = scripts_of(bench.scenario)
    steps = history.steps(fault.version, server.dialect)
    step = None if fault.after_last else steps[fault.statement - 1]
    previous = bench.snapshots(case.engine).seeded(case.path.start)
    database = bench.snapshots(case.engine).clone_seeded(case.path.start)
    workdir = Path(tempfile.mkdtemp(prefix="uh-fault-"))
    try:
        url = server.url(database)
        versions_before = runner.version_rows(url)
        try:
            run = Injector(runner, history, server, workdir).inject(database, fault)
        except FaultError as err:
            raise CheckFailed(
                f"{fault.label}: the runner never reached the fault on {case.engine}",
                {**fault_sections(case, step=step), "what happened": str(err)},
            ) from err
        if run.skipped is not None:
            raise NotApplicable(run.skipped)
        problems = _outcome_problems(fault, run, runner.recovers_on_start)
        with connect(url) as connection:
            schema = read_product_schema(connection, runner.own_tables)
        schema_diff = diff_schemas(previous.schema, schema)
        # The one declaration of volatile columns holds here too: a clock value a failed version re-stamped compares
        # by kind, while a NULL it set (or a value it cleared) is still a difference. The rows are compared by
        # checksums against those the seeded snapshot stored; only chunks that differ are read.
        volatile = volatile_for(bench, case.engine)
        row_diff = compare_equal(previous.live, LiveDatabase(url, schema), volatile).differences
        versions_after = runner.version_rows(url)
        recorded = runner.current_version(url)
        attempts = runner.attempts(url)
        failed = [
            a
            for a in attempts
            if a.version == fault.version and a.failed
        ]
        repaired = None
        if versions_after != versions_before and not schema_diff and not row_diff:
            # Back exactly where it was, with the failure marked in the runner's records: the operator's documented
            # repair (golang-migrate's `force`, Flyway's `repair`) is all that is left to do, so the harness does it.
            repaired = runner.recover(url, case.path.start)
            if repaired is not None:
                run.note(
                    f"the runner's record after the failed attempt: {recorded}; its documented repair "
                    f"{'succeeded' if repaired.ok else 'failed: ' + repaired.error}"
                )
                failed = failed or [Attempt(fault.version, "upgrade", f"marked {recorded}")]
                versions_after = runner.version_rows(url)
        if schema_diff or row_diff or versions_after != versions_before or (attempts and not failed) or problems:
            raise CheckFailed(
                f"{fault.label}: the database is not back at {case.path.start} on {case.engine}",
                {
                    **fault_sections(case, run, step),
                    "undo steps the rollback ran": undo_section(history, server.dialect, fault, schema_diff, row_diff),
                    "runner": "\n".join(problems),
                    "runner's record after the failed attempt": ""
                    if recorded == case.path.start
                    else f"{recorded} (expected {case.path.start})",
                    f"schema (expected = {case.path.start})": render_differences(schema_diff),
                    f"rows ({case.path.start} -> after the failed attempt)": render_rows(row_diff),
                    "version table": ""
                    if versions_after == versions_before
                    else f"before: {versions_before}\nafter: {versions_after}"
                    + (" (after the runner's documented repair)" if repaired is not None else ""),
                    "history": ""
                    if failed or not attempts
                    else "no failed attempt of "
                    + fault.version
                    + " recorded; history:\n"
                    + "\n".join(f"{a.version} {a.operation} {a.status}" for a in attempts),
                },
            )
        _verify_next_run(bench, case, database, fault, fault_sections(case, run))
    finally:
        server.drop_database(database)
        shutil.rmtree(workdir, ignore_errors=True)


def _outcome_problems(fault: Fault, run: FaultRun, recovers_on_start: bool) -> list[str]:
    problems = []
    if fault.kind != "crash" and run.exit_code == 0:
        problems.append(f"the runner exited 0 (success) although {fault.kind} struck {fault.boundary}")
    if fault.kind == "crash" and recovers_on_start and run.restart_code != 0:
        problems.append(f"the runner's next start (recovery) exited with code {run.restart_code}")
    return problems


def _verify_next_run(bench: Workbench, case: Case, database: str, fault: Fault, sections: dict[str, str]) -> None:
    """The original scripts now upgrade to V and end exactly where the fault-free upgrade of the same path ends."""
    url = bench.server(case.engine).url(database)
    outcome = bench.runner.upgrade(url, case.path.target)
    if not outcome.ok:
        raise CheckFailed(
            f"{fault.label}: after the failed attempt, the next upgrade to {case.path.target} failed",
            {**sections, "runner said": outcome.error, "statement": outcome.failed_statement or ""},
        )
    expected = bench.upgraded(case.engine, case.path)
    if expected.failure is not None:
        raise NotApplicable(f"the fault-free upgrade {case.path.label} itself fails (see the upgrade check)")
    with connect(url) as connection:
        schema = read_product_schema(connection, bench.runner.own_tables)
    schema_diff = diff_schemas(bench.schema_of(expected), schema)
    # Two upgrades at different times: what the migrations stamp from the clock is compared by kind, not value.
    # The fault-free side's checksums are taken once per path and kept (its database is never written to).
    volatile = volatile_for(bench, case.engine)
    row_diff = compare_equal(bench.live_of(expected), LiveDatabase(url, schema), volatile).differences
    if schema_diff or row_diff:
        raise CheckFailed(
            f"{fault.label}: the upgrade after the failed attempt differs from an upgrade that never failed",
            {
                **sections,
                "schema (expected = fault-free upgrade)": render_differences(schema_diff),
                "rows (fault-free -> after recovery and upgrade)": render_rows(row_diff),
            },
        )


def _verify_statement_rollback(bench: Workbench, case: Case, fault: Fault, runner: StatementRunner) -> None:
    """A fault at statement k of unit R (an Alembic revision) of an in-process runner: the database must be at a unit
    boundary between the start and the units that ran before R (what the version table records), with exactly the
    schema and rows a fault-free upgrade to that record leaves; then the next run must end as a fault-free upgrade.
    Where DDL commits implicitly (MySQL family) a fault after R's first DDL statement leaves R partly applied, which
    Alembic cannot undo: that is reported here, with what stayed."""
    server = bench.server(case.engine)
    counted = count_on(bench, runner, case.engine, case.path.target)
    unit = counted.unit(fault.version)
    ran = unit.statements[: fault.statement - 1]
    before = tuple(s for u in counted.units[: counted.units.index(unit)] for s in u.statements)
    statement = "" if fault.after_last else unit.statements[fault.statement - 1]
    sections = {
        "engine": case.engine,
        "path": " -> ".join(case.path.stops),
        "fault": f"{fault.kind} {fault.boundary}" + (f": {_one_line(statement)}" if statement else ""),
    }
    snapshots = bench.snapshots(case.engine)
    previous = snapshots.seeded(case.path.start)
    database = snapshots.clone_seeded(case.path.start)
    reference: str | None = None
    try:
        url = server.url(database)
        try:
            run = inject(runner, bench.scenario, server, database, case.path.target, fault, before + ran)
        except FaultError as err:
            raise CheckFailed(
                f"{fault.label}: the runner never reached the fault on {case.engine}",
                {**sections, "what happened": str(err)},
            ) from err
        if run.skipped is not None:
            raise NotApplicable(run.skipped)
        sections.update(_statement_run_sections(run))
        if not run.reached:
            raise CheckFailed(
                f"{fault.label}: the runner never reached the fault on {case.engine}",
                {**sections, "what happened": f"the upgrade sent fewer statements of {fault.version} than the "
                 f"fault-free run that counted them ({len(unit.statements)})"},
            )  # fmt: skip
        problems = []
        if run.outcome is not None and run.outcome.ok:
            problems.append(f"the runner reported success although {fault.kind} struck {fault.boundary}")
        start_units = runner.units_at(case.path.start)
        recorded = runner.recorded_units(url)
        applied = runner.applied_units(recorded)
        allowed = start_units | set(counted.ran_before(fault.version))
        if not start_units <= applied <= allowed:
            problems.append(
                f"the version table records {', '.join(recorded) or 'nothing'}, which is not a point between "
                f"{case.path.start} and the revisions that ran before {fault.version} "
                f"({', '.join(counted.ran_before(fault.version)) or 'none'})"
            )
        with connect(url) as connection:
            schema = read_product_schema(connection, runner.own_tables)
        if applied == start_units:
            expected_schema, expected_live = previous.schema, previous.live
            expected_name = case.path.start
        else:
            reference = snapshots.clone_seeded(case.path.start)
            upgraded = runner.upgrade_to_units(server.url(reference), recorded)
            if not upgraded.ok:
                raise CheckFailed(f"{fault.label}: a fault-free upgrade to {', '.join(recorded)} failed",
                                  {**sections, "runner said": upgraded.error})  # fmt: skip
            with connect(server.url(reference)) as connection:
                expected_schema = read_product_schema(connection, runner.own_tables)
            expected_live = LiveDatabase(server.url(reference), expected_schema)
            expected_name = f"{case.path.start} + {', '.join(counted.ran_before(fault.version))}"
        schema_diff = diff_schemas(expected_schema, schema)
        row_diff = compare_equal(expected_live, LiveDatabase(url, schema), volatile_for(bench, case.engine)).differences
        if problems or schema_diff or row_diff:
            partly = bool(schema_diff or row_diff) and not problems
            title = (
                f"{fault.label}: revision {fault.version} was left partly applied on {case.engine}: the version "
                f"table records {', '.join(recorded)}, but the schema and rows are not that state"
                if partly
                else f"{fault.label}: the database is not back at a revision boundary on {case.engine}"
            )
            raise CheckFailed(
                title,
                {
                    **sections,
                    "runner": "\n".join(problems),
                    "left partly applied": f"{fault.version}: {len(ran)} of its {len(unit.statements)} statements ran "
                    "before the fault and stayed committed (Alembic has no undo for a revision)"
                    if partly
                    else "",
                    f"statements of {fault.version} that ran": "\n".join(
                        f"{number}. {_one_line(sql)}" for number, sql in enumerate(ran, 1)
                    ),
                    "version table": f"{', '.join(recorded) or 'empty'}",
                    f"schema (expected = {expected_name})": render_differences(schema_diff),
                    f"rows ({expected_name} -> after the failed attempt)": render_rows(row_diff),
                },
            )
        _verify_next_run(bench, case, database, fault, sections)
    finally:
        server.drop_database(database)
        if reference is not None:
            server.drop_database(reference)


def _statement_run_sections(run: StatementFaultRun) -> dict[str, str]:
    return {"injection": "\n".join(run.timeline), "runner output": run.output}
