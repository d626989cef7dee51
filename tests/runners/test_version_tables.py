"""Where other tools record their version, read on real servers from tables shaped the way those tools create them;
and a `version_query` for a runner that keeps its version somewhere of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness.db import connect
from harness.engines import Server
from harness.runners.command_runner import CommandRunner
from harness.runners.version_tables import ALEMBIC, ATLAS, LIQUIBASE, Recorded, VersionTable

TIMESTAMP = {"postgresql": "timestamp", "mysql": "datetime"}

TABLES: dict[str, tuple[VersionTable, list[str], Recorded, list[tuple[str, ...]]]] = {
    "alembic": (
        ALEMBIC,
        ["CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY)",
         "INSERT INTO alembic_version VALUES ('3f2a9c1d7e44')"],
        Recorded("3f2a9c1d7e44"),
        [("3f2a9c1d7e44",)],
    ),
    "liquibase": (
        LIQUIBASE,
        ["CREATE TABLE {changelog} (ID varchar(255) NOT NULL, AUTHOR varchar(255) NOT NULL, "
         "FILENAME varchar(255) NOT NULL, DATEEXECUTED {ts} NOT NULL, ORDEREXECUTED int NOT NULL, "
         "EXECTYPE varchar(10) NOT NULL, MD5SUM varchar(35), DESCRIPTION varchar(255), COMMENTS varchar(255), "
         "TAG varchar(255), LIQUIBASE varchar(20), CONTEXTS varchar(255), LABELS varchar(255), "
         "DEPLOYMENT_ID varchar(10))",
         "INSERT INTO {changelog} (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM) VALUES "
         "('create-users', 'ana', 'db/changelog.xml', CURRENT_TIMESTAMP, 1, 'EXECUTED', '9:aa'), "
         "('add-email-index', 'ben', 'db/changelog.xml', CURRENT_TIMESTAMP, 2, 'EXECUTED', '9:bb')"],
        Recorded("add-email-index"),
        [("create-users", "ana", "db/changelog.xml", "EXECUTED", "9:aa", ""),
         ("add-email-index", "ben", "db/changelog.xml", "EXECUTED", "9:bb", "")],
    ),
    "atlas": (
        ATLAS,
        ["CREATE TABLE atlas_schema_revisions (version varchar(255) NOT NULL PRIMARY KEY, "
         "description varchar(255) NOT NULL, type bigint NOT NULL DEFAULT 2, applied bigint NOT NULL DEFAULT 0, "
         "total bigint NOT NULL DEFAULT 0, executed_at {ts} NOT NULL, execution_time bigint NOT NULL, "
         "error text NULL, error_stmt text NULL, hash varchar(255) NOT NULL, partial_hashes text NULL, "
         "operator_version varchar(255) NOT NULL)",
         "INSERT INTO atlas_schema_revisions (version, description, type, applied, total, executed_at, "
         "execution_time, hash, operator_version) VALUES "
         "('20240105093000', 'init', 2, 3, 3, CURRENT_TIMESTAMP, 1200, 'h1', 'v0.25'), "
         "('20240312141500', 'add_orders', 2, 1, 4, CURRENT_TIMESTAMP, 800, 'h2', 'v0.25')"],
        Recorded("20240312141500", "partial 1/4"),
        [("20240105093000", "init", "2", "3", "3", "h1"), ("20240312141500", "add_orders", "2", "1", "4", "h2")],
    ),
}


@pytest.mark.parametrize("tool", list(TABLES))
def test_known_version_tables_are_read(tool: str, scratch_database: tuple[Server, str]) -> None:
    server, database = scratch_database
    table, statements, recorded, rows = TABLES[tool]
    # Liquibase creates upper-case names on MySQL, lower-case ones (unquoted) on PostgreSQL
    changelog = "DATABASECHANGELOG"
    with connect(server.url(database)) as connection:
        assert table.current(connection) == Recorded(None)
        for statement in statements:
            connection.exec_driver_sql(statement.format(changelog=changelog, ts=TIMESTAMP[server.dialect]))
        connection.commit()
        assert table.current(connection) == recorded
        assert table.all_rows(connection) == rows
    assert recorded.label == ("20240312141500 (partial 1/4)" if tool == "atlas" else recorded.version)


def test_a_version_query_reads_a_runners_own_record(
    scratch_database: tuple[Server, str], golang_history: Path, command_runner: Callable[..., CommandRunner]
) -> None:
    server, database = scratch_database
    url = server.url(database)
    runner = command_runner(
        golang_history, version_table=None, status=None,
        version_query="SELECT version FROM schema_migrations WHERE NOT dirty",
    )
    outcome = runner.install(url, "4")
    assert outcome.ok, outcome.error
    assert outcome.applied == ("1", "2", "3", "4")
    assert runner.current_version(url) == "4"
    assert runner.version_rows(url) == [("4",)]
