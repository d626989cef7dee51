"""The start-up every local engine shares (local_startup.py): a data directory initialised once and cached, a failing
initialiser or a server that never answers reported with what it printed, and nothing left behind either way.

The real engines' starts are in test_lifecycle.py and test_local_mysql_lifecycle.py; here the steps themselves are
driven by small shell programs standing in for an initialiser and a server.
"""

from __future__ import annotations

import secrets
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from harness.engines import EngineUnavailable, parse_spec
from harness.engines.local_startup import DataTemplate, LocalServer, initialised_template, start_local
from harness.engines.local_state import CACHE_ROOT, WORK_ROOT, Account, recorded_servers, service_account
from harness.engines.ops import PostgresOps


@pytest.fixture
def template_name() -> Iterator[str]:
    """A cache name of this test's own; its cached directory is removed afterwards."""
    name = f"child-process-startup-{secrets.token_hex(4)}"
    yield name
    for leftover in (CACHE_ROOT / "templates").glob(f"*{name}*"):
        shutil.rmtree(leftover, ignore_errors=True)


@pytest.fixture
def runs() -> Iterator[Path]:
    """A file the initialiser appends a line to per run, writable by the service account it runs as."""
    directory = Path(tempfile.mkdtemp(prefix="startup-runs-"))
    directory.chmod(0o777)
    record = directory / "runs"
    record.touch()
    record.chmod(0o666)
    yield record
    shutil.rmtree(directory, ignore_errors=True)


def _counting_initialiser(runs: Path, script: str) -> DataTemplate:
    def initialiser(data: Path) -> list[str]:
        return ["sh", "-c", f'echo run >> "$1"; {script}', "sh", str(runs), str(data)]

    return DataTemplate("unused", (), initialiser, mode=0o750)


def test_a_template_is_initialised_once_and_then_reused(runs: Path, template_name: str) -> None:
    base = _counting_initialiser(runs, 'echo initialised > "$2/VERSION"')
    template = DataTemplate(template_name, ("key",), base.initialiser, mode=0o750)
    account = service_account()
    first = initialised_template(template, account)
    second = initialised_template(template, account)
    assert first == second
    assert (first / "VERSION").read_text() == "initialised\n"
    assert runs.read_text() == "run\n", "the cached directory was initialised again"


def test_a_failing_initialiser_names_its_exit_code_and_output_and_caches_nothing(
    runs: Path, template_name: str
) -> None:
    base = _counting_initialiser(runs, "echo 'unknown option --bogus' >&2; exit 7")
    template = DataTemplate(template_name, ("key",), base.initialiser, mode=0o750)
    with pytest.raises(RuntimeError) as raised:
        initialised_template(template, service_account())
    assert "exit code 7" in str(raised.value) and "unknown option --bogus" in str(raised.value)
    assert not list((CACHE_ROOT / "templates").glob(f"*{template_name}*")), "a failed build was left in the cache"


def _sleeper(template_name: str, ready: bool) -> LocalServer:
    def probe(port: int) -> None:
        if not ready:
            raise ConnectionRefusedError(f"nothing answers on {port}")

    return LocalServer(
        title="stand-in server",
        detail="sleep",
        label="startup-test",
        template=DataTemplate(template_name, ("key",), lambda data: ["true"], mode=0o700),
        command=lambda workspace, data, port: ["sh", "-c", "echo listening; exec sleep 600"],
        stop_signal=signal.SIGTERM,
        probe=probe,
        url=lambda port: URL.create("postgresql+psycopg", host="127.0.0.1", port=port),
        ops=lambda data, account: PostgresOps(),
        ready_timeout_s=0.3,
    )


def _our_workspaces() -> set[Path]:
    return {record.directory for record in recorded_servers() if record.directory.name.startswith("startup-test")}


def test_a_server_that_never_answers_is_unavailable_and_leaves_nothing_behind(template_name: str) -> None:
    before = _our_workspaces()

    def declare(account: Account) -> LocalServer:
        return _sleeper(template_name, ready=False)

    with pytest.raises(EngineUnavailable) as raised:
        start_local(parse_spec("postgresql@15"), "the stand-in", declare)
    assert "stand-in server was not ready" in raised.value.reason
    assert "listening" in raised.value.reason, "the server's log is not shown"
    assert _our_workspaces() == before
    assert not list(WORK_ROOT.glob("startup-test-*")), "the workspace was left behind"


def test_an_unusable_binary_is_reported_while_preparing(template_name: str) -> None:
    def declare(account: Account) -> LocalServer:
        raise RuntimeError("the binaries cannot be read by the service account")

    with pytest.raises(EngineUnavailable) as raised:
        start_local(parse_spec("postgresql@15"), "the stand-in 1.0", declare)
    assert raised.value.reason == "cannot prepare the stand-in 1.0: the binaries cannot be read by the service account"
