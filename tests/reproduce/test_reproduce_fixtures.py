"""`reproduce` on the two customer dumps in fixtures/: the failure, its offending rows, and a bundle that replays it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.engines import Server
from tests.reproduce.helpers import DUMPS, ROOT, engine_url, run_reproduce


@dataclass(frozen=True)
class Expected:
    dump: str
    server: str  # the session fixture
    failed_version: str
    offending: tuple[str, ...]  # what the offending-rows section must name
    replayed: tuple[str, ...]  # what it names when the bundle (the minimal rows) is replayed


CUSTOMERS = {
    # fixtures/customer-dumps/README.md says what breaks in each.
    "mariadb": Expected(
        "nightingale-v6.7.3.mariadb.sql", "mariadb_server", "v7.0.0",
        ("2 rows of datasource block the change of datasource.is_default",
         "datasource id=4 is_default=None: NULL, but the column becomes NOT NULL",
         "datasource id=5 is_default=None: NULL, but the column becomes NOT NULL"),
        ("2 rows of datasource block the change of datasource.is_default",),
    ),
    "postgresql": Expected(
        "nightingale-v7.2.0.postgresql.sql", "postgresql_server", "v7.3.4",
        ("rows of builtin_components share 3 duplicated value(s) of (ident)",
         "ident='MySQL': duplicate (ident)"),
        ("2 rows of builtin_components share 1 duplicated value(s) of (ident)",),
    ),
}


@pytest.fixture(params=sorted(CUSTOMERS))
def customer(request: pytest.FixtureRequest) -> tuple[Expected, Server]:
    expected = CUSTOMERS[str(request.param)]
    return expected, request.getfixturevalue(expected.server)


def _section(stdout: str, title: str) -> str:
    """The lines of one titled section of the report."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{title}:"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    return "\n".join(lines[start:end])


def test_the_failure_and_its_offending_rows_are_named(customer: tuple[Expected, Server]) -> None:
    expected, server = customer
    result = run_reproduce("--dump", str(DUMPS / expected.dump), "--engine", engine_url(server))
    assert result.exit_code == 1, result.stdout + result.stderr
    assert f"FAILED at {expected.failed_version}: reproduced" in result.stdout
    assert _section(result.stdout, "failing statement")
    rows = _section(result.stdout, "offending rows")
    for fragment in expected.offending:
        assert fragment in rows, rows


def _shim(directory: Path) -> dict[str, str]:
    """An `upgrade-harness` on PATH running this checkout, as `pip install` would provide."""
    directory.mkdir()
    script = directory / "upgrade-harness"
    script.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'from harness.cli import main; main()' \"$@\"\n")
    script.chmod(0o755)
    environment = dict(os.environ)
    environment["PATH"] = f"{directory}{os.pathsep}{environment['PATH']}"
    environment["PYTHONPATH"] = str(ROOT)
    return environment


@pytest.mark.parametrize("engine", ["session server URL", "engine spec"])
def test_the_bundle_replays_the_failure_with_its_one_command(
    customer: tuple[Expected, Server], engine: str, tmp_path: Path
) -> None:
    expected, server = customer
    spec = engine_url(server) if engine == "session server URL" else server.spec.name
    bundle = tmp_path / "bundle"
    result = run_reproduce("--dump", str(DUMPS / expected.dump), "--engine", spec, "--bundle", str(bundle))
    assert result.exit_code == 1, result.stdout + result.stderr
    section = _section(result.stdout, "bundle")
    assert "replaying it reproduces the same failure" in section
    assert {p.name for p in bundle.iterdir()} == {"dump.sql", "schema.sql", "reproduce.sh", "README.md",
                                                   "manifest.json"}
    assert (bundle / "dump.sql").stat().st_size < (DUMPS / expected.dump).stat().st_size
    command = (bundle / "README.md").read_text()
    assert f"upgrade-harness reproduce --dump {bundle / 'dump.sql'} --engine" in command

    replay = subprocess.run(["sh", str(bundle / "reproduce.sh")], env=_shim(tmp_path / "bin"), capture_output=True,
                            text=True, timeout=600, check=False)
    assert replay.returncode == 1, replay.stdout + replay.stderr
    assert f"FAILED at {expected.failed_version}: reproduced" in replay.stdout
    for fragment in expected.replayed:
        assert fragment in _section(replay.stdout, "offending rows")
