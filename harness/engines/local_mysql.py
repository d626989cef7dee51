"""Local MySQL proper (`mysql@9.7`, `mysql@8.4`, ...): `mysqld` from a root filesystem, or one installed on the host.

Debian's stable release ships MariaDB only, so MySQL comes as a root filesystem built from Debian sid
(`.ci/build-mysql-rootfs`). Its `mysqld` is run through the tree's own dynamic loader with the tree's libraries,
not chrooted: the server runs as the same unprivileged account, in the same tmpfs workspace, as every other local
server, and needs no privilege beyond the uid switch. Roots are looked for, in order, in
`UPGRADE_HARNESS_MYSQL_ROOT` (one or more trees separated by `:`), then `/var/cache/upgrade-harness/rootfs/mysql-V`;
a `mysqld` on the host's PATH that really is MySQL of that version serves too.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.dialects import family_of_version
from harness.engines.local_mysql_family import placement_options, probe, root_url, tablespace_ops
from harness.engines.local_startup import DataTemplate, LocalServer, start_local
from harness.engines.local_state import Account
from harness.engines.server import SqlServer
from harness.engines.server_api import EngineSpec, EngineUnavailable

ROOT_VARIABLE = "UPGRADE_HARNESS_MYSQL_ROOT"
ROOTFS_CACHE = Path("/var/cache/upgrade-harness/rootfs")
BUILD_COMMAND = ".ci/build-mysql-rootfs"
_HOST_PATH = "/usr/sbin:/usr/local/sbin:/usr/bin:/usr/local/bin:/usr/local/mysql/bin"
_VERSION = re.compile(r"Ver (\d+\.\d+\.\d+)(\S*)")
_LOADERS = ("lib64/ld-linux-x86-64.so.2", "lib/ld-linux-aarch64.so.1", "lib/ld-linux-x86-64.so.2")
_LIBRARY_DIRS = (
    "usr/lib/x86_64-linux-gnu",
    "lib/x86_64-linux-gnu",
    "usr/lib/aarch64-linux-gnu",
    "lib/aarch64-linux-gnu",
    "usr/lib",
    "lib",
)

# Test speed over durability: the data directory is thrown away when the server stops. Performance schema
# stays on: the online checks read row-lock waits from performance_schema.data_lock_waits.
_SERVER_OPTIONS = (
    "--bind-address=127.0.0.1",
    "--skip-name-resolve",
    "--innodb-flush-log-at-trx-commit=0",
    "--innodb-doublewrite=0",
    "--innodb-buffer-pool-size=128M",
    "--innodb-stats-persistent=0",
    "--innodb-buffer-pool-load-at-startup=0",
    "--innodb-buffer-pool-dump-at-shutdown=0",
    "--innodb-fast-shutdown=2",
    "--max-connections=200",
    "--character-set-server=utf8mb4",
    "--skip-external-locking",
)
# 8.0 and later: the X protocol plugin would listen on port 33060 in every server, and a binary log is written
# unless told not to; 5.7 has neither and does not know the options.
_OPTIONS_SINCE_8 = ("--mysqlx=0", "--skip-log-bin")
# MySQL 8.0.30 replaced the redo log's file size by a capacity; 9.x no longer knows the old option.
_REDO_OPTION_NEW = "--innodb-redo-log-capacity=64M"
_REDO_OPTION_OLD = "--innodb-log-file-size=32M"

# --initialize-insecure makes root@localhost only, which a TCP client does not match under skip-name-resolve.
_INIT_SQL = (
    "CREATE USER 'root'@'127.0.0.1' IDENTIFIED BY '';\n"
    "GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n"
)


@dataclass(frozen=True)
class MySQLInstall:
    """A runnable mysqld: `launcher` + `server` is the command; `root` is None for a host install."""

    server: Path
    version: str  # e.g. "9.7.4"
    full_version: str  # as `mysqld --version` says, e.g. "9.7.4-2"
    root: Path | None
    launcher: tuple[str, ...]

    def command(self, *options: str) -> list[str]:
        paths: tuple[str, ...] = ()
        if self.root is not None:
            # Without these the server looks for its messages, charsets and plugins on the host.
            share = self.root / "usr/share/mysql"
            paths = (
                f"--basedir={self.root / 'usr'}",
                f"--lc-messages-dir={share}",
                f"--character-sets-dir={share / 'charsets'}",
                f"--plugin-dir={self.root / 'usr/lib/mysql/plugin'}",
            )
        return [*self.launcher, str(self.server), "--no-defaults", *paths, *options]

    @property
    def detail(self) -> str:
        return str(self.server)

    def server_options(self) -> tuple[str, ...]:
        number = tuple(int(part) for part in self.version.split("."))
        redo = _REDO_OPTION_NEW if number >= (8, 0, 30) else _REDO_OPTION_OLD
        return (redo, *_SERVER_OPTIONS, *(_OPTIONS_SINCE_8 if number >= (8,) else ()))

    def init_options(self) -> tuple[str, ...]:
        number = tuple(int(part) for part in self.version.split("."))
        return ("--initialize-insecure", _REDO_OPTION_NEW if number >= (8, 0, 30) else _REDO_OPTION_OLD)


@dataclass(frozen=True)
class Search:
    """Where MySQL binaries were looked for: the installs found and, per place, why it did not serve."""

    found: tuple[MySQLInstall, ...]
    notes: tuple[str, ...]

    def matching(self, version: str) -> MySQLInstall | None:
        return next((install for install in self.found if _is_version(install.version, version)), None)


def _is_version(full: str, wanted: str) -> bool:
    return full == wanted or full.startswith(wanted + ".")


def candidate_roots(version: str) -> list[Path]:
    configured = [Path(part) for part in os.environ.get(ROOT_VARIABLE, "").split(os.pathsep) if part]
    return [*configured, ROOTFS_CACHE / f"mysql-{version}"]


def _rootfs_install(root: Path) -> MySQLInstall | str:
    server = root / "usr/sbin/mysqld"
    if not server.is_file():
        return f"{root}: no usr/sbin/mysqld" if root.exists() else f"{root}: does not exist"
    loader = next((root / name for name in _LOADERS if (root / name).is_file()), None)
    if loader is None:
        return f"{root}: no dynamic loader (lib64/ld-linux-*.so)"
    libraries = ":".join(str(root / name) for name in _LIBRARY_DIRS if (root / name).is_dir())
    if not all(os.stat(directory).st_mode & 0o001 for directory in (server.parent, *server.parents)):
        return f"{root}: not reachable by other users (the server runs unprivileged); chmod o+x its parents"
    launcher = (str(loader), "--library-path", libraries)
    return _probe_version([*launcher, str(server)], server, root, launcher)


def _host_install() -> MySQLInstall | str | None:
    found = shutil.which("mysqld", path=_HOST_PATH)
    if found is None:
        return None
    return _probe_version([found], Path(found).resolve(), None, ())


def _probe_version(
    command: list[str], server: Path, root: Path | None, launcher: tuple[str, ...]
) -> MySQLInstall | str:
    where = str(root or server)
    try:
        done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as err:
        return f"{where}: mysqld cannot run ({err})"
    match = _VERSION.search(done.stdout)
    if done.returncode != 0 or match is None:
        return f"{where}: `mysqld --version` failed: {(done.stderr or done.stdout).strip()[-300:]}"
    if family_of_version("mysql", done.stdout) == "mariadb":
        return f"{where}: mysqld is MariaDB {match[1]}, not MySQL"
    return MySQLInstall(server, match[1], match[1] + match[2], root, launcher)


def search(version: str) -> Search:
    found: list[MySQLInstall] = []
    notes: list[str] = []
    for root in candidate_roots(version):
        result = _rootfs_install(root)
        if isinstance(result, MySQLInstall):
            found.append(result)
        else:
            notes.append(result)
    host = _host_install()
    if host is None:
        notes.append("no mysqld on the host's PATH")
    elif isinstance(host, MySQLInstall):
        found.append(host)
    else:
        notes.append(host)
    for install in found:
        if not _is_version(install.version, version):
            notes.append(f"{install.detail}: MySQL {install.version}, not {version}")
    return Search(tuple(found), tuple(notes))


def find_install(version: str) -> MySQLInstall | None:
    return search(version).matching(version)


def install_hint(version: str, found: Search | None = None) -> str:
    """Where the harness looked and what to run to get a MySQL `version` here."""
    notes = "; ".join((found or search(version)).notes)
    build = (
        f"build one with `{BUILD_COMMAND}` (MySQL 9.7 from Debian sid, ~25 s, no host packages touched)"
        if version == "9.7"
        else f"install MySQL {version} binaries (mysqld) or use :docker"
    )
    return f"no local MySQL {version} ({notes}); {build}, or set {ROOT_VARIABLE} to a root filesystem holding it"


def _template(install: MySQLInstall, account: Account) -> DataTemplate:
    options = install.init_options()

    def initialiser(data: Path) -> list[str]:
        init_file = data.parent / "init.sql"
        init_file.write_text(_INIT_SQL)
        init_file.chmod(0o644)
        return install.command(f"--datadir={data}", *options, f"--init-file={init_file}")

    return DataTemplate(
        f"mysql-{install.version}",
        (install.detail, install.full_version, account.name, *options, _INIT_SQL),
        initialiser,
        mode=0o750,
    )


def start(spec: EngineSpec, options: Sequence[str] = ()) -> SqlServer:
    """Start a MySQL server for `spec`; `options` (`--name=value`) are added after the test-speed defaults."""
    found = search(spec.version)
    install = found.matching(spec.version)
    if install is None:
        raise EngineUnavailable(spec.name, install_hint(spec.version, found))

    def command(workspace: Path, data: Path, port: int) -> list[str]:
        return install.command(
            *placement_options(workspace, data, port),
            f"--secure-file-priv={workspace}",
            *install.server_options(),
            *options,
        )

    def declare(account: Account) -> LocalServer:
        return LocalServer(
            title=f"MySQL {install.version} ({install.detail})",
            detail=install.detail,
            label=f"mysql{spec.version}",
            template=_template(install, account),
            command=command,
            # SIGKILL: nothing in the data directory is kept, so there is nothing to shut down cleanly.
            stop_signal=signal.SIGKILL,
            probe=probe,
            url=root_url("mysql+pymysql"),
            ops=tablespace_ops,
            ready_timeout_s=60,
        )

    return start_local(spec, f"MySQL {install.version}", declare)
