"""Courier (fixtures/alembic-courier), copied per test so a test can plant a defect in its scenario.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.alembic.courier_project import copy_of_courier


@pytest.fixture
def courier(tmp_path: Path) -> Path:
    return copy_of_courier(tmp_path)
