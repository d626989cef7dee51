"""Offending rows across tables whose text columns have different collations (MySQL family): the lookups compare
values as the receiving column does, instead of failing with `Illegal mix of collations`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection

from harness.db import connect
from harness.engines import Server
from harness.inspect import read_schema
from harness.reproduce.offenders import find_offenders
from harness.reproduce.problem import parse_problem

TABLES = [
    # Source rows in a case- and accent-insensitive collation; targets in other ones.
    "CREATE TABLE hosts (id int PRIMARY KEY, ident varchar(64) NOT NULL, grp varchar(16)) "
    "CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
    "CREATE TABLE links (id int AUTO_INCREMENT PRIMARY KEY, ident varchar(64) NOT NULL, UNIQUE KEY uq_ident (ident)) "
    "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
    "CREATE TABLE groups_ (name varchar(16) PRIMARY KEY) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
    "INSERT INTO groups_ VALUES ('ops'), ('db')",
    "INSERT INTO hosts VALUES (1, 'web-01', 'ops'), (2, 'Web-01', 'OPS'), (3, 'db-01', 'db'), (4, 'db-02', 'dev'), "
    "(5, 'web-01', NULL)",
    "INSERT INTO links (ident) VALUES ('db-01')",
]


@pytest.fixture
def connection(scratch_database: tuple[Server, str]) -> Iterator[Connection]:
    server, name = scratch_database
    if server.dialect != "mysql":
        pytest.skip("column collations that cannot be compared implicitly are a MySQL-family matter")
    with connect(server.url(name), autocommit=True) as setup:
        for statement in TABLES:
            setup.exec_driver_sql(statement)
    with connect(server.url(name)) as connection:
        yield connection


def _keys(connection: Connection, statement: str) -> list[int]:
    diagnosis = find_offenders(connection, read_schema(connection), parse_problem(statement))
    return sorted(int(str(row.key["id"])) for row in diagnosis.rows)


def test_copied_rows_are_keyed_by_the_target_collation(connection: Connection) -> None:
    # utf8mb4_bin tells 'web-01' from 'Web-01'; 'db-01' is in links already.
    assert _keys(connection, "INSERT INTO links (ident) SELECT ident FROM hosts") == [1, 3, 5]


def test_references_are_looked_up_by_the_referenced_collation(connection: Connection) -> None:
    # 'OPS' matches 'ops' under the referenced column's case-insensitive collation; 'dev' has no group.
    statement = "ALTER TABLE hosts ADD CONSTRAINT fk_group FOREIGN KEY (grp) REFERENCES groups_ (name)"
    assert _keys(connection, statement) == [4]
