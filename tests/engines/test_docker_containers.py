"""The Docker provider against a real Docker daemon and the images `.ci/build-images` makes (mysql:9.7,
mariadb:10.11, postgres:15): start, query, clone, stop with nothing left; overrides; refusals, each with its message;
the containers of a killed run removed by the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from harness.engines import EngineUnavailable, parse_spec, start_server
from harness.engines.availability import available_engines, local_availability
from harness.engines.docker import LOOPBACK, start
from harness.engines.docker_cleanup import OWNER_PID
from harness.engines.docker_images import ENGINE_IMAGES_VARIABLE
from harness.engines.specs import known_engine
from tests.engines.docker_daemon import docker_client, harness_containers, loopback_registry
from tests.engines.helpers import connected

__all__ = ["docker_client"]

pytestmark = pytest.mark.slow
IMAGES = {"mysql@9.7": "mysql:9.7", "mariadb@10.11": "mariadb:10.11", "postgresql@15": "postgres:15"}
OVERRIDE = "upgrade-harness-test/mariadb-override:10.11"


@pytest.fixture(scope="module")
def images(docker_client: Any) -> dict[str, str]:
    """The default images this module starts; built by .ci/build-images when no registry is reachable."""
    missing = [image for image in IMAGES.values() if not docker_client.images.list(name=image)]
    if missing:
        pytest.fail(f"docker images {', '.join(missing)} are missing: build them with .ci/build-images", pytrace=False)
    return IMAGES


@pytest.fixture
def no_leftovers(docker_client: Any) -> Iterator[None]:
    """After the test, this process owns no container."""
    yield
    left = harness_containers(docker_client, os.getpid())
    for container in left:
        container.remove(force=True, v=True)
    assert not left, f"containers left behind: {[container.name for container in left]}"


@pytest.mark.parametrize("spec", sorted(IMAGES))
def test_each_image_starts_answers_clones_and_leaves_nothing(
    spec: str, images: dict[str, str], docker_client: Any, no_leftovers: None
) -> None:
    server = start_server(f"{spec}:docker")
    try:
        assert (server.provider, server.detail) == ("docker", images[spec])
        assert server.server_version.startswith(known_engine(server.spec.family, server.spec.version).version + ".")
        (container,) = harness_containers(docker_client, os.getpid())
        assert container.labels[OWNER_PID] == str(os.getpid())
        bindings = container.attrs["NetworkSettings"]["Ports"]
        assert {binding["HostIp"] for published in bindings.values() for binding in published} == {LOOPBACK}
        # The entrypoint runs the server as its unprivileged user, never as root.
        processes = container.top(ps_args="-o pid,uid,comm")["Processes"]
        server_uids = {uid for _, uid, command in processes if command in ("mysqld", "mariadbd", "postgres")}
        assert server_uids and "0" not in server_uids, processes
        database = server.create_database()
        with connected(server, database) as connection:
            connection.execute(text("CREATE TABLE kept (id integer PRIMARY KEY, label varchar(20))"))
            connection.execute(text("INSERT INTO kept VALUES (1, 'seeded'), (2, 'also')"))
        copy = server.clone_database(database)
        with connected(server, copy) as connection:
            assert connection.execute(text("SELECT id, label FROM kept ORDER BY id")).all() == [
                (1, "seeded"), (2, "also"),
            ]
    finally:
        server.stop()
    assert harness_containers(docker_client, os.getpid()) == []


@pytest.fixture
def override_image(images: dict[str, str], docker_client: Any) -> Iterator[str]:
    docker_client.images.get(images["mariadb@10.11"]).tag(OVERRIDE)
    try:
        yield OVERRIDE
    finally:
        docker_client.images.remove(OVERRIDE)


def test_an_image_override_from_the_environment_is_started(
    override_image: str, docker_client: Any, no_leftovers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_IMAGES_VARIABLE, f"mariadb@10.11={override_image}")
    with start_server("mariadb@10.11:docker") as server:
        assert server.detail == override_image
        (container,) = harness_containers(docker_client, os.getpid())
        assert container.attrs["Config"]["Image"] == override_image
        assert "MariaDB" in server.server_version


def test_an_image_mapping_given_to_the_provider_wins_over_the_environment(
    override_image: str, docker_client: Any, no_leftovers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_IMAGES_VARIABLE, "mariadb@10.11=upgrade-harness-test/absent:0")
    with start(parse_spec("mariadb@10.11:docker"), images={"mariadb@10.11": override_image}) as server:
        assert server.detail == override_image


def test_a_server_of_another_version_than_the_spec_is_refused(
    images: dict[str, str], docker_client: Any, no_leftovers: None
) -> None:
    with pytest.raises(EngineUnavailable) as raised:
        start(parse_spec("mysql@8.4:docker"), images={"mysql@8.4": images["mysql@9.7"]})
    assert raised.value.spec == "mysql@8.4"
    assert raised.value.reason.startswith("mysql:9.7: the server reports mysql 9.7")
    assert "not mysql 8.4" in raised.value.reason


def test_mariadb_answering_a_mysql_spec_is_refused(images: dict[str, str], no_leftovers: None) -> None:
    with pytest.raises(EngineUnavailable, match=r"the server reports mariadb 10\.11\.\d+ .*not mysql 9\.7"):
        start(parse_spec("mysql@9.7:docker"), images={"mysql@9.7": images["mariadb@10.11"]})


def test_an_image_no_registry_has_is_a_missing_image(docker_client: Any, no_leftovers: None) -> None:
    with loopback_registry(404) as registry, pytest.raises(EngineUnavailable) as raised:
        start(parse_spec("mysql@9.7:docker"), images={"mysql@9.7": f"{registry}/absent:1"})
    reason = raised.value.reason
    assert reason.startswith(f"docker image {registry}/absent:1 is not on this Docker host and its registry has no")
    assert "--engine-image SPEC=IMAGE" in reason and "\n" not in reason


def test_a_registry_that_fails_is_a_failed_pull(docker_client: Any, no_leftovers: None) -> None:
    with loopback_registry(500) as registry, pytest.raises(EngineUnavailable) as raised:
        start(parse_spec("mysql@9.7:docker"), images={"mysql@9.7": f"{registry}/broken:1"})
    reason = raised.value.reason
    assert reason.startswith(f"docker image {registry}/broken:1 is not on this Docker host and pulling it failed (")
    assert "500" in reason and "--engine-image SPEC=IMAGE" in reason


def test_a_reaper_that_cannot_start_says_how_to_run_without_it(
    images: dict[str, str], docker_client: Any, no_leftovers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from testcontainers.core.config import testcontainers_config
    from testcontainers.core.container import Reaper

    with loopback_registry(404) as registry:
        monkeypatch.setattr(testcontainers_config, "_ryuk_disabled", False)
        monkeypatch.setattr(testcontainers_config, "ryuk_image", f"{registry}/ryuk:0")
        monkeypatch.setattr(Reaper, "_instance", None)
        with pytest.raises(EngineUnavailable) as raised:
            start_server("mariadb@10.11:docker")
    reason = raised.value.reason
    assert reason.startswith(f"testcontainers' reaper ({registry}/ryuk:0) cannot start (")
    assert "set TESTCONTAINERS_RYUK_DISABLED=true" in reason


_OWNER = textwrap.dedent("""
    import sys, time
    from harness.engines import start_server
    server = start_server("mariadb@10.11:docker")
    print(server.url().port, flush=True)
    time.sleep(300)
