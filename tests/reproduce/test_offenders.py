"""The offending rows of each kind of failing statement, looked up on real servers (both dialects)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection

from harness.db import connect
from harness.engines import Server
from harness.inspect import read_schema
from harness.reproduce.diagnosis import Diagnosis
from harness.reproduce.offenders import find_offenders
from harness.reproduce.problem import parse_problem

TABLES = {
    "mysql": [
        "CREATE TABLE hosts (id int PRIMARY KEY, ident varchar(64) NOT NULL, grp int, phone varchar(64), "
        "flag varchar(8)) COLLATE utf8mb4_general_ci",
        "CREATE TABLE groups_ (id int PRIMARY KEY, name varchar(64))",
        "CREATE TABLE links (id int AUTO_INCREMENT PRIMARY KEY, ident varchar(64) NOT NULL, grp int NOT NULL, "
        "UNIQUE KEY uq_links (ident, grp))",
    ],
    "postgresql": [
        "CREATE TABLE hosts (id int PRIMARY KEY, ident varchar(64) NOT NULL, grp int, phone varchar(64), "
        "flag varchar(8))",
        "CREATE TABLE groups_ (id int PRIMARY KEY, name varchar(64))",
        "CREATE TABLE links (id serial PRIMARY KEY, ident varchar(64) NOT NULL, grp int NOT NULL, "
        "CONSTRAINT uq_links UNIQUE (ident, grp))",
    ],
}
ROWS = [
    "INSERT INTO groups_ VALUES (1, 'ops'), (2, 'db')",
    "INSERT INTO hosts VALUES (1, 'web-01', 1, '+86 138 0000 0001', '1'), (2, 'Web-01', 1, '12', 'yes'), "
    "(3, 'db-01', NULL, '+86 138 0000 0000 ext. 12345', '0'), (4, 'db-02', 9, NULL, 'true'), "
    "(5, 'web-01', 2, '', NULL), (6, 'web-01', 1, '', '1')",
]
# What each dialect spells differently in the statements below.
CAST = {"mysql": "MODIFY flag int", "postgresql": "ALTER COLUMN flag TYPE int USING flag::int"}
NOT_NULL = {"mysql": "MODIFY phone varchar(64) NOT NULL", "postgresql": "ALTER COLUMN phone SET NOT NULL"}
NARROW = {"mysql": "MODIFY phone varchar(16)", "postgresql": "ALTER COLUMN phone TYPE varchar(16)"}


@pytest.fixture
def database(scratch_database: tuple[Server, str]) -> Iterator[tuple[str, Connection]]:
    server, name = scratch_database
    with connect(server.url(name), autocommit=True) as connection:
        for statement in [*TABLES[server.dialect], *ROWS]:
            connection.exec_driver_sql(statement)
    with connect(server.url(name)) as connection:
        yield server.dialect, connection


def _diagnose(connection: Connection, statement: str) -> Diagnosis:
    return find_offenders(connection, read_schema(connection), parse_problem(statement))


def _keys(diagnosis: Diagnosis) -> list[int]:
    return sorted(int(str(row.key["id"])) for row in diagnosis.rows)


def test_duplicates_blocking_a_unique_index(database: tuple[str, Connection]) -> None:
    dialect, connection = database
    diagnosis = _diagnose(connection, "CREATE UNIQUE INDEX uq_hosts_ident ON hosts (ident)")
    # MySQL's case-insensitive collation makes Web-01 a duplicate of web-01 too, as the index build would.
    assert _keys(diagnosis) == ([1, 2, 5, 6] if dialect == "mysql" else [1, 5, 6])
    assert all(row.reason == "duplicate (ident)" for row in diagnosis.rows)


def test_nulls_blocking_not_null(database: tuple[str, Connection]) -> None:
    dialect, connection = database
    diagnosis = _diagnose(connection, f"ALTER TABLE hosts {NOT_NULL[dialect]}")
    assert _keys(diagnosis) == [4]
    assert "NULL, but the column becomes NOT NULL" in diagnosis.rows[0].reason


def test_values_too_long_for_a_narrowed_column(database: tuple[str, Connection]) -> None:
    dialect, connection = database
    diagnosis = _diagnose(connection, f"ALTER TABLE hosts {NARROW[dialect]}")
    assert _keys(diagnosis) == [1, 3]
    assert diagnosis.rows[1].reason.startswith("28 characters, longer than the 16 characters")


def test_values_a_type_conversion_rejects(database: tuple[str, Connection]) -> None:
    dialect, connection = database
    diagnosis = _diagnose(connection, f"ALTER TABLE hosts {CAST[dialect]}")
    assert _keys(diagnosis) == [2, 4]
    assert {row.values["flag"] for row in diagnosis.rows} == {"yes", "true"}
    assert all("rejects it" in row.reason for row in diagnosis.rows)


def test_copied_rows_colliding_under_the_target_unique_key(database: tuple[str, Connection]) -> None:
    dialect, connection = database
    diagnosis = _diagnose(
        connection, "INSERT INTO links (ident, grp) SELECT ident, grp FROM hosts WHERE grp IS NOT NULL"
    )
    # (web-01, 1) twice everywhere; (Web-01, 1) is the same key too under MySQL's case-insensitive collation.
    assert _keys(diagnosis) == ([1, 2, 6] if dialect == "mysql" else [1, 6])
    assert all("duplicate (ident, grp) under unique key" in row.reason for row in diagnosis.rows)


def test_rows_without_their_referenced_row(database: tuple[str, Connection]) -> None:
    _, connection = database
    diagnosis = _diagnose(
        connection, "ALTER TABLE hosts ADD CONSTRAINT fk_hosts_group FOREIGN KEY (grp) REFERENCES groups_ (id)"
    )
    assert _keys(diagnosis) == [4]


def test_an_unrecognised_statement_names_no_rows(database: tuple[str, Connection]) -> None:
    _, connection = database
    diagnosis = _diagnose(connection, "DROP TABLE hosts")
    assert diagnosis.rows == ()
    assert "no kind whose offending rows can be looked up" in diagnosis.headline
