"""Courier (fixtures/alembic-courier): where it is, a copy of it, and its planted defects."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from harness.engines.server_api import Server
from harness.run import Run, RunPlan, Selection
from harness.scenario import load_scenario
from tests.defects.harness_run import Finding

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


def forget_courier_modules() -> None:
    """Drop Courier's application package from the import cache: a test that edits a copy's models must have env.py
    import that copy's, not the package an earlier test imported."""
    for name in [name for name in sys.modules if name == "courier" or name.startswith("courier.")]:
        del sys.modules[name]


def run_courier(
    project: Path, servers: dict[str, Server], checks: tuple[str, ...], paths: str = "to-head"
) -> list[Finding]:
    """The checks on a copy of Courier, in-process on running servers, through the run core."""
    forget_courier_modules()
    selection = Selection(
        scenario=str(project),
        engines=tuple(servers),
        paths=paths,
        checks=checks,
        faults="none",
        seed_size=30,
        shard=None,
        report_dir=None,
        layout="auto",
    )
    run = Run(RunPlan.on_servers(selection, load_scenario(project), servers), servers=servers)
    try:
        return [Finding.of(result) for result in run.execute()]
    finally:
        run.close()
        forget_courier_modules()


def failures(findings: list[Finding]) -> str:
    return "\n\n".join(
        f"{f.check} {f.engine} {f.path} {f.outcome}\n{f.message}" for f in findings if f.outcome in ("failed", "error")
    )
