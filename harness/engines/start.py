"""Resolve a spec to a running server: the URL provider for URLs; otherwise local first, then Docker."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from harness.dialects import Family
from harness.engines.server import SqlServer
from harness.engines.server_api import EngineSpec, EngineUnavailable, Provider
from harness.engines.specs import known_engine, parse_spec

# Module names, not modules: a provider's module is imported only when its family is asked for, which keeps the
# CLI's start-up from importing every engine's code.
LOCAL_PROVIDERS: dict[Family, str] = {
    "postgresql": "harness.engines.local_postgresql",
    "mariadb": "harness.engines.local_mariadb",
    "mysql": "harness.engines.local_mysql",
}


def _local(spec: EngineSpec) -> SqlServer:
    start: Callable[[EngineSpec], SqlServer] = import_module(LOCAL_PROVIDERS[spec.family]).start
    return start(spec)


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
