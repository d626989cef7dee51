"""The Docker provider without a Docker daemon: what it would run, and the message when Docker is unreachable."""

from __future__ import annotations

import pytest

from harness.engines import EngineUnavailable, parse_spec, start_server
from harness.engines.docker import container_plan, docker_unavailable_reason
from harness.engines.local_mariadb import find_binaries


@pytest.mark.parametrize(
    ("spec", "image", "port", "tmpfs", "password_variable", "driver"),
    [
        ("postgresql@13:docker", "postgres:13", 5432, "/var/lib/postgresql", "POSTGRES_PASSWORD", "postgresql+psycopg"),
        ("postgresql@18:docker", "postgres:18", 5432, "/var/lib/postgresql", "POSTGRES_PASSWORD", "postgresql+psycopg"),
        ("mysql@5.7:docker", "mysql:5.7", 3306, "/var/lib/mysql", "MYSQL_ROOT_PASSWORD", "mysql+pymysql"),
        ("mysql@8.0", "mysql:8.0", 3306, "/var/lib/mysql", "MYSQL_ROOT_PASSWORD", "mysql+pymysql"),
        ("mysql@8.4", "mysql:8.4", 3306, "/var/lib/mysql", "MYSQL_ROOT_PASSWORD", "mysql+pymysql"),
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
    if find_binaries("mysql", "8.4") is not None:
        pytest.skip("a local MySQL 8.4 is installed here")
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(EngineUnavailable) as raised:
        start_server("mysql@8.4")
    assert raised.value.reason.startswith("local: no local mysql 8.4 server binary")
    assert "; docker: Docker is not reachable" in raised.value.reason


def test_mysql_5_7_is_not_given_an_option_it_does_not_know() -> None:
    assert "--skip-log-bin" not in container_plan(parse_spec("mysql@5.7")).command
    assert "--skip-log-bin" in container_plan(parse_spec("mysql@8.0")).command
