"""SQLAlchemy reflection as the usual test suite uses it, and the harness's catalog reader beside it.

`reflect_schema` is what a hand-written upgrade test compares: `MetaData.reflect()` turned into plain tuples.
`compare_readers` times both readers on one database (the Nightingale head schema in `python -m benchmarks`).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import Connection, MetaData, inspect

from benchmarks.timing import seconds
from harness.db import connect
from harness.engines.server_api import Server
from harness.inspect import Schema, read_schema

TableShape = dict[str, Any]
T = TypeVar("T")


def _table_shape(table: Any) -> TableShape:
    return {
        "columns": [
            (column.name, repr(column.type), column.nullable,
             str(column.server_default.arg) if column.server_default is not None else None)
            for column in table.columns
        ],
        "primary_key": [column.name for column in table.primary_key.columns],
        "indexes": sorted((index.name or "", tuple(c.name for c in index.columns), bool(index.unique))
                          for index in table.indexes),
        "foreign_keys": sorted(
            (fk.name or "", tuple(fk.column_keys), fk.referred_table.name) for fk in table.foreign_key_constraints
        ),
    }


def reflect_schema(connection: Connection, skip: Iterable[str] = ()) -> dict[str, TableShape]:
    """table -> shape, by `MetaData.reflect()` (SQLAlchemy 2 batches catalog queries where the dialect can)."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    left_out = frozenset(skip)
    return {name: _table_shape(table) for name, table in metadata.tables.items() if name not in left_out}


def inspect_per_table(connection: Connection) -> dict[str, TableShape]:
    """The per-table Inspector calls alembic-style comparisons make: columns, keys and indexes, table by table."""
    inspector = inspect(connection)
    return {
        name: {
            "columns": inspector.get_columns(name),
            "primary_key": inspector.get_pk_constraint(name),
            "indexes": inspector.get_indexes(name),
            "foreign_keys": inspector.get_foreign_keys(name),
            "unique": inspector.get_unique_constraints(name),
        }
        for name in inspector.get_table_names()
    }


def _median_of(repeats: int, action: Callable[[], T]) -> tuple[float, T]:
    samples = []
    for _ in range(repeats):
        elapsed, value = seconds(action)
        samples.append(elapsed)
    return statistics.median(samples), value


def compare_readers(server: Server, database: str, repeats: int = 3) -> dict[str, object]:
    """Median seconds of each reader on `database` (one connection each, opened inside the timing)."""
    url = server.url(database)

    def catalog() -> Schema:
        with connect(url) as connection:
            return read_schema(connection)

    def metadata() -> dict[str, TableShape]:
        with connect(url) as connection:
            return reflect_schema(connection)

    def per_table() -> object:
        with connect(url) as connection:
            return inspect_per_table(connection)

    catalog_s, schema = _median_of(repeats, catalog)
    metadata_s, reflected = _median_of(repeats, metadata)
    per_table_s, _ = _median_of(repeats, per_table)
    tables = len(schema.tables)
    return {
        "tables": tables,
        "same_tables": set(schema.tables) == set(reflected),
        "catalog_reader_s": round(catalog_s, 4),
        "sqlalchemy_metadata_reflect_s": round(metadata_s, 4),
        "sqlalchemy_inspector_per_table_s": round(per_table_s, 4),
        "reflect_over_catalog": round(metadata_s / catalog_s, 2) if catalog_s else None,
        "per_table_over_catalog": round(per_table_s / catalog_s, 2) if catalog_s else None,
        "repeats": repeats,
    }
