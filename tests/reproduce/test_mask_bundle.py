"""`--mask` on a real bundle: the same rows and keys, personal values replaced by fakes of the same length that
keep uniqueness, the rest untouched, and the failure still reproduces."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.data import DataSnapshot, read_data
from harness.db import connect
from harness.engines import Server
from harness.inspect import read_schema
from harness.reproduce.dumpfile import read_dump
from harness.reproduce.load import load_dump
from harness.reproduce.mask import masked_column
from tests.reproduce.helpers import engine_url, run_reproduce


def _rows(server: Server, dump: Path) -> tuple[DataSnapshot, dict[str, dict[str, str]]]:
    database = server.create_database()
    try:
        load_dump(read_dump(dump), server.url(database))
        with connect(server.url(database)) as connection:
            schema = read_schema(connection)
            types = {t: {c: col.type for c, col in table.columns.items()} for t, table in schema.tables.items()}
            return read_data(connection, schema), types
    finally:
        server.drop_database(database)


@pytest.mark.parametrize("dialect", ["mysql", "postgresql"])
def test_masked_bundle_keeps_keys_lengths_and_uniqueness(
    dialect: str, request: pytest.FixtureRequest, nightingale_dump: dict[str, Path], tmp_path: Path
) -> None:
    server: Server = request.getfixturevalue("mariadb_server" if dialect == "mysql" else "postgresql_server")
    dump = nightingale_dump[dialect]
    plain, masked = tmp_path / "plain", tmp_path / "masked"
    for directory, extra in ((plain, ()), (masked, ("--mask",))):
        result = run_reproduce("--dump", str(dump), "--engine", engine_url(server), "--bundle", str(directory), *extra)
        assert result.exit_code == 1, result.stdout + result.stderr
        assert "replaying it reproduces the same failure" in result.stdout
    assert "masked columns:" in result.stdout

    before, types = _rows(server, plain / "dump.sql")
    after, _ = _rows(server, masked / "dump.sql")
    assert before.tables.keys() == after.tables.keys()
    changed = 0
    for name, table in before.tables.items():
        other = after.tables[name]
        assert table.rows.keys() == other.rows.keys(), f"{name}: the masked bundle has other keys"
        for column in table.columns:
            values = [row[column] for row in table.rows.values()]
            fakes = [other.rows[key][column] for key in table.rows]
            if name.startswith("schema_migrations") or not masked_column(column, types[name][column]):
                assert fakes == values, f"{name}.{column} changed but is not personal data"
                continue
            assert len(set(fakes)) == len(set(values)), f"{name}.{column}: uniqueness not kept"
            for value, fake in zip(values, fakes, strict=True):
                assert isinstance(value, str | None) and isinstance(fake, str | None)
                assert (value is None) == (fake is None)
                if value and any(c.isalnum() for c in value):
                    assert len(fake or "") == len(value) and fake != value, f"{name}.{column}: {value!r} kept"
                    changed += 1
    assert changed > 0, "the bundle held no personal value to mask"
    personal = [value for table in before.tables.values() for row in table.rows.values() for value in row.values()
                if isinstance(value, str) and "@" in value]
    masked_text = (masked / "dump.sql").read_text() + (masked / "README.md").read_text()
    assert not any(email in masked_text for email in personal)
