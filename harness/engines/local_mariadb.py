"""Local MariaDB (`mariadbd`) and MySQL (`mysqld`, when it really is MySQL): one ephemeral server per run."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pymysql
from sqlalchemy.engine import URL

from harness.dialects import Family, family_of_version
from harness.engines.clone_mysql_tablespace import TablespaceCopy
from harness.engines.local_cache import cache_key, cached_dir, copy_tree
from harness.engines.local_process import ServerProcess, free_port, install_handlers, run_as, wait_ready
from harness.engines.local_state import Account, Workspace, service_account
from harness.engines.ops import MySQLOps
from harness.engines.server import SqlServer
from harness.engines.server_api import EngineSpec, EngineUnavailable

_SEARCH_PATH = "/usr/sbin:/usr/local/sbin:/usr/bin:/usr/local/bin:/usr/local/mysql/bin"
_VERSION = re.compile(r"Ver (\d+\.\d+\.\d+)(\S*)")

# Test speed over durability: the data directory is thrown away when the server stops.
_COMMON_OPTIONS = (
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
)
_FAMILY_OPTIONS: dict[Family, tuple[str, ...]] = {
    "mariadb": (
        "--collation-server=utf8mb4_general_ci",
        "--innodb-fast-shutdown=2",
        "--innodb-flush-method=nosync",
        "--skip-log-bin",
    ),
    "mysql": ("--innodb-fast-shutdown=2",),  # 8.x: plus --skip-log-bin, see _server_options
}
_INSTALL_HINT: dict[Family, str] = {
    "mariadb": "install the Debian package mariadb-server (apt-get install mariadb-server) or use :docker",
    "mysql": "install MySQL server binaries (mysqld) of that version, or use :docker",
}


@dataclass(frozen=True)
class MySQLBinaries:
    family: Family
    server: Path
    version: str  # e.g. "10.11.18"
    full_version: str  # as the server reports it, e.g. "10.11.18-MariaDB-0+deb12u1"


def _server_binary(family: Family) -> Path | None:
    names = ("mariadbd", "mysqld") if family == "mariadb" else ("mysqld",)
    for name in names:
        found = shutil.which(name, path=_SEARCH_PATH)
        if found:
            return Path(found)
    return None


def find_binaries(family: Family, version: str) -> MySQLBinaries | None:
    server = _server_binary(family)
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
    return MySQLBinaries(family, server.resolve(), full, match[1] + match[2])


def _server_options(binaries: MySQLBinaries) -> tuple[str, ...]:
    # MySQL 8 writes a binary log unless told not to; 5.7 writes none and does not know --skip-log-bin.
    binlog = ("--skip-log-bin",) if binaries.family == "mysql" and not binaries.version.startswith("5.") else ()
    return (*_COMMON_OPTIONS, *_FAMILY_OPTIONS[binaries.family], *binlog)


def install_hint(family: Family, version: str) -> str:
    return f"no local {family} {version} server binary: {_INSTALL_HINT[family]}"


_INIT_OPTIONS: dict[Family, tuple[str, ...]] = {
    "mariadb": (
        "--auth-root-authentication-method=normal",
        "--skip-test-db",
        "--skip-name-resolve",
        "--innodb-log-file-size=32M",
    ),
    "mysql": ("--initialize-insecure", "--innodb-log-file-size=32M"),
}


# MySQL's --initialize-insecure makes root@localhost only, which a TCP client does not match under skip-name-resolve.
_MYSQL_INIT_SQL = (
    "CREATE USER 'root'@'127.0.0.1' IDENTIFIED BY '';\n"
    "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n"
)


def _initialise(binaries: MySQLBinaries, data: Path) -> list[str]:
    options = ["--no-defaults", f"--datadir={data}", *_INIT_OPTIONS[binaries.family]]
    if binaries.family == "mysql":
        init_file = data.parent / "init.sql"
        init_file.write_text(_MYSQL_INIT_SQL)
        init_file.chmod(0o644)
        return [str(binaries.server), *options, f"--init-file={init_file}"]
    installer = shutil.which("mariadb-install-db", path=_SEARCH_PATH) or shutil.which(
        "mysql_install_db", path=_SEARCH_PATH
    )
    if installer is None:
        raise RuntimeError("mariadb-install-db not found next to mariadbd")
    return [installer, *options]


def _template(binaries: MySQLBinaries, account: Account) -> Path:
    """An initialised data directory per binary build: the installer takes seconds, a copy a fraction."""

    def build(staging: Path) -> None:
        data = staging / "data"
        data.mkdir(mode=0o750)
        if account.switch:
            shutil.chown(data, account.uid, account.gid)
        done = run_as(account, _initialise(binaries, data), cwd=staging)
        if done.returncode != 0:
            raise RuntimeError(
                f"initialising the data directory failed (exit code {done.returncode}):\n"
                f"{(done.stderr or done.stdout)[-2000:]}"
            )

    # The options are part of the key: changing them makes a new template instead of reusing a stale one.
    key = cache_key(str(binaries.server), account.name, *_INIT_OPTIONS[binaries.family])
    name = f"{binaries.family}-{binaries.version}-{key}"
    return cached_dir("templates", name, build) / "data"


def _probe(port: int) -> None:
    connection = pymysql.connect(host="127.0.0.1", port=port, user="root", connect_timeout=2, ssl_disabled=True)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()


def start(spec: EngineSpec, options: Sequence[str] = ()) -> SqlServer:
    """Start a server for `spec`; `options` (`--name=value`) are added after the test-speed defaults."""
    binaries = find_binaries(spec.family, spec.version)
    if binaries is None:
        raise EngineUnavailable(spec.name, install_hint(spec.family, spec.version))
    install_handlers()
    try:
        account = service_account()
        template = _template(binaries, account)
    except (OSError, RuntimeError, subprocess.SubprocessError) as err:
        raise EngineUnavailable(spec.name, f"cannot prepare {spec.family} {binaries.version}: {err}") from err
    workspace = Workspace(f"{spec.family}{spec.version}", account)
    process: ServerProcess | None = None
    try:
        data = workspace.path / "data"
        data.mkdir(mode=0o750)
        copy_tree(template, data)
        port = free_port()
        argv = [
            str(binaries.server),
            "--no-defaults",
            f"--datadir={data}",
            f"--port={port}",
            f"--socket={workspace.path / 'server.sock'}",
            f"--pid-file={workspace.path / 'server.pid'}",
            f"--tmpdir={workspace.path}",
            *_server_options(binaries),
            *options,
        ]
        # SIGKILL: nothing in the data directory is kept, so there is nothing to shut down cleanly.
        process = ServerProcess(argv, workspace, account, stop_signal=signal.SIGKILL)
        wait_ready(process, lambda: _probe(port), f"{spec.family} {binaries.version} ({binaries.server})")
        driver = "mariadb+pymysql" if spec.family == "mariadb" else "mysql+pymysql"
        # No TLS over loopback: PyMySQL otherwise builds a TLS context per connection (~30 ms each).
        url = URL.create(driver, username="root", host="127.0.0.1", port=port, query={"ssl_disabled": "true"})
        owner = (account.uid, account.gid) if account.switch else None
        ops = MySQLOps(rows=TablespaceCopy(data, owner))
        return SqlServer(spec, "local", str(binaries.server), url, on_stop=process.stop, ops=ops)
    except BaseException as err:
        if process is not None:
            process.stop()
        else:
            workspace.remove()
        if isinstance(err, RuntimeError):
            raise EngineUnavailable(spec.name, str(err)) from err
        raise
