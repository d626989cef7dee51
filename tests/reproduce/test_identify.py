"""Identifying the dump's version when the version table is missing or lies: the closest version and the drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.engines import Server
from tests.reproduce.helpers import engine_url, run_reproduce
from tests.reproduce.variants import with_recorded_version, without_version_table

# The fixture's version, a later version to lie about, and a difference between the two the report must show.
VERSIONS = {
    "mysql": ("v6.7.3", "v7.1.0", "missing column target.os"),
    "postgresql": ("v7.2.0", "v7.4.0", "missing table target_busi_group"),
}
CUSTOMER_CHANGES = {
    # A column and a table the customer added by hand, as drift the fingerprint must report exactly.
    "mysql": "ALTER TABLE `users` ADD COLUMN `department` varchar(64) DEFAULT NULL;\n"
             "CREATE TABLE `local_notes` (`id` bigint NOT NULL, `body` text, PRIMARY KEY (`id`));\n",
    "postgresql": "ALTER TABLE public.users ADD COLUMN department character varying(64);\n"
                  "CREATE TABLE public.local_notes (id bigint PRIMARY KEY, body text);\n",
}


@pytest.fixture(params=["mysql", "postgresql"])
def dialect_server(request: pytest.FixtureRequest) -> tuple[str, Server]:
    fixture = "mariadb_server" if request.param == "mysql" else "postgresql_server"
    return str(request.param), request.getfixturevalue(fixture)


def test_without_a_version_table_the_closest_version_is_stamped_and_the_drift_listed(
    dialect_server: tuple[str, Server], nightingale_dump: dict[str, Path], tmp_path: Path
) -> None:
    dialect, server = dialect_server
    old = VERSIONS[dialect][0]
    dump = without_version_table(nightingale_dump[dialect], tmp_path / "no-version-table.sql",
                                 CUSTOMER_CHANGES[dialect])
    result = run_reproduce("--dump", str(dump), "--engine", engine_url(server))
    assert result.exit_code == 1, result.stdout + result.stderr
    assert f"version {old}: no version table in the dump; the schema is closest to it (" in result.stdout
    assert "extra column users.department (varchar(64)" in result.stdout.replace("character varying", "varchar")
    assert "extra table local_notes (2 columns)" in result.stdout
    assert "the version is stamped before upgrading" in result.stdout
    assert "FAILED at " in result.stdout


def test_a_lying_version_table_is_reported_with_the_version_the_schema_matches(
    dialect_server: tuple[str, Server], nightingale_dump: dict[str, Path], tmp_path: Path
) -> None:
    dialect, server = dialect_server
    old, lie, difference = VERSIONS[dialect]
    dump = with_recorded_version(nightingale_dump[dialect], tmp_path / "lying.sql", old, lie)
    result = run_reproduce("--dump", str(dump), "--engine", engine_url(server))
    assert result.exit_code == 1, result.stdout + result.stderr
    assert f"version {lie} according to the version table, but the schema is closest to {old}" in result.stdout
    assert f"differences from the fresh install of {lie}:" in result.stdout
    assert difference in result.stdout
