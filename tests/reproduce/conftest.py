"""Fixtures of the reproduce tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reproduce.helpers import DUMPS


@pytest.fixture
def nightingale_dump() -> dict[str, Path]:
    return {
        "mysql": DUMPS / "nightingale-v6.7.3.mariadb.sql",
        "postgresql": DUMPS / "nightingale-v7.2.0.postgresql.sql",
    }
