"""Database servers as a CI job's `services:` would provide them: started here, not by the harness, with a password.

PostgreSQL 15 through Debian's initdb and pg_ctl, MariaDB through mariadb-install-db and mariadbd, each on a free
loopback port with password authentication over TCP. Servers refuse to run as root, so when the tests run as root
the server runs as `nobody`. Each server also holds a database of its own ("billing_live", one table, one row) that
an upgrade verification must leave alone.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pymysql

POSTGRESQL_BIN = Path("/usr/lib/postgresql/15/bin")
MARIADB_SEARCH_PATH = "/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin"
OWN_DATABASE = "billing_live"
READY_TIMEOUT_S = 60


class PlainServerUnavailable(Exception):
    """The server's binaries are not installed here (the test skips with this reason)."""


@dataclass(frozen=True)
class Account:
    uid: int
    gid: int

    @property
    def switch(self) -> bool:
        return self.uid != os.getuid()

    @property
    def user(self) -> int | None:
        return self.uid if self.switch else None

    @property
    def group(self) -> int | None:
        return self.gid if self.switch else None

    @property
    def extra_groups(self) -> list[int] | None:
        return [] if self.switch else None

    def run(self, argv: list[str], cwd: Path, timeout_s: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout_s, check=False,
                              user=self.user, group=self.group, extra_groups=self.extra_groups)


def unprivileged_account() -> Account:
    if os.geteuid() != 0:
        return Account(os.getuid(), os.getgid())
    entry = pwd.getpwnam("nobody")
    return Account(entry.pw_uid, entry.pw_gid)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class PlainServer:
    """A running server: its URL (with the password), the password, and how to list and stop it."""

    family: str
    url: str
    password: str
    list_databases: Callable[[], list[str]]
    count_own_rows: Callable[[], int]
    stop: Callable[[], None]
    directory: Path


def _workspace(label: str, account: Account) -> Path:
    directory = Path(tempfile.mkdtemp(prefix=f"adoption-{label}-"))
    if account.switch:
        os.chown(directory, account.uid, account.gid)
    return directory


def _wait(probe: Callable[[], None], alive: Callable[[], bool], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    last: Exception | None = None
    while time.monotonic() < deadline:
        if not alive():
            break
        try:
            probe()
            return
        except Exception as err:  # not accepting connections yet
            last = err
            time.sleep(0.2)
    text = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise RuntimeError(f"server did not become ready ({last}):\n{text}")


def start_postgresql() -> PlainServer:
    if not (POSTGRESQL_BIN / "pg_ctl").is_file():
        raise PlainServerUnavailable(f"no PostgreSQL 15 at {POSTGRESQL_BIN} (apt-get install postgresql-15)")
    account = unprivileged_account()
    password = secrets.token_hex(12)
    directory = _workspace("postgresql", account)
    data, log, password_file = directory / "data", directory / "server.log", directory / "password"
    password_file.write_text(password + "\n")
    if account.switch:
        os.chown(password_file, account.uid, account.gid)
    password_file.chmod(0o600)
    initdb = account.run([
        str(POSTGRESQL_BIN / "initdb"), "-D", str(data), "-U", "postgres", f"--pwfile={password_file}",
        "--auth-host=scram-sha-256", "--auth-local=trust", "--encoding=UTF8", "--locale=C", "--no-sync",
    ], cwd=directory)
    password_file.unlink()
    if initdb.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(f"initdb failed:\n{initdb.stdout}\n{initdb.stderr}")
    port = free_port()
    settings = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off"
    pg_ctl = str(POSTGRESQL_BIN / "pg_ctl")
    started = account.run([pg_ctl, "-D", str(data), "-l", str(log), "-o", settings, "-w", "-t", "60", "start"],
                          cwd=directory)

    def stop() -> None:
        account.run([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], cwd=directory)
        shutil.rmtree(directory, ignore_errors=True)

    def connect() -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(host="127.0.0.1", port=port, user="postgres", password=password, dbname="postgres",
                               connect_timeout=5, autocommit=True)

    if started.returncode != 0:
        stop()
        raise RuntimeError(f"pg_ctl start failed:\n{started.stdout}\n{started.stderr}")
    try:
        _wait(lambda: connect().close(), lambda: True, log)
        with connect() as connection:
            connection.execute(f"CREATE DATABASE {OWN_DATABASE}")
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", password=password, dbname=OWN_DATABASE,
                             autocommit=True) as connection:
            connection.execute("CREATE TABLE invoices (id int PRIMARY KEY, number text NOT NULL)")
            connection.execute("INSERT INTO invoices VALUES (1, 'INV-LIVE-1')")
    except BaseException:
        stop()
        raise

    def list_databases() -> list[str]:
        with connect() as connection:
            return sorted(str(row[0]) for row in connection.execute("SELECT datname FROM pg_database"))

    def count_own_rows() -> int:
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", password=password,
                             dbname=OWN_DATABASE) as connection:
            row = connection.execute("SELECT count(*) FROM invoices").fetchone()
            return int(row[0]) if row else 0

    url = f"postgresql://postgres:{password}@127.0.0.1:{port}/postgres"
    return PlainServer("postgresql", url, password, list_databases, count_own_rows, stop, directory)


