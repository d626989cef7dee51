"""`upgrade-harness reproduce`: replay a customer's failed upgrade from their SQL dump.

Exit codes (contract): 0 the upgrade succeeded on the dump, 1 the failure reproduced, 2 bad input or environment
(one message on stderr; every scratch database dropped and every server started here stopped).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from harness.engines import parse_spec
from harness.engines.server_api import EngineError
from harness.reproduce.bundle import write_bundle
from harness.reproduce.dumpfile import read_dump
from harness.reproduce.pipeline import Attempt, attempt, check_dialect, choose_target, prepare
from harness.reproduce.render import report
from harness.reproduce.reproduce_error import ReproduceError
from harness.reproduce.workspace import Environment, Workspace
from harness.scenario import ScenarioError, load_scenario


def _fail(message: str) -> NoReturn:
    typer.echo(f"upgrade-harness: error: {message}", err=True)
    raise typer.Exit(2)


def _progress(message: str) -> None:
    # Only on a terminal: in scripts and CI, bad input must leave exactly one message on stderr.
    if sys.stderr.isatty():
        typer.echo(message, err=True)


def reproduce(
    dump: Annotated[Path, typer.Option("--dump", help="the customer's plain SQL dump (mysqldump or pg_dump)")],
    engine: Annotated[str, typer.Option("--engine", help="engine spec or URL to load it into, e.g. mariadb@10.11")],
    scenario: Annotated[str, typer.Option("--scenario", help="scenario name or directory")] = "nightingale",
    to: Annotated[str | None, typer.Option("--to", help="target version (default: the newest)")] = None,
    bundle: Annotated[Path | None, typer.Option("--bundle", help="write a minimal reproduction here")] = None,
    mask: Annotated[bool, typer.Option("--mask", help="replace personal data in the bundle with fakes")] = False,
) -> None:
    """Reproduce a customer's failed upgrade from their SQL dump: version, failing statement, offending rows."""
    if mask and bundle is None:
        _fail("--mask masks the data of a bundle: give --bundle DIR too")
    try:
        # The scenario first: a broken history is reported as itself, whatever the dump holds.
        loaded = load_scenario(scenario)
        dump_file = read_dump(dump)
        spec = parse_spec(engine)
        check_dialect(dump_file, spec.dialect, spec.name)
        environment = Environment(spec, loaded, scenario)
        with Workspace(environment) as workspace:
            prepared = prepare(workspace, dump_file, _progress)
            target = choose_target(workspace, to, prepared.identification.version)
            result = attempt(workspace, prepared, target, _progress)
            written = None
            if bundle is not None and result.signature is not None:
                written = write_bundle(workspace, result, bundle, mask, _progress)
            shown: Attempt = result
            if written is not None and mask:
                # The customer's values stay out of the output too; the bundle's own failure names only fakes.
                shown = Attempt(result.prepared, result.target, written.replay.outcome, written.replay.diagnosis)
            typer.echo(report(workspace, shown, written))
            if bundle is not None and result.signature is None:
                reason = ("the upgrade succeeded, there is no failure to reproduce" if result.outcome.ok else
                          "the runner refused before running a statement, so no rows are involved; the dump "
                          "itself reproduces it")
                typer.echo(f"bundle: not written: {reason}")
    except (ReproduceError, EngineError, ScenarioError) as err:
        _fail(str(err))
    raise typer.Exit(0 if result.outcome.ok else 1)
