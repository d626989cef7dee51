"""Fixtures for the foreign-layout tests: the committed Ticketbox histories, and copies a test may change."""

from __future__ import annotations

import shutil
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
