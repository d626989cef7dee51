"""Resolve a spec to a running server: the URL provider for URLs; otherwise local first, then Docker."""

from __future__ import annotations

from collections.abc import Callable

from harness.engines.server import SqlServer
from harness.engines.server_api import EngineSpec, EngineUnavailable, Provider
from harness.engines.specs import known_engine, parse_spec


def _local(spec: EngineSpec) -> SqlServer:
    if spec.family == "postgresql":
        from harness.engines import local_postgresql

        return local_postgresql.start(spec)
    if spec.family == "mysql":
        from harness.engines import local_mysql

        return local_mysql.start(spec)
    from harness.engines import local_mariadb

    return local_mariadb.start(spec)


def _docker(spec: EngineSpec) -> SqlServer:
    from harness.engines.docker import start

    return start(spec)


def _url(spec: EngineSpec) -> SqlServer:
    from harness.engines.url import start

    return start(spec)


STARTERS: dict[Provider, Callable[[EngineSpec], SqlServer]] = {"local": _local, "docker": _docker, "url": _url}


def start_server(spec: str | EngineSpec) -> SqlServer:
    """Start (or connect to) the server for `spec`; `server.provider` tells which provider was used.

    Raises EngineSpecError for a spec that cannot be understood and EngineUnavailable (with what to install or
    start) when it cannot run here.
    """
    parsed = parse_spec(spec) if isinstance(spec, str) else spec
    if parsed.provider is not None:
        if parsed.provider == "local" and not known_engine(parsed.family, parsed.version).local:
            raise EngineUnavailable(
                parsed.name, f"no local provider for {parsed.name}; use {parsed.name}:docker"
            )
        return STARTERS[parsed.provider](parsed)
    reasons: list[str] = []
    order: tuple[Provider, ...] = ("local", "docker") if known_engine(parsed.family, parsed.version).local else (
        "docker",
    )
    for provider in order:
        try:
            return STARTERS[provider](parsed)
        except EngineUnavailable as err:
            reasons.append(f"{provider}: {err.reason}")
    raise EngineUnavailable(parsed.name, "; ".join(reasons))
