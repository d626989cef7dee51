"""Names that are reserved words of the server (MySQL 9 added `external`, `library`, `tablesample`) are quoted
wherever the harness writes them into SQL: explore's inserts, reproduce's diagnostic queries and exported rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from harness.engines import Server
from harness.engines.ops import quote_identifier
from harness.faults.explore_driver import insert_rows
from harness.inspect import read_schema
from harness.reproduce.export import RowSource, insert_statements
from harness.reproduce.querying import column_list_sql, fetch, quote

# Reserved on MySQL 9.x (tests/engines/test_local_mysql.py checks the server's list), unknown to SQLAlchemy's
# MySQL list; `select`/`order` are reserved everywhere.
COLUMNS = ("external", "library", "tablesample", "order")
TABLE = "select"


@pytest.fixture
def connection(scratch_database: tuple[Server, str]) -> Iterator[Connection]:
    server, name = scratch_database
    engine = create_engine(server.url(name), poolclass=NullPool)
    try:
        with engine.begin() as connection:
            columns = ", ".join(f"{quote_identifier(connection, c)} varchar(20)" for c in COLUMNS)
            connection.exec_driver_sql(
                f"CREATE TABLE {quote_identifier(connection, TABLE)} (id int PRIMARY KEY, {columns})"
            )
            yield connection
    finally:
        engine.dispose()


def test_explore_inserts_into_reserved_names(connection: Connection) -> None:
    drawn = {TABLE: [{"id": 1, **{c: f"{c}-1" for c in COLUMNS}}, {"id": 2, **{c: None for c in COLUMNS}}]}
    assert insert_rows(connection, drawn) == 2
    found = fetch(connection, f"SELECT id, {column_list_sql(connection, COLUMNS)} FROM {quote(connection, TABLE)} "
                              "ORDER BY id")
    assert found == [{"id": 1, **{c: f"{c}-1" for c in COLUMNS}}, {"id": 2, **{c: None for c in COLUMNS}}]


def test_exported_rows_of_reserved_names_load_again(connection: Connection) -> None:
    insert_rows(connection, {TABLE: [{"id": 7, **{c: c.upper() for c in COLUMNS}}]})
    table = read_schema(connection).tables[TABLE]
    dialect = "postgresql" if connection.dialect.name == "postgresql" else "mysql"
    statements, count = insert_statements(RowSource(connection), table, dialect)
    assert count == 1
    connection.exec_driver_sql(f"DELETE FROM {quote(connection, TABLE)}")
    connection.exec_driver_sql(statements.rstrip().rstrip(";"))
    again = fetch(connection, f"SELECT {column_list_sql(connection, COLUMNS)} FROM {quote(connection, TABLE)}")
    assert again == [{c: c.upper() for c in COLUMNS}]

