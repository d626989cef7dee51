"""What the reproduce tests share: the CLI run in-process, the fixture dumps, the session servers as URL engines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from harness.cli import app
from harness.engines import Server

ROOT = Path(__file__).resolve().parents[2]
DUMPS = ROOT / "fixtures" / "customer-dumps"


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_reproduce(*args: str) -> CliResult:
    """`upgrade-harness reproduce ARGS`, in this process."""
    result = CliRunner().invoke(app, ["reproduce", *args], catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


def engine_url(server: Server) -> str:
    """The session server as an existing-server engine: each run adds and drops only its own databases there."""
    return server.url().render_as_string(hide_password=False)
