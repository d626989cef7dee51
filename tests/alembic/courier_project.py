"""Courier (fixtures/alembic-courier): where it is, a copy of it, and its planted defects."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COURIER = REPO / "fixtures" / "alembic-courier"


def plant(project: Path, *defects: str) -> None:
    """Plant Courier's named defects through Alembic's -x arguments (courier/planted.py)."""
    manifest = project / "scenario.toml"
    text = manifest.read_text(encoding="utf-8")
    planted = f'x_arguments = ["plant={",".join(defects)}"]'
    assert "x_arguments = []" in text
    manifest.write_text(text.replace("x_arguments = []", planted), encoding="utf-8")


def copy_of_courier(destination: Path) -> Path:
    copy = destination / "courier"
    shutil.copytree(COURIER, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy
