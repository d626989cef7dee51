"""Fixtures for the runner-adapter tests: golang-migrate histories to run the external fixture runner on."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from harness.layouts import load_foreign_scenario
from harness.runners.command_runner import CommandRunner
from harness.scenario import Scenario

REPO = Path(__file__).resolve().parents[2]
EXTERNAL_RUNNER = REPO / "fixtures" / "golang_migrate_runner.py"
GOLANG_MIGRATE = f"{{python}} {EXTERNAL_RUNNER} -path {{migrations}} -database {{url}}"


@pytest.fixture(scope="session")
def external_command() -> str:
    """The start of a command line running the fixture runner; a verb (`goto {target}`, `version`, `up 2`) follows."""
    return GOLANG_MIGRATE


@pytest.fixture
def golang_history(tmp_path: Path) -> Path:
    """A private copy of the golang-migrate Ticketbox history (38 migrations per dialect)."""
    target = tmp_path / "ticketbox"
    shutil.copytree(REPO / "fixtures" / "foreign" / "golang-migrate", target)
    return target


@pytest.fixture(scope="session")
def command_runner() -> Callable[..., CommandRunner]:
    """`command_runner(root, **options)`: the external fixture runner on the history at `root` via the command adapter.

    Without options it is the worked example: upgrade and rollback with `goto {target}`, status with `version`, the
    version read from golang-migrate's `schema_migrations`.
    """

    def make(root: Path, **options: Any) -> CommandRunner:
        defaults: Mapping[str, Any] = {
            "upgrade": f"{GOLANG_MIGRATE} goto {{target}}",
            "rollback": f"{GOLANG_MIGRATE} goto {{target}}",
            "status": f"{GOLANG_MIGRATE} version",
            "version_table": "schema_migrations",
            "timeout": 60,
        }
        scenario: Scenario = dataclasses.replace(
            load_foreign_scenario(root, "golang-migrate"), runner="command",
            runner_options={**defaults, **options},
        )
        return CommandRunner.from_options(scenario)

    return make


@pytest.fixture(scope="session")
def plugin_pytest() -> list[str]:
    """The command line of a separate pytest run with the harness's plugin loaded exactly once.

    Installed (`pip install -e .`, as the nox sessions do), the plugin is already loaded through its `pytest11` entry
    point and a second `-p harness.plugin` would be refused as a duplicate registration; from a bare checkout it must
    be named. This is the rule the `upgrade-harness` CLI follows too.
    """
    installed = importlib.metadata.entry_points(group="pytest11", name="upgrade_harness")
    return [sys.executable, "-m", "pytest", *([] if installed else ["-p", "harness.plugin"]), "-p", "no:cacheprovider",
            "--upgrade-only"]
