"""`upgrade-harness engines`: what can run here, from the real binaries of this machine."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from harness.engines import KNOWN_ENGINES, available_engines, render_engines
from harness.engines.availability import EngineAvailability


@pytest.fixture(scope="module")
def rows(monkeypatch_module: pytest.MonkeyPatch) -> list[EngineAvailability]:
    monkeypatch_module.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    return available_engines()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_every_known_engine_has_a_row(rows: list[EngineAvailability]) -> None:
    assert [row.spec for row in rows] == [engine.spec for engine in KNOWN_ENGINES]
    for row in rows:
        assert row.available == (row.reason is None)
        assert row.available or row.reason


def test_local_postgresql_15_is_found_with_its_version(rows: list[EngineAvailability]) -> None:
    (row,) = [row for row in rows if row.spec == "postgresql@15"]
    if not row.available:
        pytest.skip(row.reason or "")
    assert row.provider == "local"
    assert row.detail.endswith("/postgres") and (row.server_version or "").startswith("15.")


def test_without_docker_the_docker_only_engines_say_why(rows: list[EngineAvailability]) -> None:
    (row,) = [row for row in rows if row.spec == "postgresql@17"]
    assert row.provider is None
    assert row.reason is not None and row.reason.startswith("docker: Docker is not reachable")


def test_json_output_is_machine_readable(rows: list[EngineAvailability]) -> None:
    data = json.loads(render_engines(rows, as_json=True))
    assert [item["spec"] for item in data] == [row.spec for row in rows]
    assert set(data[0]) == {"spec", "provider", "detail", "server_version", "reason", "available"}


def test_table_output_names_every_engine(rows: list[EngineAvailability]) -> None:
    table = render_engines(rows, as_json=False)
    for row in rows:
        assert row.spec in table
    assert "unavailable" in table


def test_probe_starts_the_server_and_reads_its_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")  # no containers from a unit test
    (row,) = [row for row in available_engines(probe=True) if row.spec == "postgresql@18"]
    if not row.available:
        pytest.skip(row.reason or "")
    assert row.provider == "local"
    assert (row.server_version or "").startswith("18.")
