"""Fixtures for the foreign-layout tests: the committed Ticketbox histories, and copies a test may change."""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

FOREIGN = Path(__file__).resolve().parents[2] / "fixtures" / "foreign"
LAYOUT_DIRECTORIES = ("golang-migrate", "dialect-suffixed", "flyway", "dbmate")


@pytest.fixture
def foreign_copy(tmp_path: Path) -> Callable[[str], Path]:
    """`foreign_copy(layout)`: a private copy of fixtures/foreign/<layout> to break or extend."""

    def copy(layout: str) -> Path:
        target = tmp_path / layout
        shutil.copytree(FOREIGN / layout, target)
        return target

    return copy


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
