"""Fixtures of the adoption tests: the package installed into fresh venvs, a user's project, plain database servers.

- `wheel_install` / `editable_install`: one venv each per session (the wheel is built once from the checkout).
- `installed`: parametrized over both ("wheel", "editable").
- `user_project`: the invoicing project of user_project.py written into the test's tmp_path.
- `plain_postgresql` / `plain_mariadb`: servers started here as a CI service would be (skipped when not installed).

The time each venv costs is shown at the end of the run.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .installed import REPO, InstalledHarness, build_wheel, create_venv
from .plain_servers import PlainServer, PlainServerUnavailable, start_mariadb, start_postgresql
from .user_project import write_project

LOCAL_POSTGRESQL = Path("/usr/lib/postgresql/15/bin/postgres")
_COSTS: dict[str, float] = {}


@pytest.fixture(scope="session")
def install_root() -> Iterator[Path]:
    """A directory outside the repository (and outside pytest's per-test directories) for the venvs."""
    root = Path(tempfile.mkdtemp(prefix="adoption-venvs-"))
    assert not root.is_relative_to(REPO)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def wheel_install(install_root: Path) -> InstalledHarness:
    started = time.monotonic()
    wheel = build_wheel(install_root / "build")
    _COSTS["wheel build"] = time.monotonic() - started
    started = time.monotonic()
    installed = create_venv(install_root / "wheel-venv", "wheel", str(wheel))
    _COSTS["venv + wheel install"] = time.monotonic() - started
    return installed


@pytest.fixture(scope="session")
def editable_install(install_root: Path) -> InstalledHarness:
    started = time.monotonic()
    installed = create_venv(install_root / "editable-venv", "editable", str(REPO))
    _COSTS["venv + editable install"] = time.monotonic() - started
    return installed


@pytest.fixture(scope="session", params=["wheel", "editable"])
def installed(request: pytest.FixtureRequest) -> InstalledHarness:
    """The package installed from a wheel, then editable: every test using this runs through both."""
    found = request.getfixturevalue(f"{request.param}_install")
    assert isinstance(found, InstalledHarness)
    return found


@pytest.fixture
def local_postgresql() -> None:
    """The user project's ini selects postgresql@15:local; without its binaries the test cannot run here."""
    if not LOCAL_POSTGRESQL.is_file():
        pytest.skip(f"postgresql@15:local needs {LOCAL_POSTGRESQL} (apt-get install postgresql-15)")


@pytest.fixture
def user_project(tmp_path: Path) -> Path:
    """The user's project directory: pytest.ini, db/ (their history) and tests/ (their own tests)."""
    assert not tmp_path.resolve().is_relative_to(REPO)
    return write_project(tmp_path / "invoicing")


def _plain(start: object) -> Iterator[PlainServer]:
    assert callable(start)
    try:
        server = start()
    except PlainServerUnavailable as err:
        pytest.skip(str(err))
    assert isinstance(server, PlainServer)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def plain_postgresql() -> Iterator[PlainServer]:
    yield from _plain(start_postgresql)


@pytest.fixture(scope="session")
def plain_mariadb() -> Iterator[PlainServer]:
    yield from _plain(start_mariadb)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _COSTS:
        costs = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in _COSTS.items())
        terminalreporter.write_line(f"adoption: {costs}")
