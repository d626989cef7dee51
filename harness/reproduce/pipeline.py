"""`reproduce` step by step: load the dump, identify its version, upgrade a copy, diagnose, bundle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness.db import connect
from harness.dialects import TRAITS, Dialect
from harness.inspect import Schema, read_schema
from harness.reproduce.analyse import diagnose
from harness.reproduce.diagnosis import Diagnosis
from harness.reproduce.dumpfile import Dump, read_dump
from harness.reproduce.identify import Identification, identify
from harness.reproduce.load import LoadResult, load_dump
from harness.reproduce.minimise import FailureSignature
from harness.reproduce.reproduce_error import ReproduceError
from harness.reproduce.row_subset import row_counts
from harness.reproduce.stamp import stamped_database
from harness.reproduce.workspace import Workspace
from harness.runners.system_under_test import RunOutcome

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Prepared:
    """The dump loaded and ready to upgrade: `template` is never upgraded itself, only cloned."""

    dump: Dump
    loaded: LoadResult
    template: str
    schema: Schema  # product tables only
    counts: dict[str, int]
    identification: Identification

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Attempt:
    prepared: Prepared
    target: str
    outcome: RunOutcome
    diagnosis: Diagnosis | None

    @property
    def signature(self) -> FailureSignature | None:
        if self.outcome.ok or not self.outcome.failed_version:
            return None
        return FailureSignature(self.outcome.failed_version, self.outcome.failed_statement or "")


def check_dialect(dump: Dump, workspace_dialect: Dialect, engine: str) -> None:
    if dump.dialect != workspace_dialect:
        dumped, given = TRAITS[dump.dialect], TRAITS[workspace_dialect]
        hint = f" (it was dumped from {dump.source_server})" if dump.source_server else ""
        raise ReproduceError(
            f"--dump {dump.path} is a {dump.kind} dump of a {dumped.title} database{hint}, but --engine {engine} is "
            f"a {given.title} engine; give an engine of the dump's kind, e.g. --engine {dumped.example_engine}"
        )


def prepare(workspace: Workspace, dump: Dump, progress: Progress) -> Prepared:
    server, runner = workspace.server, workspace.runner
    progress(f"loading {dump.path.name} into {server.spec.name} ...")
    database = workspace.database()
    loaded = load_dump(dump, server.url(database))
    with connect(server.url(database)) as connection:
        full = read_schema(connection)
        schema = full.without(runner.own_tables)
        counts = row_counts(connection, schema)
    if not schema.tables:
        raise ReproduceError(
            f"--dump {dump.path}: the dump creates no table; is it a schema-only dump of another database, or empty?"
        )
    recorded = _recorded_version(workspace, database, dump) if runner.own_tables & set(full.tables) else None
    progress("identifying the version ...")
    identification = identify(schema, recorded, workspace.scenario.versions, workspace.fresh_schema)
    if identification.stamp:
        progress(f"stamping {identification.version} ...")
        workspace.drop(database)
        database = workspace.adopt(stamped_database(server, runner, dump, identification.version))
    return Prepared(dump, loaded, database, schema, counts, identification)


def _recorded_version(workspace: Workspace, database: str, dump: Dump) -> str | None:
    try:
        return workspace.runner.current_version(workspace.server.url(database))
    except Exception as err:  # whatever the runner raises: its own error types are its business
        raise ReproduceError(
            f"--dump {dump.path}: the dump has {workspace.runner.name}'s version table, but {workspace.runner.name} "
            f"cannot read it ({type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}); the customer's "
            "upgrade would stop there too: repair the table in the dump, or remove it to identify the version "
            "from the schema"
        ) from err


def attempt(workspace: Workspace, prepared: Prepared, target: str, progress: Progress) -> Attempt:
    server, runner = workspace.server, workspace.runner
    work = workspace.clone(prepared.template)
    progress(f"upgrading {prepared.identification.version} -> {target} with {runner.name} ...")
    outcome = runner.upgrade(server.url(work), target)
    diagnosis = None
    if not outcome.ok and outcome.failed_version and outcome.failed_statement:
        progress("looking up the offending rows ...")
        diagnosis = diagnose(server.url(work), runner, server.dialect, outcome.failed_version, outcome.failed_statement)
    workspace.drop(work)
    return Attempt(prepared, target, outcome, diagnosis)


def choose_target(workspace: Workspace, requested: str | None, start: str) -> str:
    scenario = workspace.scenario
    target = requested or scenario.head
    if target not in scenario.versions:
        raise ReproduceError(
            f"--to {target}: scenario {scenario.name!r} has no such version; known: {', '.join(scenario.versions)}"
        )
    if scenario.index(target) < scenario.index(start):
        raise ReproduceError(f"--to {target} is older than the dump's version {start}; give a later version")
    return target


def load_and_attempt(workspace: Workspace, dump_path: Path, target: str | None, progress: Progress) -> Attempt:
    dump = read_dump(dump_path)
    check_dialect(dump, workspace.server.dialect, workspace.environment.spec.name)
    prepared = prepare(workspace, dump, progress)
    chosen = choose_target(workspace, target, prepared.identification.version)
    return attempt(workspace, prepared, chosen, progress)
