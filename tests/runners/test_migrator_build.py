"""A migrator build of the user's own as the default runner: `[runner_options] migrator = PATH` (a checkout or an
executable) runs every verb as that build, so a patched migrator is what the checks verify."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from harness.engines import Server

REPO = Path(__file__).resolve().parents[2]
SHOP = REPO / "tests" / "defects" / "shop"
CHECKS = "upgrade,schema,down_up"

pytestmark = pytest.mark.slow


def _shop_with_build(tmp_path: Path, setting: str) -> Path:
    scenario = tmp_path / "shop"
    shutil.copytree(SHOP, scenario)
    manifest = scenario / "scenario.toml"
    manifest.write_text(manifest.read_text() + f'\n[runner_options]\nmigrator = "{setting}"\n')
    return scenario


def _checkout(tmp_path: Path, patch: tuple[str, str] | None = None) -> Path:
    root = tmp_path / "checkout"
    shutil.copytree(REPO / "migrator", root / "migrator", ignore=shutil.ignore_patterns("__pycache__"))
    if patch is not None:
        operations = root / "migrator" / "operations.py"
        text = operations.read_text()
        assert patch[0] in text
        operations.write_text(text.replace(patch[0], patch[1]))
    return root


def _verify(scenario: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Counter[str]]:
    report = tmp_path / "report"
    completed = subprocess.run(
        [sys.executable, "-m", "harness", "verify", "--scenario", str(scenario), "--engine", "postgresql@15",
         "--checks", CHECKS, "--report-dir", str(report)],
        cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
    )
    if not (report / "report.json").exists():
        return completed, Counter()
    cases = json.loads((report / "report.json").read_text())["cases"]
    return completed, Counter(f"{case['check']} {case['outcome']}" for case in cases)


def test_a_checkout_of_the_migrator_is_the_system_under_test(postgresql_server: Server, tmp_path: Path) -> None:
    completed, outcomes = _verify(_shop_with_build(tmp_path, str(_checkout(tmp_path))), tmp_path)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-2000:]
    assert outcomes == Counter({"upgrade passed": 3, "schema passed": 3, "down_up passed": 3})


def test_a_patched_checkout_is_caught(postgresql_server: Server, tmp_path: Path) -> None:
    """The build's rollback skips the undo of each version's first step: down_up catches it, so the build ran."""
    checkout = _checkout(tmp_path, ("for step in reversed(scripts.steps):", "for step in reversed(scripts.steps[1:]):"))
    completed, outcomes = _verify(_shop_with_build(tmp_path, str(checkout)), tmp_path)
    assert completed.returncode == 1, completed.stdout[-3000:]
    assert outcomes["down_up failed"] == 3 and outcomes["upgrade passed"] == 3, outcomes
    assert f"the migrator build (checkout {checkout}) `upgrade` exited with status 1" in completed.stdout
    assert "schema after the rollback (expected = the start)" in completed.stdout, completed.stdout[-3000:]


def test_an_executable_build(postgresql_server: Server, tmp_path: Path) -> None:
    checkout = _checkout(tmp_path)
    program = tmp_path / "bin" / "migrator"
    program.parent.mkdir()
    program.write_text(f'#!/bin/sh\nPYTHONPATH="{checkout}" exec "{sys.executable}" -m migrator "$@"\n')
    program.chmod(0o755)
    completed, outcomes = _verify(_shop_with_build(tmp_path, "../bin/migrator"), tmp_path)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-2000:]
    assert outcomes["down_up passed"] == 3


@pytest.mark.parametrize(("setting", "says"), [
    ("../nowhere", "does not exist; name a migrator checkout"),
    (".", "holds no migrator package"),
])
def test_a_setting_that_names_no_build_is_refused(tmp_path: Path, setting: str, says: str) -> None:
    completed, outcomes = _verify(_shop_with_build(tmp_path, setting), tmp_path)
    assert completed.returncode == 2, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert "[runner_options] migrator" in completed.stderr and says in completed.stderr, completed.stderr
    assert not outcomes