""")


def test_the_containers_of_a_killed_run_are_removed_by_the_next_start(
    images: dict[str, str], docker_client: Any, no_leftovers: None
) -> None:
    owner = subprocess.Popen([sys.executable, "-c", _OWNER], stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout is not None and owner.stdout.readline().strip().isdigit()
        # Listed while its owner lives: once it is dead, any concurrent run's start may remove the container.
        (orphan,) = harness_containers(docker_client, owner.pid)
    finally:
        owner.send_signal(signal.SIGKILL)  # no atexit, no reaper: only the next run can clean up
        owner.wait()
    with start_server("mariadb@10.11:docker"):
        assert harness_containers(docker_client, owner.pid) == []
        assert len(harness_containers(docker_client, os.getpid())) == 1
    with pytest.raises(Exception, match="No such container"):
        orphan.reload()


def test_engines_tells_an_image_here_from_one_that_is_not(images: dict[str, str], docker_client: Any) -> None:
    if not isinstance(local_availability(known_engine("mysql", "8.4")), str):
        pytest.skip("a local MySQL 8.4 is installed here")
    rows = {
        row.spec: row
        for row in available_engines(images={"mysql@8.4": images["mysql@9.7"], "postgresql@13": "uh-test/absent:0"})
    }
    assert (rows["mysql@8.4"].provider, rows["mysql@8.4"].detail) == ("docker", "mysql:9.7")
    assert rows["postgresql@13"].provider is None
    assert (rows["postgresql@13"].reason or "").startswith("docker: docker image uh-test/absent:0 is not on this")
