"""Where the external fixture runner lives and how the tests call it through the command adapter."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXTERNAL_RUNNER = REPO / "fixtures" / "golang_migrate_runner.py"
GOLANG_MIGRATE = f"{{python}} {EXTERNAL_RUNNER} -path {{migrations}} -database {{url}}"
"""The start of every command line for the fixture runner; a verb (`goto {target}`, `version`, `up 2`) follows."""
