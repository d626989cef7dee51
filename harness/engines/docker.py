"""Docker provider: the official images through testcontainers (an optional extra), data directory on tmpfs.

What to run is decided by `container_plan` (pure, testable without Docker); `start` hands the plan to
testcontainers and waits for a real query to succeed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from harness.engines.base import EngineSpec, EngineUnavailable, Family
from harness.engines.ops import PostgresOps
from harness.engines.server import SqlServer, connect_args
from harness.engines.specs import known_engine

READY_TIMEOUT_S = 180  # the first start of an image initialises its data directory
_SPEED_MYSQL = ("--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--skip-log-bin")
_SPEED_POSTGRES = (
    "postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
    "-c", "shared_buffers=64MB", "-c", "jit=off",
)


@dataclass(frozen=True)
class ContainerPlan:
    """Everything about the container except the password's value, which only lives in `env` and the URL."""

    image: str
    port: int
    env: tuple[tuple[str, str], ...]
    tmpfs: str
    command: tuple[str, ...]
    driver: str
    username: str
    database: str | None
    password: str

    def __repr__(self) -> str:
        return f"ContainerPlan(image={self.image!r}, port={self.port}, tmpfs={self.tmpfs!r})"


@dataclass(frozen=True)
class _FamilyPlan:
    port: int
    tmpfs: str
    password_variable: str
    extra_env: tuple[tuple[str, str], ...]
    command: tuple[str, ...]
    driver: str
    username: str
    database: str | None


_FAMILIES: dict[Family, _FamilyPlan] = {
    # /var/lib/postgresql holds PGDATA for every image version (18 moved it one level down).
    "postgresql": _FamilyPlan(5432, "/var/lib/postgresql", "POSTGRES_PASSWORD", (("POSTGRES_USER", "postgres"),),
                              _SPEED_POSTGRES, "postgresql+psycopg", "postgres", "postgres"),
    "mariadb": _FamilyPlan(3306, "/var/lib/mysql", "MARIADB_ROOT_PASSWORD", (), _SPEED_MYSQL,
                           "mariadb+pymysql", "root", None),
    "mysql": _FamilyPlan(3306, "/var/lib/mysql", "MYSQL_ROOT_PASSWORD", (), _SPEED_MYSQL,
                         "mysql+pymysql", "root", None),
}


def container_plan(spec: EngineSpec, password: str | None = None) -> ContainerPlan:
    family = _FAMILIES[spec.family]
    password = password or secrets.token_urlsafe(18)
    return ContainerPlan(
        image=known_engine(spec.family, spec.version).image,
        port=family.port,
        env=((family.password_variable, password), *family.extra_env),
        tmpfs=family.tmpfs,
        # MySQL 5.7 logs no binary log by default and does not know the option that turns it off.
        command=tuple(o for o in family.command if not (spec.name == "mysql@5.7" and o == "--skip-log-bin")),
        driver=family.driver,
        username=family.username,
        database=family.database,
        password=password,
    )


def unreachable_reason(error: BaseException) -> str:
    host = os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    return (
        f"Docker is not reachable at {host} ({_root_cause(error)}); start the Docker daemon or set DOCKER_HOST, "
        "or use a local provider"
    )


def _root_cause(error: BaseException) -> str:
    """The innermost error says what actually failed (no socket, refused, timeout); wrappers only repeat it."""
    seen: set[int] = set()
    while id(error) not in seen:
        seen.add(id(error))
        inner = error.__cause__ or error.__context__
        if inner is None:
            break
        error = inner
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(str(error).split())[:200] or type(error).__name__


def _container(plan: ContainerPlan) -> Any:
    """A configured testcontainers DockerContainer (contacts the Docker daemon)."""
    try:
        from testcontainers.core.container import DockerContainer
    except ImportError:
        raise EngineUnavailable(
            f"docker image {plan.image}",
            "testcontainers is not installed: pip install 'upgrade-harness[docker]'",
        ) from None
    container = DockerContainer(plan.image)
    container.with_exposed_ports(plan.port)
    container.with_tmpfs_mount(plan.tmpfs)
    container.with_command(list(plan.command))
    for key, value in plan.env:
        container.with_env(key, value)
    return container


def _wait_ready(url: URL, give_up: Callable[[], str | None]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    engine = create_engine(url, poolclass=NullPool, connect_args=connect_args(url, 3))
    try:
        while True:
            try:
                with engine.connect() as connection:
                    connection.execute(text("SELECT 1"))
                return
            except Exception as err:  # still starting
                stopped = give_up()
                if stopped is not None or time.monotonic() > deadline:
                    waited = f"not ready after {READY_TIMEOUT_S} s: {type(err).__name__}"
                    raise RuntimeError(stopped or waited) from None
                time.sleep(0.25)
    finally:
        engine.dispose()


def start(spec: EngineSpec) -> SqlServer:
    plan = container_plan(spec)
    try:
        container = _container(plan)
        container.start()
    except EngineUnavailable as err:
        raise EngineUnavailable(spec.name, err.reason) from None
    except Exception as err:  # docker.errors.DockerException and connection errors from the Docker client
        raise EngineUnavailable(spec.name, unreachable_reason(err)) from None
    atexit.register(_stop_quietly, container)
    try:
        url = URL.create(
            plan.driver, username=plan.username, password=plan.password, host=container.get_container_host_ip(),
            port=int(container.get_exposed_port(plan.port)), database=plan.database,
        )

        def give_up() -> str | None:
            wrapped = container.get_wrapped_container()
            wrapped.reload()
            if wrapped.status in ("exited", "dead"):
                logs = b"".join(part or b"" for part in container.get_logs()).decode(errors="replace")[-2000:]
                return f"container {plan.image} exited during start; its log:\n{logs}"
            return None

        _wait_ready(url, give_up)
        ops = PostgresOps(file_copy=True) if spec.family == "postgresql" else None  # fsync is off in the container
        return SqlServer(spec, "docker", plan.image, url, on_stop=lambda: _stop_quietly(container), ops=ops)
    except Exception as err:
        _stop_quietly(container)
        raise EngineUnavailable(spec.name, f"{plan.image}: {err}") from None


def _stop_quietly(container: Any) -> None:
    with contextlib.suppress(Exception):
        container.stop()


def docker_unavailable_reason() -> str | None:
    """None when a Docker daemon answers; otherwise why not (without starting anything)."""
    try:
        import docker
    except ImportError:
        return "testcontainers is not installed: pip install 'upgrade-harness[docker]'"
    try:
        client = docker.from_env(timeout=5)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as err:  # docker.errors.DockerException, requests' connection errors
        return unreachable_reason(err)
    return None
