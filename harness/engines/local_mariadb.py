"""Local MariaDB (`mariadbd`, or a `mysqld` that is MariaDB under another name): one ephemeral server per run.

MySQL proper is local_mysql.py; the steps every local server shares are local_startup.py.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.dialects import Family, family_of_version
from harness.engines.local_mysql_family import placement_options, probe, root_url, tablespace_ops
from harness.engines.local_startup import DataTemplate, LocalServer, start_local
from harness.engines.local_state import Account
from harness.engines.server import SqlServer
from harness.engines.server_api import EngineSpec, EngineUnavailable

_SEARCH_PATH = "/usr/sbin:/usr/local/sbin:/usr/bin:/usr/local/bin:/usr/local/mysql/bin"
_VERSION = re.compile(r"Ver (\d+\.\d+\.\d+)(\S*)")

# Test speed over durability: the data directory is thrown away when the server stops.
_SERVER_OPTIONS = (
    "--bind-address=127.0.0.1",
    "--skip-name-resolve",
    "--innodb-flush-log-at-trx-commit=0",
    "--innodb-doublewrite=0",
    "--innodb-buffer-pool-size=128M",
    "--innodb-log-file-size=32M",
    "--innodb-stats-persistent=0",
    "--innodb-buffer-pool-load-at-startup=0",
    "--innodb-buffer-pool-dump-at-shutdown=0",
    "--performance-schema=0",
    "--max-connections=200",
    "--character-set-server=utf8mb4",
    "--skip-external-locking",
    "--collation-server=utf8mb4_general_ci",
    "--innodb-fast-shutdown=2",
    "--innodb-flush-method=nosync",
    "--skip-log-bin",
)
_INSTALL_HINT = "install the Debian package mariadb-server (apt-get install mariadb-server) or use :docker"


@dataclass(frozen=True)
class MariaDBBinaries:
    family: Family
    server: Path
    version: str  # e.g. "10.11.18"
    full_version: str  # as the server reports it, e.g. "10.11.18-MariaDB-0+deb12u1"


def _server_binary() -> Path | None:
    for name in ("mariadbd", "mysqld"):
        found = shutil.which(name, path=_SEARCH_PATH)
        if found:
            return Path(found)
    return None


def find_binaries(family: Family, version: str) -> MariaDBBinaries | None:
    """The local server of `family` (MariaDB; MySQL proper is found by local_mysql.py) and `version`, if any."""
    server = _server_binary()
    if server is None:
        return None
    try:
        out = subprocess.run([str(server), "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    match = _VERSION.search(out)
    if match is None:
        return None
    # `mysqld` is often MariaDB under another name; the version string tells them apart.
    found_family = family_of_version("mysql", out)
    full = match[1]
    if found_family != family or not (full == version or full.startswith(version + ".")):
        return None
    return MariaDBBinaries(family, server.resolve(), full, match[1] + match[2])


def install_hint(family: Family, version: str) -> str:
    return f"no local {family} {version} server binary: {_INSTALL_HINT}"


_INIT_OPTIONS = (
    "--auth-root-authentication-method=normal",
    "--skip-test-db",
    "--skip-name-resolve",
    "--innodb-log-file-size=32M",
)


def _template(binaries: MariaDBBinaries, account: Account) -> DataTemplate:
    installer = shutil.which("mariadb-install-db", path=_SEARCH_PATH) or shutil.which(
        "mysql_install_db", path=_SEARCH_PATH
    )
    if installer is None:
        raise RuntimeError("mariadb-install-db not found next to mariadbd")
    return DataTemplate(
        f"{binaries.family}-{binaries.version}",
        (str(binaries.server), account.name, *_INIT_OPTIONS),
        lambda data: [installer, "--no-defaults", f"--datadir={data}", *_INIT_OPTIONS],
        mode=0o750,
    )


def start(spec: EngineSpec, options: Sequence[str] = ()) -> SqlServer:
    """Start a server for `spec`; `options` (`--name=value`) are added after the test-speed defaults."""
    binaries = find_binaries(spec.family, spec.version)
    if binaries is None:
        raise EngineUnavailable(spec.name, install_hint(spec.family, spec.version))

    def declare(account: Account) -> LocalServer:
        return LocalServer(
            title=f"{spec.family} {binaries.version} ({binaries.server})",
            detail=str(binaries.server),
            label=f"{spec.family}{spec.version}",
            template=_template(binaries, account),
            command=lambda workspace, data, port: [
                str(binaries.server), "--no-defaults", *placement_options(workspace, data, port),
                *_SERVER_OPTIONS, *options,
            ],
            # SIGKILL: nothing in the data directory is kept, so there is nothing to shut down cleanly.
            stop_signal=signal.SIGKILL,
            probe=probe,
            url=root_url("mariadb+pymysql"),
            ops=tablespace_ops,
        )

    return start_local(spec, f"{spec.family} {binaries.version}", declare)
