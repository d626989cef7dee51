"""`--bundle DIR`: a self-contained reproduction of the failure, checked by replaying it.

    DIR/dump.sql       the customer's dump with only the rows the failure needs (loaded by the command below)
    DIR/schema.sql     the customer's schema alone (the dump without rows), for reading
    DIR/reproduce.sh   the one command that replays the failure (exit 1 when it does)
    DIR/README.md      what fails, where, the offending rows, the engine, and the command
    DIR/manifest.json  the same, for scripts
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from pathlib import Path

from harness.db import connect
from harness.inspect import Table, read_schema
from harness.reproduce.bundled import BundleResult
from harness.reproduce.export import RowSource, copy_block, insert_statements
from harness.reproduce.mask import Masker, masked_column
from harness.reproduce.minimise import Minimiser
from harness.reproduce.pipeline import Attempt, Progress, load_and_attempt
from harness.reproduce.problem import ColumnChange, ForeignKey, InsertSelect, UniqueKey
from harness.reproduce.reproduce_error import ReproduceError
from harness.reproduce.splice import rewrite_dump, schema_only
from harness.reproduce.statements import Statement, copy_columns
from harness.reproduce.workspace import Workspace


def write_bundle(
    workspace: Workspace, original: Attempt, directory: Path, mask: bool, progress: Progress
) -> BundleResult:
    signature = original.signature
    if signature is None:
        raise ReproduceError("there is no failure to bundle")
    prepared = original.prepared
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ReproduceError(f"--bundle {directory}: cannot create the directory: {err.strerror}") from err
    progress("minimising the rows that reproduce the failure ...")
    minimiser = Minimiser(workspace.server, workspace.runner, prepared.template, prepared.schema, prepared.counts,
                          signature)
    minimised = minimiser.minimise(original.diagnosis)
    database = workspace.adopt(minimiser.materialise(minimised.selection))
    command = _command(workspace, directory, original.target)
    (directory / "schema.sql").write_text(schema_only(prepared.dump), encoding="utf-8")
    kept_tables = {
        name: prepared.schema.tables[name] for name, keys in minimised.selection.tables.items()
        if name in prepared.schema.tables and ((keys is None and prepared.counts.get(name)) or keys)
    }
    masked = _masked_columns(workspace, kept_tables, mask)
    left: tuple[str, ...] = ()
    progress("writing the bundle and replaying it ...")
    replay = _write_and_verify(workspace, original, database, directory, Masker() if mask else None, left)
    if mask and not _same_failure(original, replay):
        left = tuple(sorted(set(masked) & _failure_columns(original)))
        if left:
            progress("masking hid the failure; writing the failing columns unmasked ...")
            replay = _write_and_verify(workspace, original, database, directory, Masker(), left)
    workspace.drop(database)
    result = BundleResult(
        directory, command, minimised.selection.rows(prepared.counts), prepared.rows, minimised,
        tuple(c for c in masked if c not in left), left, replay, _same_failure(original, replay),
    )
    _write_descriptions(workspace, original, result)
    return result


def _write_and_verify(
    workspace: Workspace, original: Attempt, database: str, directory: Path, masker: Masker | None,
    unmasked: tuple[str, ...],
) -> Attempt:
    prepared = original.prepared
    dump = prepared.dump
    with connect(workspace.server.url(database)) as connection:
        schema = read_schema(connection)
        kept = {(t, c) for t in workspace.runner.own_tables if t in schema.tables for c in schema.tables[t].columns}
        kept |= {(name.split(".", 1)[0], name.split(".", 1)[1]) for name in unmasked}
        source = RowSource(connection, masker, frozenset(kept))

        def rows_for(statement: Statement, table: str) -> str:
            if table not in schema.tables:
                return ""
            if statement.copy_data is not None:
                return copy_block(source, schema.tables[table], statement.sql + ";", copy_columns(statement))[0]
            return insert_statements(source, schema.tables[table], dump.dialect)[0]

        text = rewrite_dump(dump, rows_for)
    (directory / "dump.sql").write_text(text, encoding="utf-8")
    replay = load_and_attempt(workspace, directory / "dump.sql", original.target, lambda message: None)
    workspace.drop(replay.prepared.template)
    return replay


def _same_failure(original: Attempt, replay: Attempt) -> bool:
    signature = original.signature
    return signature is not None and signature.matches(replay.outcome)


def _masked_columns(workspace: Workspace, tables: Mapping[str, Table], mask: bool) -> tuple[str, ...]:
    if not mask:
        return ()
    found = []
    for name, table in sorted(tables.items()):
        if name in workspace.runner.own_tables:
            continue
        found += [f"{name}.{column}" for column, spec in table.columns.items() if masked_column(column, spec.type)]
    return tuple(found)


def _failure_columns(original: Attempt) -> set[str]:
    """table.column names the failing statement reads: masking them may hide the failure."""
    diagnosis = original.diagnosis
    problem = diagnosis.problem if diagnosis else None
    columns: set[str] = set()
    if isinstance(problem, UniqueKey):
        columns |= {f"{problem.table}.{c.split('(')[0]}" for c in problem.columns}
    elif isinstance(problem, ColumnChange):
        columns.add(f"{problem.table}.{problem.column}")
    elif isinstance(problem, ForeignKey):
        columns |= {f"{problem.table}.{c}" for c in problem.columns}
        columns |= {f"{problem.parent}.{c}" for c in problem.parent_columns}
    elif isinstance(problem, InsertSelect):
        columns |= {f"{problem.source}.{c}" for c in _all_columns(original, problem.source)}
    if diagnosis is not None:
        columns |= {f"{row.table}.{c}" for row in diagnosis.rows for c in row.values}
    return columns


def _all_columns(original: Attempt, table: str) -> list[str]:
    found = original.prepared.schema.tables.get(table)
    return list(found.columns) if found else []


def _command(workspace: Workspace, directory: Path, target: str) -> str:
    environment = workspace.environment
    scenario = environment.scenario_argument
    if Path(scenario).exists():
        scenario = str(Path(scenario).resolve())
    parts = ["upgrade-harness", "reproduce", "--dump", str(directory.resolve() / "dump.sql"),
             "--engine", environment.spec.text_without_password, "--scenario", scenario, "--to", target]
    return shlex.join(parts)


def _write_descriptions(workspace: Workspace, original: Attempt, result: BundleResult) -> None:
    from harness.reproduce.render import bundle_readme, reproduce_script

    directory = result.directory
    (directory / "README.md").write_text(bundle_readme(workspace, original, result), encoding="utf-8")
    script = directory / "reproduce.sh"
    script.write_text(reproduce_script(workspace, original, result), encoding="utf-8")
    script.chmod(0o755)
    outcome = result.replay.outcome  # the bundle's own failure: with --mask, its messages name only fake values
    manifest = {
        "scenario": workspace.scenario.name,
        "engine": workspace.environment.spec.text_without_password,
        "server_version": workspace.server.server_version,
        "dump_kind": original.prepared.dump.kind,
        "from_version": original.prepared.identification.version,
        "version_stamped": original.prepared.identification.stamp,
        "target": original.target,
        "failed_version": outcome.failed_version,
        "failed_statement": outcome.failed_statement,
        "error": outcome.error,
        "offending_rows": [
            {"table": row.table, "key": dict(row.key), "values": dict(row.values), "reason": row.reason}
            for row in (result.replay.diagnosis.rows if result.replay.diagnosis else ())
        ],
        "rows_kept": result.rows_kept,
        "rows_total": result.rows_total,
        "upgrade_runs": result.minimised.runs,
        "masked_columns": list(result.masked),
        "reproduces": result.reproduces,
        "command": result.command,
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8")
