"""What a local MariaDB and a local MySQL server share: where the server keeps its files, how it is known to be
ready, its URL and how its databases are cloned. The engines (local_mariadb.py, local_mysql.py) declare the rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymysql
from sqlalchemy.engine import URL

from harness.engines.clone_mysql_tablespace import TablespaceCopy
from harness.engines.local_state import Account
from harness.engines.ops import DatabaseOps, MySQLOps


def placement_options(workspace: Path, data: Path, port: int) -> tuple[str, ...]:
    """Data, socket, pid file and temporary files in the server's workspace; TCP on `port`."""
    return (
        f"--datadir={data}",
        f"--port={port}",
        f"--socket={workspace / 'server.sock'}",
        f"--pid-file={workspace / 'server.pid'}",
        f"--tmpdir={workspace}",
    )


def probe(port: int) -> None:
    connection = pymysql.connect(host="127.0.0.1", port=port, user="root", connect_timeout=2, ssl_disabled=True)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()


def root_url(driver: str) -> Callable[[int], URL]:
    # No TLS over loopback: PyMySQL otherwise builds a TLS context per connection (~30 ms each).
    return lambda port: URL.create(
        driver, username="root", host="127.0.0.1", port=port, query={"ssl_disabled": "true"}
    )


def tablespace_ops(data: Path, account: Account) -> DatabaseOps:
    return MySQLOps(rows=TablespaceCopy(data, account.ids))
