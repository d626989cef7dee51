"""What can run here: one row per known engine with the provider `start_server` would pick, or why none can."""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass

from harness.engines.base import EngineError, Provider
from harness.engines.specs import KNOWN_ENGINES, KnownEngine, parse_spec


@dataclass(frozen=True)
class EngineAvailability:
    spec: str
    provider: Provider | None  # None: cannot run here
    detail: str  # binary path or image
    server_version: str | None
    reason: str | None  # why not, when provider is None

    @property
    def available(self) -> bool:
        return self.provider is not None


def local_availability(engine: KnownEngine) -> EngineAvailability | str:
    if engine.family == "postgresql":
        from harness.engines import local_postgresql

        found = local_postgresql.find_binaries(engine.version)
        if found is None:
            return f"local: {local_postgresql.install_hint(engine.version)}"
        return EngineAvailability(engine.spec, "local", str(found.bin_dir / "postgres"), found.version, None)
    if engine.family == "mysql":
        from harness.engines import local_mysql

        search = local_mysql.search(engine.version)
        install = search.matching(engine.version)
        if install is None:
            return f"local: {local_mysql.install_hint(engine.version, search)}"
        return EngineAvailability(engine.spec, "local", install.detail, install.full_version, None)
    from harness.engines import local_mariadb

    binaries = local_mariadb.find_binaries(engine.family, engine.version)
    if binaries is None:
        return f"local: {local_mariadb.install_hint(engine.family, engine.version)}"
    return EngineAvailability(engine.spec, "local", str(binaries.server), binaries.full_version, None)


def available_engines(probe: bool = False) -> list[EngineAvailability]:
    """Every known engine: local binaries first, then Docker. `probe=True` starts each one to prove it runs
    and to read the version from the server itself."""
    from harness.engines.docker import docker_unavailable_reason

    docker_reason = docker_unavailable_reason()
    rows: list[EngineAvailability] = []
    for engine in KNOWN_ENGINES:
        reasons: list[str] = []
        row: EngineAvailability | None = None
        if engine.local:
            local = local_availability(engine)
            if isinstance(local, str):
                reasons.append(local)
            else:
                row = local
        if row is None and docker_reason is None:
            row = EngineAvailability(engine.spec, "docker", engine.image, None, None)
        elif row is None:
            reasons.append(f"docker: {docker_reason}")
        if row is not None and probe:
            row = _probe(row)
        rows.append(row or EngineAvailability(engine.spec, None, "", None, "; ".join(reasons)))
    return rows


def _probe(row: EngineAvailability) -> EngineAvailability:
    from harness.engines.start import start_server

    try:
        server = start_server(parse_spec(f"{row.spec}:{row.provider}"))
    except EngineError as err:
        return EngineAvailability(row.spec, None, row.detail, None, str(err))
    try:
        return EngineAvailability(row.spec, server.provider, server.detail, server.server_version, None)
    finally:
        server.stop()


def render_engines(rows: list[EngineAvailability], as_json: bool) -> str:
    """`upgrade-harness engines` output: a table, or JSON (a list of objects with `available` added)."""
    if as_json:
        return json.dumps([{**asdict(row), "available": row.available} for row in rows], indent=2)
    from rich.console import Console
    from rich.table import Table

    table = Table(title="database engines")
    for column in ("spec", "provider", "binary / image", "server version or why not"):
        table.add_column(column, overflow="fold")
    for row in rows:
        if row.available:
            table.add_row(row.spec, row.provider or "", row.detail, row.server_version or "(reported on start)")
        else:
            table.add_row(row.spec, "unavailable", row.detail, row.reason or "")
    out = io.StringIO()
    Console(file=out, width=160, color_system=None, soft_wrap=False).print(table)
    return out.getvalue().rstrip("\n")
