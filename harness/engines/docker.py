"""Docker provider: the official images (or compatible ones) through testcontainers, data directory on tmpfs.

What to run is decided by `container_plan` (pure, testable without Docker); `start` checks the daemon and the image
(docker_images.py), removes a killed run's containers (docker_cleanup.py), hands the plan to testcontainers and
waits for a real query to succeed. Ports are published on 127.0.0.1 only, so the Docker daemon is this machine's.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from harness.dialects import Family
from harness.engines.docker_cleanup import owner_labels, remove_orphaned_containers
from harness.engines.docker_images import (
    ImageAvailability,
    ImageUnavailable,
    engine_images_from_environment,
    ensure_image,
    image_availability,
    image_for,
)
from harness.engines.ops import PostgresOps
from harness.engines.server import SqlServer, connect_args
from harness.engines.server_api import EngineSpec, EngineUnavailable
from harness.engines.specs import known_engine

READY_TIMEOUT_S = 180  # the first start of an image initialises its data directory
DOCKER_TIMEOUT_S = 30  # one Docker API call; pulls are not bounded by it
LOOPBACK = "127.0.0.1"
_SPEED_MYSQL = ("--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--skip-log-bin")
_SPEED_POSTGRES = (
    "postgres",
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
    "-c",
    "shared_buffers=64MB",
    "-c",
    "jit=off",
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
    "postgresql": _FamilyPlan(
        5432,
        "/var/lib/postgresql",
        "POSTGRES_PASSWORD",
        (("POSTGRES_USER", "postgres"),),
        _SPEED_POSTGRES,
        "postgresql+psycopg",
        "postgres",
        "postgres",
    ),
    "mariadb": _FamilyPlan(
        3306, "/var/lib/mysql", "MARIADB_ROOT_PASSWORD", (), _SPEED_MYSQL, "mariadb+pymysql", "root", None
    ),
    "mysql": _FamilyPlan(
        3306, "/var/lib/mysql", "MYSQL_ROOT_PASSWORD", (), _SPEED_MYSQL, "mysql+pymysql", "root", None
    ),
}


def container_plan(spec: EngineSpec, password: str | None = None, image: str | None = None) -> ContainerPlan:
    family = _FAMILIES[spec.family]
    password = password or secrets.token_urlsafe(18)
    return ContainerPlan(
        image=image or known_engine(spec.family, spec.version).image,
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


def _describe(error: BaseException) -> str:
    """What the Docker daemon answered (an APIError's explanation), else the innermost cause."""
    explanation = getattr(error, "explanation", None)
    if explanation:
        return " ".join(str(explanation).split())[:300]
    return _root_cause(error)


_NOT_INSTALLED = "testcontainers is not installed: pip install 'upgrade-harness[docker]'"


def _client() -> Any:
    """A docker.DockerClient that has answered a ping; raises _Unreachable(reason) otherwise."""
    try:
        import docker
    except ImportError:
        raise _Unreachable(_NOT_INSTALLED) from None
    try:
        client = docker.from_env(timeout=DOCKER_TIMEOUT_S)
        client.ping()
    except Exception as err:  # docker.errors.DockerException, requests' connection errors
        raise _Unreachable(unreachable_reason(err)) from None
    return client


class _Unreachable(Exception):
    pass


def docker_unavailable_reason() -> str | None:
    """None when a Docker daemon answers; otherwise why not (without starting anything)."""
    try:
        _client().close()
    except _Unreachable as err:
        return str(err)
    return None


def images_here(images: Iterable[str]) -> dict[str, ImageAvailability] | str:
    """Per image: present on the Docker host, pullable, or why neither; or why Docker cannot be asked at all."""
    try:
        client = _client()
    except _Unreachable as err:
        return str(err)
    try:
        return image_availability(client, images)
    finally:
        client.close()


def _start_reaper(spec: EngineSpec) -> None:
    """testcontainers' reaper removes containers when this process dies; without it the harness's cleanup does."""
    from testcontainers.core.config import testcontainers_config
    from testcontainers.core.container import Reaper

    if testcontainers_config.ryuk_disabled:
        return
    try:
        Reaper.get_instance()
    except Exception as err:  # the reaper's image cannot be pulled, or its container cannot be reached
        raise EngineUnavailable(
            spec.name,
            f"testcontainers' reaper ({testcontainers_config.ryuk_image}) cannot start ({_describe(err)}); "
            "set TESTCONTAINERS_RYUK_DISABLED=true to run without it: the harness removes its containers when it "
            "exits, and the containers of a killed run when it next starts one",
        ) from None


def _container(plan: ContainerPlan) -> Any:
    """A configured testcontainers DockerContainer (not started), labelled with its owner, published on loopback."""
    from testcontainers.core.container import DockerContainer

    container: Any = DockerContainer(plan.image)
    # Only this machine may reach the server: the port is published on 127.0.0.1, a free port chosen by Docker.
    # (testcontainers' with_bind_ports takes no address, so the docker-py binding is set on its `ports` mapping.)
    container.ports[str(plan.port)] = (LOOPBACK, None)
    container.with_tmpfs_mount(plan.tmpfs)
    container.with_command(list(plan.command))
    container.with_kwargs(labels=owner_labels())
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


def _prepare(spec: EngineSpec, image: str) -> None:
    """Docker answers, a killed run's containers are gone, the image is here, the reaper runs (if enabled)."""
    try:
        import testcontainers  # noqa: F401
    except ImportError:
        raise EngineUnavailable(spec.name, _NOT_INSTALLED) from None
    try:
        client = _client()
    except _Unreachable as err:
        raise EngineUnavailable(spec.name, str(err)) from None
    try:
        remove_orphaned_containers(client)
        ensure_image(client, image)
    except ImageUnavailable as err:
        raise EngineUnavailable(spec.name, str(err)) from None
    except Exception as err:  # the daemon went away between the ping and now
        raise EngineUnavailable(spec.name, unreachable_reason(err)) from None
    finally:
        client.close()
    _start_reaper(spec)


def start(spec: EngineSpec, images: Mapping[str, str] | None = None) -> SqlServer:
    """Start `spec`'s image (or the one `images` maps its name to; None: UPGRADE_HARNESS_ENGINE_IMAGES) and wait
    for a real query; the server must report the spec's version."""
    plan = container_plan(spec, image=image_for(spec, engine_images_from_environment() if images is None else images))
    _prepare(spec, plan.image)
    container = _container(plan)
    try:
        container.start()
    except Exception as err:  # docker.errors.APIError: the container could not be created or started
        _stop_quietly(container)
        raise EngineUnavailable(spec.name, f"cannot start a container from {plan.image}: {_describe(err)}") from None

    def stop() -> None:
        atexit.unregister(stop)
        _stop_quietly(container)

    atexit.register(stop)
    try:
        url = URL.create(
            plan.driver,
            username=plan.username,
            password=plan.password,
            host=LOOPBACK,
            port=int(container.get_exposed_port(plan.port)),
            database=plan.database,
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
        return SqlServer(spec, "docker", plan.image, url, on_stop=stop, ops=ops)
    except EngineUnavailable as err:  # the server's version does not answer the spec
        stop()
        raise EngineUnavailable(spec.name, f"{plan.image}: {err.reason}") from None
    except Exception as err:
        stop()
        raise EngineUnavailable(spec.name, f"{plan.image}: {err}") from None


def _stop_quietly(container: Any) -> None:
    with contextlib.suppress(Exception):
        container.stop()
