"""The Docker provider's decisions that need no daemon: what it would run, image overrides, owner labels, and the
message when Docker is unreachable. The tests against a real daemon are in test_docker_containers.py."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from harness.engines import EngineError, EngineUnavailable, parse_spec, start_server
from harness.engines.availability import local_availability
from harness.engines.docker import container_plan, docker_unavailable_reason
from harness.engines.docker_cleanup import BOOT, MACHINE, OWNER_PID, OWNER_TICKS, owner_is_gone, owner_labels
from harness.engines.docker_images import (
    ENGINE_IMAGES_VARIABLE,
    EngineImagesError,
    engine_images_from_environment,
    image_for,
    images_by_spec,
    parse_engine_images,
)
from harness.engines.specs import known_engine


@pytest.mark.parametrize(
    ("spec", "image", "port", "tmpfs", "password_variable", "driver"),
    [
        ("postgresql@13:docker", "postgres:13", 5432, "/var/lib/postgresql", "POSTGRES_PASSWORD", "postgresql+psycopg"),
        ("postgresql@18:docker", "postgres:18", 5432, "/var/lib/postgresql", "POSTGRES_PASSWORD", "postgresql+psycopg"),
        ("mysql@5.7:docker", "mysql:5.7", 3306, "/var/lib/mysql", "MYSQL_ROOT_PASSWORD", "mysql+pymysql"),
        ("mysql@8.0", "mysql:8.0", 3306, "/var/lib/mysql", "MYSQL_ROOT_PASSWORD", "mysql+pymysql"),
        ("mysql@8.4", "mysql:8.4", 3306, "/var/lib/mysql", "MYSQL_ROOT_PASSWORD", "mysql+pymysql"),
        ("mysql@9.7", "mysql:9.7", 3306, "/var/lib/mysql", "MYSQL_ROOT_PASSWORD", "mysql+pymysql"),
        ("mariadb@10.11", "mariadb:10.11", 3306, "/var/lib/mysql", "MARIADB_ROOT_PASSWORD", "mariadb+pymysql"),
        ("mariadb@11.4", "mariadb:11.4", 3306, "/var/lib/mysql", "MARIADB_ROOT_PASSWORD", "mariadb+pymysql"),
    ],
)
def test_container_plan(spec: str, image: str, port: int, tmpfs: str, password_variable: str, driver: str) -> None:
    plan = container_plan(parse_spec(spec))
    assert (plan.image, plan.port, plan.tmpfs, plan.driver) == (image, port, tmpfs, driver)
    env = dict(plan.env)
    assert env[password_variable] == plan.password and len(plan.password) >= 20
    assert plan.password not in repr(plan)
    # Durability is traded for speed: the data lives on tmpfs and is thrown away.
    speed_flag = "fsync=off" if plan.port == 5432 else "--innodb-flush-log-at-trx-commit=0"
    assert speed_flag in plan.command


def test_each_container_gets_its_own_password() -> None:
    spec = parse_spec("mysql@8.0:docker")
    assert container_plan(spec).password != container_plan(spec).password


def test_mysql_5_7_is_not_given_an_option_it_does_not_know() -> None:
    assert "--skip-log-bin" not in container_plan(parse_spec("mysql@5.7")).command
    assert "--skip-log-bin" in container_plan(parse_spec("mysql@8.0")).command


def test_engine_images_are_read_from_spec_equals_image_entries() -> None:
    digest = "sha256:" + "a" * 64
    text = f"mysql@9.7=local/mysql:9.7, postgres@15=registry.example:5000/team/pg:15-x\nmariadb@10.11=mariadb@{digest}"
    assert parse_engine_images(text) == {
        "mysql@9.7": "local/mysql:9.7",
        "postgresql@15": "registry.example:5000/team/pg:15-x",  # the family alias is normalised
        "mariadb@10.11": f"mariadb@{digest}",
    }
    assert parse_engine_images("  ") == {}
    assert parse_engine_images("mysql@9.7=a:1 mysql@9.7=a:1") == {"mysql@9.7": "a:1"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mysql@9.7", "engine image 'mysql@9.7' is not SPEC=IMAGE; e.g. 'mysql@9.7=local/mysql:9.7"),
        ("=mysql:9.7", "is not SPEC=IMAGE"),
        ("mysql@9.7=", "is not SPEC=IMAGE"),
        ("mysql@9.9=mysql:9.9", "engine image 'mysql@9.9=mysql:9.9': engine spec 'mysql@9.9': mysql 9.9 is not"),
        ("oracle@19=oracle:19", "unknown database family 'oracle'"),
        ("mysql@9.7:docker=mysql:9.7", "name the engine as FAMILY@VERSION without a provider or URL"),
        ("mysql@9.7=Local/MySQL:9.7", "'Local/MySQL:9.7' is not a Docker image reference"),
        ("mysql@9.7=mysql:9.7 tag", "engine image 'tag' is not SPEC=IMAGE"),
        ("mysql@9.7=a:1 mysql@9.7=b:2", "engine image 'mysql@9.7=b:2': mysql@9.7 is already mapped to 'a:1'"),
    ],
)
def test_a_bad_engine_image_is_one_clear_value_error(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_engine_images(text)
    assert isinstance(raised.value, EngineImagesError) and isinstance(raised.value, EngineError)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_engine_images_from_the_environment_name_the_variable() -> None:
    assert engine_images_from_environment({}) == {}
    assert engine_images_from_environment({ENGINE_IMAGES_VARIABLE: "mysql@9.7=local/mysql:9.7"}) == {
        "mysql@9.7": "local/mysql:9.7"
    }
    with pytest.raises(EngineImagesError, match=f"^{ENGINE_IMAGES_VARIABLE}: engine image 'mysql' is not SPEC=IMAGE"):
        engine_images_from_environment({ENGINE_IMAGES_VARIABLE: "mysql"})


def test_an_override_replaces_only_its_own_spec() -> None:
    overrides = {"mysql@9.7": "local/mysql:9.7"}
    assert image_for(parse_spec("mysql@9.7:docker"), overrides) == "local/mysql:9.7"
    assert image_for(parse_spec("mysql@8.4:docker"), overrides) == "mysql:8.4"
    by_spec = images_by_spec(overrides)
    assert by_spec["mysql@9.7"] == "local/mysql:9.7" and by_spec["postgresql@15"] == "postgres:15"
    assert container_plan(parse_spec("mysql@9.7"), image=by_spec["mysql@9.7"]).image == "local/mysql:9.7"


def test_a_bad_override_in_the_environment_stops_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENGINE_IMAGES_VARIABLE, "mysql@9.7")
    with pytest.raises(EngineImagesError, match=ENGINE_IMAGES_VARIABLE):
        start_server("mysql@9.7:docker")


def test_owner_labels_tell_a_live_owner_from_a_gone_one() -> None:
    mine = owner_labels()
    assert mine[OWNER_PID] == str(os.getpid()) and not owner_is_gone(mine)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = {**mine, OWNER_PID: finished.stdout.strip()}
    assert owner_is_gone(gone)
    assert owner_is_gone({**mine, OWNER_TICKS: "1"})  # the pid is reused by a later process
    assert owner_is_gone({**mine, BOOT: "an earlier boot"})
    # Another machine's containers on a shared daemon are never judged from here.
    assert not owner_is_gone({**gone, MACHINE: "another machine"})


def test_unreachable_docker_is_one_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    reason = docker_unavailable_reason()
    assert reason is not None
    assert reason.startswith("Docker is not reachable at unix:///nonexistent/docker.sock")
    with pytest.raises(EngineUnavailable) as raised:
        start_server("mysql@8.0:docker")
    assert raised.value.spec == "mysql@8.0"
    assert raised.value.reason.startswith("Docker is not reachable at unix:///nonexistent/docker.sock")
    assert "start the Docker daemon" in raised.value.reason and "\n" not in raised.value.reason


def test_without_a_local_binary_or_docker_both_reasons_are_given(monkeypatch: pytest.MonkeyPatch) -> None:
    local = local_availability(known_engine("mysql", "8.4"))
    if not isinstance(local, str):
        pytest.skip("a local MySQL 8.4 is installed here")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(EngineUnavailable) as raised:
        start_server("mysql@8.4")
    assert raised.value.reason.startswith("local: no local MySQL 8.4")
    assert "; docker: Docker is not reachable" in raised.value.reason
