"""Schema snapshot -> normalized, engine-neutral model; diff with readable output."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from harness.dialects import Dialect, dialect_of
from harness.inspect.catalog_mysql import read_mysql_schema
from harness.inspect.catalog_postgresql import read_postgresql_schema
from harness.inspect.diff import SchemaDifference, diff_schemas, render_differences
from harness.inspect.schema import Column, Constraint, Index, Schema, Table

READERS: dict[Dialect, Callable[[Connection], Schema]] = {
    "mysql": read_mysql_schema,
    "postgresql": read_postgresql_schema,
}


def read_schema(connection: Connection) -> Schema:
    """The schema of the database `connection` is on, read from the catalog in a few queries.

    SQLAlchemy reflection issues queries per table; `nox -s bench` measures the two side by side.
    """
    return READERS[dialect_of(connection)](connection)


__all__ = [
    "READERS",
    "Column",
    "Constraint",
    "Index",
    "Schema",
    "SchemaDifference",
    "Table",
    "diff_schemas",
    "read_schema",
    "render_differences",
]
