"""The `events` scenario (tests/online/events), Nightingale with a small online seed, workbenches over the session's
servers, and the command line of a separate pytest run with the plugin."""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from harness.engines.server_api import Server
from harness.runners import runner_for
from harness.scenario import Scenario, load_scenario
from harness.workbench import Workbench

EVENTS = Path(__file__).parent / "events"
NIGHTINGALE = Path(__file__).resolve().parents[2] / "scenarios" / "nightingale"


@pytest.fixture
def events_copy(tmp_path: Path) -> Path:
    """A copy of the events scenario a test may edit."""
    return Path(shutil.copytree(EVENTS, tmp_path / "events"))


@pytest.fixture
def bench_for() -> Iterator[Callable[[Scenario, Server], Workbench]]:
    """`bench_for(scenario, server)`: a workbench on an already running server, closed after the test."""
    made: list[Workbench] = []

    def make(scenario: Scenario, server: Server) -> Workbench:
        name = server.spec.name
        bench = Workbench(scenario, runner_for(scenario), {name: name}, 40, servers={name: server})
        made.append(bench)
        return bench

    yield make
    for bench in made:
        bench.close()


@pytest.fixture(scope="session")
def events() -> Scenario:
    return load_scenario(EVENTS)


@pytest.fixture(scope="session")
def small_nightingale() -> Scenario:
    """The Nightingale scenario with an online seed of 20,000 rows: enough to show that an online index build
    leaves the workload alone, small enough to seed in seconds."""
    scenario = load_scenario(NIGHTINGALE)
    return replace(scenario, online={**scenario.online, "seed_size": 20_000})


@pytest.fixture(scope="session")
def plugin_pytest() -> list[str]:
    """A separate pytest run with the harness's plugin loaded once (named unless installed, as the CLI does)."""
    installed = importlib.metadata.entry_points(group="pytest11", name="upgrade_harness")
    return [sys.executable, "-m", "pytest", *([] if installed else ["-p", "harness.plugin"]), "-p", "no:cacheprovider",
            "--upgrade-only"]
