"""The online checks never measure blind or unbounded: a server that hides row-lock waits fails the case with the
reason, and every workload statement is stopped at the query timeout, also where the server bounds SELECTs only."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from harness.db import connect
from harness.engines import Server
from harness.engines.local_mysql import find_install, start
from harness.engines.specs import parse_spec
from harness.online.params import ParamValues
from harness.online.sampler import LockSampler
from harness.online.server_activity import LockWaitsUnseen, online_dialect
from harness.online.workers import WorkloadWorkers
from harness.online.workload import WorkloadQuery


@pytest.fixture(scope="module")
def mysql_without_performance_schema() -> Iterator[Server]:
    if find_install("9.7") is None:
        pytest.skip("no local MySQL 9.7 (build one with .ci/build-mysql-rootfs)")
    server = start(parse_spec("mysql@9.7:local"), options=("--performance-schema=OFF",))
    try:
        yield server
    finally:
        server.stop()


def test_a_server_hiding_row_lock_waits_fails_the_sampler_with_the_reason(
    mysql_without_performance_schema: Server,
) -> None:
    server = mysql_without_performance_schema
    name = server.create_database()
    try:
        sampler = LockSampler(server.url(name), online_dialect(server.dialect), 0.02, lambda session: None)
        with pytest.raises(LockWaitsUnseen, match="performance_schema is off") as caught, sampler.running():
            time.sleep(0.5)
        assert "--performance-schema=ON" in str(caught.value)
    finally:
        server.drop_database(name)


def test_the_row_lock_source_matches_the_server(scratch_database: tuple[Server, str]) -> None:
    server, name = scratch_database
    if server.dialect != "mysql":
        pytest.skip("row-lock views are a MySQL-family question")
    dialect = online_dialect(server.dialect)
    assert hasattr(dialect, "row_lock_source")
    with connect(server.url(name), autocommit=True) as connection:
        source = dialect.row_lock_source(connection)
    mysql_8_or_later = "mariadb" not in server.server_version.lower() and not server.server_version.startswith("5.")
    assert source == ("performance_schema" if mysql_8_or_later else "information_schema")


@pytest.mark.parametrize("statement", ["UPDATE slow SET x = x + SLEEP(20) WHERE id = 1", "DO SLEEP(20)"])
def test_a_workload_statement_past_the_timeout_is_stopped(
    scratch_database: tuple[Server, str], statement: str
) -> None:
    server, name = scratch_database
    if server.dialect == "postgresql":
        statement = statement.replace("SLEEP(20)", "0 * pg_sleep(20)::text::int").replace("DO 0 * ", "SELECT ")
    url = server.url(name)
    with connect(url, autocommit=True) as setup:
        setup.execute(text("CREATE TABLE slow (id int PRIMARY KEY, x int NOT NULL)"))
        setup.execute(text("INSERT INTO slow (id, x) VALUES (1, 0)"))
    query = WorkloadQuery("slow", statement)
    workers = WorkloadWorkers(
        url, online_dialect(server.dialect), (query,), ParamValues({}), workers=1, think_s=0.0, timeout_s=1.0
    )
    started = time.monotonic()
    with workers.running():
        while not workers.runs and time.monotonic() - started < 30:
            time.sleep(0.05)
    assert workers.runs, "the statement was never stopped"
    first = workers.runs[0]
    assert 0.9 <= first.seconds < 5, first
