"""Database-level SQL per dialect: server version, create, clone and drop a database.

One class per dialect; the server classes never branch on the dialect themselves.
"""

from __future__ import annotations

import time
from typing import Protocol

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from harness.dialects import Dialect, quote, quote_identifier
from harness.engines.clone_mysql import RowCopier, clone_schema


class DatabaseOps(Protocol):
    dialect: Dialect

    def server_version(self, connection: Connection) -> str: ...

    def create(self, connection: Connection, name: str) -> None: ...

    def clone(self, connection: Connection, source: str, target: str) -> None: ...

    def drop(self, connection: Connection, name: str) -> None: ...

    def exists(self, connection: Connection, name: str) -> bool: ...


# SQLSTATE 55006: the template is in use; a connection can slip in between terminate and CREATE.
_PG_OBJECT_IN_USE = "55006"


class PostgresOps:
    """`file_copy`: clone with STRATEGY FILE_COPY (PostgreSQL 15+), 2-5x faster than the default WAL_LOG when
    fsync is off (local and Docker servers); on an existing server its forced checkpoint could be costly."""

    dialect: Dialect = "postgresql"

    def __init__(self, file_copy: bool = False) -> None:
        self.file_copy = file_copy

    def server_version(self, connection: Connection) -> str:
        return str(connection.exec_driver_sql("SHOW server_version").scalar_one()).split()[0]

    def create(self, connection: Connection, name: str) -> None:
        connection.exec_driver_sql(f"CREATE DATABASE {quote(self.dialect, name)}")

    def clone(self, connection: Connection, source: str, target: str) -> None:
        strategy = ""
        if self.file_copy and int(connection.exec_driver_sql("SHOW server_version_num").scalar_one()) >= 150000:
            strategy = " STRATEGY FILE_COPY"
        create = f"CREATE DATABASE {quote(self.dialect, target)} TEMPLATE {quote(self.dialect, source)}{strategy}"
        # The template must have no other sessions; the harness's own short-lived ones are the usual culprits.
        for attempt in range(5):
            connection.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %(name)s "
                "AND pid <> pg_backend_pid()",
                {"name": source},
            )
            try:
                connection.exec_driver_sql(create)
                return
            except OperationalError as err:
                if getattr(err.orig, "sqlstate", None) != _PG_OBJECT_IN_USE or attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def drop(self, connection: Connection, name: str) -> None:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {quote(self.dialect, name)} WITH (FORCE)")

    def exists(self, connection: Connection, name: str) -> bool:
        found = connection.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": name})
        return found.first() is not None


class MySQLOps:
    """`rows`: how rows reach a clone (default: server-side INSERT ... SELECT)."""

    dialect: Dialect = "mysql"

    def __init__(self, rows: RowCopier | None = None) -> None:
        self.rows = rows

    def server_version(self, connection: Connection) -> str:
        return str(connection.exec_driver_sql("SELECT VERSION()").scalar_one())

    def create(self, connection: Connection, name: str) -> None:
        connection.exec_driver_sql(f"CREATE DATABASE {quote(self.dialect, name)}")

    def clone(self, connection: Connection, source: str, target: str) -> None:
        clone_schema(connection, source, target, self.rows)

    def drop(self, connection: Connection, name: str) -> None:
        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {quote(self.dialect, name)}")

    def exists(self, connection: Connection, name: str) -> bool:
        found = connection.exec_driver_sql(
            "SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = %(name)s", {"name": name}
        )
        return found.first() is not None


OPS: dict[Dialect, DatabaseOps] = {"postgresql": PostgresOps(), "mysql": MySQLOps()}

__all__ = ["OPS", "DatabaseOps", "MySQLOps", "PostgresOps", "quote_identifier"]
