"""`migrator --url URL --migrations DIR <verb>`: the command line over `Migrator`.

Exit codes: 0 done, 1 a migration failed and was rolled back (or `verify` found differences), 2 bad input or refused.
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from migrator.api import Migrator
from migrator.errors import MigratorError
from migrator.planner import Plan
from migrator.results import RunResult, Status

T = TypeVar("T")
Target = Annotated[str | None, typer.Option(help="target version (default: the newest)")]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    # A traceback with local variables would show the URL, password included.
    pretty_exceptions_show_locals=False,
    help="Versioned schema migrations for PostgreSQL, MySQL and MariaDB. See docs/migrator.md.",
)
# Without a terminal (CI logs, pipes) rich would assume 80 columns and fold the history table beyond reading.
# The width is for tables only: every other line is printed with soft_wrap, because a fold inside a planned
# statement (in a string literal, say) would make the printed SQL differ from what runs.
out = Console(highlight=False, width=max(shutil.get_terminal_size((160, 24)).columns, 100))
err = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass(frozen=True)
class Options:
    url: str
    migrations: Path
    installed_by: str | None
    lock_timeout: float
    statement_timeout: float | None
    retries: int


@app.callback()
def options(
    ctx: typer.Context,
    url: Annotated[str, typer.Option("--url", help="SQLAlchemy URL, e.g. postgresql://user:pw@host/db")],
    migrations: Annotated[Path, typer.Option("--migrations", help="directory holding the version directories")],
    installed_by: Annotated[str | None, typer.Option(help="recorded as installed_by (default: database user)")] = None,
    lock_timeout: Annotated[float, typer.Option(help="seconds a migration statement may wait for a lock")] = 5.0,
    statement_timeout: Annotated[float | None, typer.Option(help="seconds a migration statement may run")] = None,
    retries: Annotated[int, typer.Option(help="retries of a unit that timed out waiting for a lock")] = 3,
) -> None:
    ctx.obj = Options(url, migrations, installed_by, lock_timeout, statement_timeout, retries)


def _run(ctx: typer.Context, action: Callable[[Migrator], T]) -> T:
    given: Options = ctx.obj
    try:
        migrator = Migrator(
            given.url,
            given.migrations,
            installed_by=given.installed_by,
            lock_timeout_s=given.lock_timeout,
            statement_timeout_s=given.statement_timeout,
            retries=given.retries,
        )
        return action(migrator)
    except MigratorError as error:
        err.print(f"migrator: {error}", markup=False)
        raise typer.Exit(error.exit_code) from error


@app.command()
def status(ctx: typer.Context) -> None:
    """Current version, pending versions, and anything an upgrade would refuse or recover first."""
    _print_status(_run(ctx, lambda m: m.status()))


@app.command()
def plan(ctx: typer.Context, to: Target = None) -> None:
    """The exact statements an upgrade (or, for an older target, a rollback) would run."""
    _print_plan(_run(ctx, lambda m: m.plan(to)))


@app.command()
def install(ctx: typer.Context, version: Annotated[str, typer.Option("--version", help="version to install")]) -> None:
    """Fresh install of a version on an empty database, recorded as installed."""
    _print_result(_run(ctx, lambda m: m.install(version)), "installed")


@app.command()
def upgrade(ctx: typer.Context, to: Target = None) -> None:
    """Apply the pending versions, each atomically (an empty database gets a fresh install of the target)."""
    _print_result(_run(ctx, lambda m: m.upgrade(to)), "applied")


@app.command()
def rollback(ctx: typer.Context, to: Annotated[str, typer.Option("--to", help="version to go back to")]) -> None:
    """Downgrade to an older version with the undo statements, newest version first."""
    _print_result(_run(ctx, lambda m: m.rollback(to)), "rolled back")


@app.command()
def baseline(ctx: typer.Context, version: Annotated[str, typer.Option("--version", help="its version")]) -> None:
    """Record the version of an existing schema that has no runner tables, after checking it matches."""
    _print_result(_run(ctx, lambda m: m.baseline(version)), "baselined")


@app.command()
def history(ctx: typer.Context) -> None:
    """Every attempt: installs, upgrades, failures, rollbacks, recoveries, repairs."""
    entries = _run(ctx, lambda m: m.history())
    table = Table("id", "version", "operation", "status", "started", "ms", "step", "error / detail")
    for entry in entries:
        note = entry.error or entry.detail or ""
        if entry.error and entry.statement:
            note = f"{entry.error}\n{entry.statement}"
        table.add_row(
            str(entry.id),
            entry.version,
            entry.operation,
            entry.status,
            f"{entry.started_at:%Y-%m-%d %H:%M:%S}",
            "" if entry.execution_ms is None else str(entry.execution_ms),
            "" if entry.step is None else str(entry.step),
            note,
        )
    out.print(table)


@app.command()
def verify(ctx: typer.Context) -> None:
    """Compare the live schema with a fresh install of the recorded version (exit 1 when they differ)."""
    found = _run(ctx, lambda m: m.verify())
    if not found:
        out.print("the schema equals the fresh install of the recorded version")
        return
    for line in found:
        out.print(f"- {line}", markup=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def repair(
    ctx: typer.Context,
    clear_journal: Annotated[bool, typer.Option(help="forget an in-flight version after a fix by hand")] = False,
    accept_checksums: Annotated[bool, typer.Option(help="record the current scripts' checksums as applied")] = False,
) -> None:
    """Resolve states the runner refuses to resolve alone (see docs/migrator.md, "Recovery and repair")."""
    done = _run(ctx, lambda m: m.repair(clear_journal=clear_journal, accept_checksums=accept_checksums))
    for line in done or ["nothing needed repair"]:
        out.print(line, markup=False, soft_wrap=True)


def _print_status(found: Status) -> None:
    table = Table(show_header=False)
    table.add_row("current", found.current or "(none)")
    table.add_row("head", found.head)
    table.add_row("pending", ", ".join(found.pending) or "(none)")
    if found.in_flight is not None:
        flight = found.in_flight
        done = ", ".join(map(str, flight.steps_done)) or "none"
        table.add_row("in flight", f"{flight.version} ({flight.operation}); steps done: {done}; recovered on next run")
    for problem in found.problems:
        table.add_row("problem", problem)
    out.print(table)


def _print_plan(found: Plan) -> None:
    if found.in_flight is not None:
        out.print(
            f"-- first: roll back the interrupted {found.in_flight.operation} of {found.in_flight.version}",
            markup=False,
            soft_wrap=True,
        )
    if not found.versions:
        out.print(f"-- at {found.target}: nothing to do")
    for version in found.versions:
        how = "one transaction" if version.single_transaction else "journaled units"
        out.print(f"-- {version.operation} {version.version} ({how})", markup=False, soft_wrap=True)
        for statement in version.statements:
            mark = ""
            if not version.single_transaction:
                mark = " [in transaction]" if statement.in_transaction else " [autocommit]"
            out.print(f"-- step {statement.step}{mark}\n{statement.sql};", markup=False, soft_wrap=True)


def _print_result(result: RunResult, verb: str) -> None:
    for version in result.recovered:
        out.print(f"recovered {version}: rolled back an interrupted run first", soft_wrap=True)
    versions = result.applied or result.rolled_back
    if not versions:
        out.print("nothing to do: the database is at the target version")
        return
    out.print(
        f"{verb} {', '.join(versions)} ({len(result.statements)} statements, "
        f"{result.sql_seconds:.3f}s in SQL, {result.wall_seconds:.3f}s in all)",
        soft_wrap=True,
    )


def main() -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="migrator: %(message)s")
    app()
