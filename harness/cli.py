"""`upgrade-harness`: engines, plan, verify, reproduce, report merge.

`verify` is a thin wrapper over pytest and the plugin.

Exit codes (contract): 0 every selected case passed, 1 a check failed, 2 bad input or environment.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import signal
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from harness.checks import CHECKS
from harness.engines import available_engines, parse_spec, render_engines, start_server
from harness.engines.docker_images import parse_engine_images
from harness.engines.local_state import reap_orphans
from harness.engines.server_api import EngineError
from harness.faults import FAULT_KINDS
from harness.interrupts import INTERRUPT_EXIT, run_until_done
from harness.paths import PathSelectionError
from harness.reproduce.command import reproduce
from harness.run import DEFAULT_ENGINES, RunPlan, Selection, SelectionError, case_id, parse_checks, parse_shard
from harness.scenario import ScenarioError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
report_app = typer.Typer(no_args_is_help=True, help="Work with report directories.")
app.add_typer(report_app, name="report")

# pytest's exit codes -> ours; an interrupted run keeps its 128 + signal number (130 Ctrl-C, 143 SIGTERM).
PYTEST_EXIT = {0: 0, 1: 1, 2: 2, 3: 2, 4: 2, 5: 2, 130: 130, 143: 143}


def fail(message: str) -> NoReturn:
    """Bad input or environment: one message on stderr, exit 2."""
    typer.echo(f"upgrade-harness: error: {message}", err=True)
    raise typer.Exit(2)


ScenarioOption = Annotated[str, typer.Option("--scenario", help="scenario name or directory")]
EngineOption = Annotated[list[str] | None, typer.Option("--engine", help="engine spec or URL (repeatable)")]
PathsOption = Annotated[str, typer.Option("--paths", help="to-head | all-pairs | stepwise | sample:N")]
ChecksOption = Annotated[str, typer.Option("--checks", help=f"comma-separated: {', '.join(CHECKS)}")]
FaultsOption = Annotated[str, typer.Option("--faults", help="none | sample | every-statement")]
SeedOption = Annotated[int, typer.Option("--seed-size", min=0, help="rows in the big seeded tables")]
ShardOption = Annotated[str, typer.Option("--shard", help="I/N: run one shard of N")]
LayoutOption = Annotated[str, typer.Option("--layout", help="auto | migrator | golang-migrate | flyway | ...")]


def _selection(
    scenario: str,
    engines: list[str] | None,
    paths: str,
    checks: str,
    faults: str,
    seed_size: int,
    shard: str,
    layout: str,
    report_dir: Path | None = None,
) -> Selection:
    """The command line's selection, validated where pytest's options are (Selection): bad values exit 2."""
    try:
        return Selection(
            scenario=scenario,
            engines=tuple(engines or DEFAULT_ENGINES),
            paths=paths,
            checks=parse_checks(checks),
            faults=faults,
            seed_size=seed_size,
            shard=parse_shard(shard),
            report_dir=report_dir,
            layout=layout,
        )
    except SelectionError as err:
        fail(str(err))


def _open_plan(selection: Selection) -> RunPlan:
    try:
        plan = RunPlan.open(selection)
        plan.paths()
    except (ScenarioError, EngineError, PathSelectionError) as err:
        fail(str(err))
    return plan


def _probe_urls(selection: Selection) -> None:
    """An existing server that cannot be reached is bad input (exit 2), not a skip."""
    for text in selection.engines:
        try:
            spec = parse_spec(text)
            if spec.url is not None:
                start_server(spec).stop()
        except EngineError as err:
            fail(str(err))


@app.command()
def engines(as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False) -> None:
    """What can run here: spec, provider, binary or image, server version, or why not."""
    typer.echo(render_engines(available_engines(), as_json))


@app.command()
def plan(
    scenario: ScenarioOption = "nightingale",
    engine: EngineOption = None,
    paths: PathsOption = "to-head",
    checks: ChecksOption = "",
    faults: FaultsOption = "none",
    seed_size: SeedOption = 100,
    shard: ShardOption = "",
    layout: LayoutOption = "auto",
    previous: Annotated[Path | None, typer.Option("--from-report", help="report.json of an earlier run")] = None,
) -> None:
    """How many cases a selection runs, by check and engine (and how long, given an earlier report)."""
    selection = _selection(scenario, engine, paths, checks, faults, seed_size, shard, layout)
    run_plan = _open_plan(selection)
    cases = run_plan.cases()
    counts = Counter((case.check, case.engine_label) for case in cases)
    boundaries: dict[tuple[str, str], set[tuple[str, int]]] = {}
    for case in cases:
        if case.fault is not None:
            boundary = (case.fault.version, case.fault.statement)
            boundaries.setdefault((case.check, case.engine_label), set()).add(boundary)
    rows = [
        {
            "check": check,
            "engine": eng,
            "cases": n,
            "faults": f"{len(boundaries[check, eng])} boundaries x {len(FAULT_KINDS)} kinds"
            if (check, eng) in boundaries
            else "",
        }
        for (check, eng), n in sorted(counts.items())
    ]
    estimate = None
    if previous is not None:
        from harness.report.shard import estimate_duration

        try:
            estimate = estimate_duration([case_id(case) for case in cases], json.loads(previous.read_text()))
        except (OSError, ValueError) as err:
            fail(f"--from-report {previous}: {err}")
    from rich.console import Console
    from rich.table import Table

    shard_note = f", shard {selection.shard[0]}/{selection.shard[1]}" if selection.shard else ""
    table = Table(title=f"{run_plan.scenario.name}: {len(cases)} cases ({selection.paths}{shard_note})")
    with_faults = any(row["faults"] for row in rows)
    for column in ("check", "engine", "cases", *(("faults",) if with_faults else ())):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["check"]), str(row["engine"]), str(row["cases"]), *((str(row["faults"]),) if with_faults else ())
        )
    console = Console()
    console.print(table)
    from harness.layouts import set_aside_lines

    aside = set_aside_lines(run_plan.scenario)
    if aside:  # a file the history holds but no case runs is said, never dropped silently
        console.print(f"set aside ({len(aside)} files, not run):", markup=False)
        for line in aside:
            console.print(f"  {line}", markup=False, soft_wrap=True)
    if estimate is not None:
        console.print(f"estimated duration: {estimate:.0f} s (from {previous})")


def _plugin_args() -> list[str]:
    """Load the plugin explicitly only when it is not installed as an entry point (running from a checkout)."""
    installed = importlib.metadata.entry_points(group="pytest11", name="upgrade_harness")
    return [] if installed else ["-p", "harness.plugin"]


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def verify(
    context: typer.Context,
    scenario: ScenarioOption = "nightingale",
    engine: EngineOption = None,
    paths: PathsOption = "to-head",
    checks: ChecksOption = "",
    faults: FaultsOption = "none",
    seed_size: SeedOption = 100,
    shard: ShardOption = "",
    layout: LayoutOption = "auto",
    report_dir: Annotated[Path | None, typer.Option("--report-dir", help="write reports here")] = None,
    allowlist: Annotated[Path | None, typer.Option("--allowlist", help="TOML file of known failures")] = None,
    case: Annotated[
        list[str] | None,
        typer.Option(
            "--case",
            help="run only the cases whose id contains this (repeatable); a report.json id selects one case",
        ),
    ] = None,
    allow_missing_engine: Annotated[
        bool,
        typer.Option(
            "--allow-missing-engine",
            help="a requested engine that cannot run here does not fail the gate",
        ),
    ] = False,
    engine_image: Annotated[
        list[str] | None,
        typer.Option(
            "--engine-image",
            help="SPEC=IMAGE: the Docker image for an engine spec (repeatable)",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="neither use nor keep seeded templates between runs (also: UPGRADE_HARNESS_NO_CACHE=1)",
        ),
    ] = False,
) -> None:
    """Run the upgrade checks (pytest with the plugin); extra pytest arguments go after `--`."""
    selection = _selection(scenario, engine, paths, checks, faults, seed_size, shard, layout, report_dir)
    for text in engine_image or ():
        try:
            parse_engine_images(text)
        except ValueError as err:
            fail(str(err))
    _open_plan(selection)
    _probe_urls(selection)
    reap_orphans()  # what a killed earlier run left (servers, directories), also when this run starts no local one
    if allowlist is not None:
        _check_allowlist(allowlist)
    directory = report_dir or Path(tempfile.mkdtemp(prefix="upgrade-harness-report-"))
    args = [
        *_plugin_args(),
        "--upgrade-only",
        f"--upgrade-scenario={scenario}",
        *(f"--upgrade-engine={text}" for text in selection.engines),
        f"--upgrade-paths={paths}",
        f"--upgrade-checks={','.join(selection.checks)}",
        f"--upgrade-faults={faults}",
        f"--upgrade-seed-size={seed_size}",
        f"--upgrade-layout={layout}",
        f"--upgrade-report-dir={directory}",
        *([f"--upgrade-allowlist={allowlist}"] if allowlist is not None else []),
        *(["--upgrade-allow-missing-engine"] if allow_missing_engine else []),
        *(f"--upgrade-case={text}" for text in case or ()),
        *(f"--upgrade-engine-image={text}" for text in engine_image or ()),
        *(["--upgrade-no-cache"] if no_cache else []),
        f"--junitxml={directory / 'junit.xml'}",
        "-p",
        "no:cacheprovider",
        "-q",
        "-rfEs",
        *([f"--upgrade-shard={shard}"] if shard else []),
        *context.args,
    ]
    # A child process: pytest imports the plugin itself (assertion rewriting, warnings filters and the servers'
    # lifetime all belong to that run). Ctrl-C reaches it from the terminal; a SIGTERM sent to this process is
    # passed on. Either way this process waits until the child has stopped its servers and written its report.
    code = run_until_done([sys.executable, "-m", "pytest", *args])
    if code == 5:
        typer.echo("upgrade-harness: error: the selection produced no cases", err=True)
    typer.echo(f"report: {directory / 'summary.md'}", err=True)
    raise typer.Exit(PYTEST_EXIT.get(code, 2))


def _check_allowlist(allowlist: Path) -> None:
    """Before anything runs: a malformed allow-list is bad input; an expired entry is said now (it fails the gate)."""
    import datetime as dt

    from harness.report.gate import load_allowlist

    try:
        entries = load_allowlist(allowlist)
    except (OSError, ValueError) as err:
        fail(str(err))
    today = dt.date.today()
    for entry in entries.entries:
        if entry.expires < today:
            typer.echo(
                f"upgrade-harness: allow-list entry {entry.describe()} expired on {entry.expires}; "
                "the gate fails until it is renewed or removed",
                err=True,
            )


@report_app.command("merge")
def report_merge(
    directories: Annotated[list[Path], typer.Argument(help="shard report directories")],
    out: Annotated[Path, typer.Option("--out", help="directory for the merged report")],
    allowlist: Annotated[Path | None, typer.Option("--allowlist", help="TOML file of known failures")] = None,
) -> None:
    """Join shard reports into one report with the same files; exit as the merged run's gate says."""
    from harness.report.gate import load_allowlist
    from harness.report.merge import merge_report_dirs
    from harness.report.write import load_output_config

    try:
        entries = load_allowlist(allowlist) if allowlist is not None else None
        merged = merge_report_dirs(directories, out, load_output_config(os.environ), entries)
    except (OSError, ValueError) as err:
        fail(str(err))
    typer.echo(f"merged {len(directories)} reports into {out}")
    verdict = merged.gate
    for reason in verdict.reasons if verdict is not None else ():
        typer.echo(f"upgrade gate: FAILED: {reason}", err=True)
    raise typer.Exit(verdict.code if verdict is not None else 0)


app.command()(reproduce)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("upgrade-harness: interrupted", err=True)
        sys.exit(INTERRUPT_EXIT[signal.SIGINT])
