"""The database families the runner supports, by SQLAlchemy backend name."""

from __future__ import annotations

from sqlalchemy.engine import URL

from migrator.dialects.base import RUNNER_TABLES, Dialect, ServerInfo, Timeouts
from migrator.dialects.mysql import MySQL
from migrator.dialects.postgresql import PostgreSQL
from migrator.errors import MigratorError

DIALECTS: dict[str, Dialect] = {"postgresql": PostgreSQL(), "mysql": MySQL()}
"""Dialect name (as in script file names) -> dialect."""

BACKENDS: dict[str, str] = {"postgresql": "postgresql", "mysql": "mysql", "mariadb": "mysql"}
"""SQLAlchemy backend name -> dialect name."""


def dialect_for(url: URL) -> Dialect:
    name = BACKENDS.get(url.get_backend_name())
    if name is None:
        raise MigratorError(
            f"unsupported database {url.get_backend_name()!r}; supported: postgresql, mysql, mariadb "
            "(URLs like postgresql+psycopg://user@host/db or mysql+pymysql://user@host/db)"
        )
    return DIALECTS[name]


def with_driver(url: URL) -> URL:
    """The URL with the dialect's driver when it names none (the installed drivers are psycopg and pymysql)."""
    if "+" in url.drivername:
        return url
    return url.set(drivername=f"{url.drivername}+{dialect_for(url).default_driver}")


__all__ = ["BACKENDS", "DIALECTS", "RUNNER_TABLES", "Dialect", "ServerInfo", "Timeouts", "dialect_for", "with_driver"]
