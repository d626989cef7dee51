"""When the offending rows alone do not reproduce the failure, the rows it needs are found by delta debugging,
each candidate checked by a real upgrade; the bundle keeps exactly those rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.engines import Server
from tests.reproduce.helpers import engine_url, run_reproduce

TABLES = """CREATE TABLE hosts (id int PRIMARY KEY, name varchar(32) NOT NULL);
CREATE TABLE watches (id int PRIMARY KEY, host_id int NOT NULL);
CREATE TABLE audit (id int PRIMARY KEY, note varchar(32) NOT NULL);
"""
# v1.1.0 flags every watched host in the audit table; the customer's audit already has a row with a host's id.
UPGRADE = """-- migrator:step
INSERT INTO audit (id, note) SELECT id, 'watched' FROM hosts WHERE id IN (SELECT host_id FROM watches);
-- migrator:undo
DELETE FROM audit WHERE note = 'watched';
"""
ROWS = (
    "INSERT INTO hosts VALUES " + ", ".join(f"({i}, 'host-{i:02d}')" for i in range(1, 21)) + ";\n"
    "INSERT INTO watches VALUES " + ", ".join(f"({100 + i}, {i})" for i in range(1, 11)) + ";\n"
    "INSERT INTO audit VALUES (5, 'manual check'), (30, 'manual check');\n"
)
HEADERS = {"mysql": "-- MySQL dump 10.13\n", "postgresql": "--\n-- PostgreSQL database dump\n--\n"}


def _history(root: Path) -> Path:
    root.mkdir()
    (root / "scenario.toml").write_text('name = "watch"\nmigrations = "migrations"\nrunner = "migrator"\n')
    for version, upgrade in (("v1.0.0", None), ("v1.1.0", UPGRADE)):
        directory = root / "migrations" / version
        directory.mkdir(parents=True)
        for dialect in ("mysql", "postgresql"):
            (directory / f"{dialect}.install.sql").write_text(TABLES)
            if upgrade:
                (directory / f"{dialect}.upgrade.sql").write_text(upgrade)
    return root


@pytest.mark.parametrize("dialect", ["mysql", "postgresql"])
def test_rows_the_failure_needs_beyond_the_offending_ones_are_kept(
    dialect: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    server: Server = request.getfixturevalue("mariadb_server" if dialect == "mysql" else "postgresql_server")
    scenario = _history(tmp_path / "watch")
    dump = tmp_path / "customer.sql"
    dump.write_text(HEADERS[dialect] + TABLES + ROWS)
    bundle = tmp_path / "bundle"
    result = run_reproduce("--dump", str(dump), "--engine", engine_url(server), "--scenario", str(scenario),
                           "--bundle", str(bundle))
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "version v1.0.0: no version table in the dump; the schema matches its fresh install exactly" in (
        result.stdout)
    assert "hosts id=5 note='watched': duplicate (id) under unique key" in result.stdout
    assert "3 of 32 rows kept (delta debugging over tables and rows" in result.stdout
    assert "replaying it reproduces the same failure" in result.stdout
    data = (bundle / "dump.sql").read_text()
    assert "'host-05'" in data and "'host-04'" not in data
    assert "(105, 5)" in data and "(104, 4)" not in data
    assert "'manual check'" in data and "(30, " not in data
