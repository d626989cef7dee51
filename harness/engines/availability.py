"""What can run here: one row per known engine with the provider `start_server` would pick, or why none can."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass

from harness.dialects import Family
from harness.engines.server_api import EngineError, Provider
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


def _local_postgresql(engine: KnownEngine) -> EngineAvailability | str:
    from harness.engines import local_postgresql

    found = local_postgresql.find_binaries(engine.version)
    if found is None:
        return f"local: {local_postgresql.install_hint(engine.version)}"
    return EngineAvailability(engine.spec, "local", str(found.bin_dir / "postgres"), found.version, None)


def _local_mysql(engine: KnownEngine) -> EngineAvailability | str:
    from harness.engines import local_mysql

    search = local_mysql.search(engine.version)
    install = search.matching(engine.version)
    if install is None:
        return f"local: {local_mysql.install_hint(engine.version, search)}"
    return EngineAvailability(engine.spec, "local", install.detail, install.full_version, None)


def _local_mariadb(engine: KnownEngine) -> EngineAvailability | str:
    from harness.engines import local_mariadb

    binaries = local_mariadb.find_binaries(engine.family, engine.version)
    if binaries is None:
        return f"local: {local_mariadb.install_hint(engine.family, engine.version)}"
    return EngineAvailability(engine.spec, "local", str(binaries.server), binaries.full_version, None)


# Each family finds its binaries its own way (a wheel or Debian's directories, a root filesystem, the PATH); the
# module is imported on use, as for starting.
_LOCAL_SEARCH: dict[Family, Callable[[KnownEngine], EngineAvailability | str]] = {
    "postgresql": _local_postgresql,
    "mariadb": _local_mariadb,
    "mysql": _local_mysql,
}


def local_availability(engine: KnownEngine) -> EngineAvailability | str:
    return _LOCAL_SEARCH[engine.family](engine)


def available_engines(probe: bool = False, images: Mapping[str, str] | None = None) -> list[EngineAvailability]:
    """Every known engine: local binaries first, then Docker (when its image is on the Docker host or pullable).
    `images` overrides the image per spec (None: UPGRADE_HARNESS_ENGINE_IMAGES). `probe=True` starts each one to
    prove it runs and to read the version from the server itself."""
    from harness.engines.docker import images_here
    from harness.engines.docker_images import images_by_spec

    image_of = images_by_spec(images)
    local = {engine.spec: local_availability(engine) for engine in KNOWN_ENGINES if engine.local}
    docker = images_here(image_of[spec] for spec in image_of if not isinstance(local.get(spec), EngineAvailability))
    rows: list[EngineAvailability] = []
    for engine in KNOWN_ENGINES:
        found = local.get(engine.spec)
        row = found if isinstance(found, EngineAvailability) else None
        reasons = [found] if isinstance(found, str) else []
        if row is None:
            image = docker if isinstance(docker, str) else docker[image_of[engine.spec]]
            if isinstance(image, str) or not image.usable:
                reasons.append(f"docker: {image if isinstance(image, str) else image.problem}")
            else:
                row = EngineAvailability(engine.spec, "docker", image.detail, None, None)
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