def start_mariadb() -> PlainServer:
    server = shutil.which("mariadbd", path=MARIADB_SEARCH_PATH)
    installer = shutil.which("mariadb-install-db", path=MARIADB_SEARCH_PATH)
    if server is None or installer is None:
        raise PlainServerUnavailable("no mariadbd / mariadb-install-db (apt-get install mariadb-server)")
    account = unprivileged_account()
    password = secrets.token_hex(12)
    directory = _workspace("mariadb", account)
    data, log, sock = directory / "data", directory / "server.log", directory / "server.sock"
    installed = account.run([
        installer, "--no-defaults", f"--datadir={data}", "--auth-root-authentication-method=normal",
        "--skip-test-db", "--skip-name-resolve",
    ], cwd=directory)
    if installed.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(f"mariadb-install-db failed:\n{installed.stdout[-2000:]}\n{installed.stderr[-2000:]}")
    port = free_port()
    argv = [
        server, "--no-defaults", f"--datadir={data}", f"--port={port}", f"--socket={sock}",
        f"--pid-file={directory / 'server.pid'}", f"--tmpdir={directory}", "--bind-address=127.0.0.1",
        "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=32M",
        "--innodb-flush-log-at-trx-commit=0", "--character-set-server=utf8mb4",
        "--collation-server=utf8mb4_general_ci",
    ]
    with open(log, "ab") as output:
        process = subprocess.Popen(argv, cwd=directory, stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True, user=account.user,
                                   group=account.group, extra_groups=account.extra_groups)

    def stop() -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(directory, ignore_errors=True)

    def as_admin() -> pymysql.connections.Connection:
        return pymysql.connect(unix_socket=str(sock), user="root", connect_timeout=5, autocommit=True)

    def as_ci(database: str | None = None) -> pymysql.connections.Connection:
        return pymysql.connect(host="127.0.0.1", port=port, user="ci", password=password, database=database,
                               connect_timeout=5, autocommit=True, ssl_disabled=True)

    try:
        _wait(lambda: as_admin().close(), lambda: process.poll() is None, log)
        with contextlib.closing(as_admin()) as admin, admin.cursor() as cursor:
            cursor.execute("CREATE USER 'ci'@'127.0.0.1' IDENTIFIED BY %s", (password,))
            cursor.execute("GRANT ALL PRIVILEGES ON *.* TO 'ci'@'127.0.0.1' WITH GRANT OPTION")
            cursor.execute(f"CREATE DATABASE {OWN_DATABASE}")
            cursor.execute(f"CREATE TABLE {OWN_DATABASE}.invoices (id int PRIMARY KEY, number text NOT NULL)")
            cursor.execute(f"INSERT INTO {OWN_DATABASE}.invoices VALUES (1, 'INV-LIVE-1')")
    except BaseException:
        stop()
        raise

    def list_databases() -> list[str]:
        with contextlib.closing(as_ci()) as connection, connection.cursor() as cursor:
            cursor.execute("SHOW DATABASES")
            return sorted(str(row[0]) for row in cursor.fetchall())

    def count_own_rows() -> int:
        with contextlib.closing(as_ci(OWN_DATABASE)) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM invoices")
            row = cursor.fetchone()
            return int(row[0]) if row else 0

    url = f"mysql://ci:{password}@127.0.0.1:{port}/"
    return PlainServer("mariadb", url, password, list_databases, count_own_rows, stop, directory)
