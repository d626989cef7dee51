"""Comparison by server-side chunk checksums, on real servers: it finds what the full row comparison finds, reports
it the same way, and reads no row where the checksums agree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Connection, text

from harness import data_checksums
from harness.data import (
    DataSnapshot,
    RowDifference,
    TableData,
    preserved_differences,
    read_data,
    read_table,
    snapshot_differences,
)
from harness.data_checksums import (
    ComparisonStats,
    LiveDatabase,
    TableRows,
    compare_equal,
    compare_preserved,
    fingerprint_database,
)
from harness.db import connect
from harness.engines import Server
from harness.inspect import Table, read_schema
from harness.volatile import VolatileColumns

ROWS = 60
VOLATILE = VolatileColumns(("items.stamped_at",))

SCHEMA = {
    "postgresql": [
        "CREATE TABLE items (id bigint PRIMARY KEY, name varchar(40) NOT NULL, note text, score double precision,"
        " payload json, digest bytea, stamped_at timestamp)",
        "CREATE TABLE pairs (owner int, label varchar(20), qty numeric(10,2), PRIMARY KEY (owner, label))",
        "CREATE TABLE tags (code varchar(20) PRIMARY KEY, doc jsonb)",
        "CREATE TABLE loose (a int, b varchar(10))",
    ],
    "mysql": [
        "CREATE TABLE items (id bigint PRIMARY KEY, name varchar(40) NOT NULL, note text, score double,"
        " payload json, digest varbinary(16), stamped_at datetime)",
        "CREATE TABLE pairs (owner int, label varchar(20), qty decimal(10,2), PRIMARY KEY (owner, label))",
        "CREATE TABLE tags (code varchar(20) PRIMARY KEY, doc json)",
        "CREATE TABLE loose (a int, b varchar(10))",
    ],
}


def _fill(connection: Connection) -> None:
    connection.execute(
        text("INSERT INTO items VALUES (:id, :name, :note, :score, :payload, :digest, :stamped)"),
        [
            {
                "id": i,
                "name": f"item-{i}",
                "note": None if i % 7 == 0 else f"note {i}",
                "score": i / 3,
                "payload": f'{{"n": {i}}}',
                "digest": bytes([i % 256, 0, 255]),
                "stamped": f"2024-06-01 12:{i % 60:02d}:00",
            }
            for i in range(1, ROWS + 1)
        ],
    )
    connection.execute(
        text("INSERT INTO pairs VALUES (:owner, :label, :qty)"),
        [{"owner": i % 10, "label": f"l{i}", "qty": f"{i}.50"} for i in range(ROWS)],
    )
    connection.execute(
        text("INSERT INTO tags VALUES (:code, :doc)"), [{"code": f"t-{i:03d}", "doc": f"[{i}]"} for i in range(ROWS)]
    )
    # Rows repeat in a table without a key.
    loose = [{"a": i % 20, "b": f"b{i % 20}"} for i in range(ROWS)]
    connection.execute(text("INSERT INTO loose VALUES (:a, :b)"), loose)
    for table in ("items", "pairs", "tags", "loose"):
        connection.execute(text(f"ANALYZE {'TABLE ' if connection.dialect.name != 'postgresql' else ''}{table}"))


@dataclass(frozen=True)
class Pair:
    server: Server
    before: str
    after: str

    def live(self, name: str) -> LiveDatabase:
        with connect(self.server.url(name)) as connection:
            return LiveDatabase(self.server.url(name), read_schema(connection))

    def change(self, *statements: str) -> None:
        with connect(self.server.url(self.after)) as connection:
            for statement in statements:
                connection.execute(text(statement))
            connection.commit()

    def full_preserved(self, declared: frozenset[str] = frozenset()) -> list[RowDifference]:
        return preserved_differences(self._read(self.before), self._read(self.after), declared, VOLATILE)

    def full_equal(self) -> list[RowDifference]:
        return snapshot_differences(self._read(self.before), self._read(self.after), VOLATILE)

    def _read(self, name: str) -> DataSnapshot:
        with connect(self.server.url(name)) as connection:
            return read_data(connection, read_schema(connection))


@pytest.fixture
def pair(server: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[Pair]:
    monkeypatch.setattr(data_checksums, "CHUNK_ROWS", 10)  # several chunks per table at a test's size
    names = [server.create_database(), server.create_database()]
    try:
        for name in names:
            with connect(server.url(name)) as connection:
                for statement in SCHEMA[server.dialect]:
                    connection.execute(text(statement))
                _fill(connection)
                connection.commit()
        yield Pair(server, names[0], names[1])
    finally:
        for name in names:
            server.drop_database(name)


def _both(pair: Pair, declared: frozenset[str] = frozenset()) -> tuple[list[RowDifference], ComparisonStats]:
    """The checksum comparison of the pair, asserted to give exactly what the full read gives (both modes)."""
    preserved = compare_preserved(pair.live(pair.before), pair.live(pair.after), declared, VOLATILE)
    assert preserved.differences == pair.full_preserved(declared)
    equal = compare_equal(pair.live(pair.before), pair.live(pair.after), VOLATILE)
    assert equal.differences == pair.full_equal()
    return preserved.differences, preserved.stats


def test_equal_databases_differ_nowhere_and_no_row_is_fetched(pair: Pair) -> None:
    differences, stats = _both(pair)
    assert differences == []
    assert stats.chunks_compared > 4  # chunked, not compared whole
    assert (stats.chunks_fetched, stats.rows_fetched, stats.tables_read_whole) == (0, 0, [])


def test_one_changed_value_fetches_one_chunk_and_names_the_row(pair: Pair) -> None:
    pair.change("UPDATE items SET name = 'renamed' WHERE id = 17")
    [difference], stats = _both(pair)
    assert difference.render() == "items [17] name: before 'item-17', after 'renamed'"
    assert stats.chunks_fetched == 1
    assert stats.rows_fetched <= 2 * 10 + 2


def test_a_deleted_row_is_missing_and_an_inserted_row_is_allowed_only_when_preserving(pair: Pair) -> None:
    pair.change("DELETE FROM items WHERE id = 5")
    [missing], _ = _both(pair)
    assert missing.render() == "items [5]: row missing after the upgrade"
    pair.change("INSERT INTO items (id, name) VALUES (1000, 'new')")
    differences, _ = _both(pair)
    assert differences == [missing]  # new rows are what upgrades add
    extra = compare_equal(pair.live(pair.before), pair.live(pair.after), VOLATILE).differences
    assert [d.render_between("before", "after") for d in extra] == [
        "items [5]: row only on before",
        "items [1000]: row only on after",
    ]


def test_null_and_empty_text_differ(pair: Pair) -> None:
    pair.change("UPDATE items SET note = '' WHERE id = 14")  # 14 % 7 == 0: it was NULL
    [difference], _ = _both(pair)
    assert (difference.key, difference.column, difference.before, difference.after) == ((14,), "note", None, "")


def test_a_volatile_column_compares_by_kind_and_null(pair: Pair) -> None:
    pair.change("UPDATE items SET stamped_at = '2031-01-01 00:00:00'")
    differences, stats = _both(pair)
    assert differences == [] and stats.chunks_fetched == 0
    pair.change("UPDATE items SET stamped_at = NULL WHERE id = 3")
    [lost], _ = _both(pair)
    assert (lost.key, lost.column, lost.before, lost.after) == ((3,), "stamped_at", "<volatile timestamp>", None)


def test_a_table_without_a_key_keeps_its_repeated_rows_apart(pair: Pair) -> None:
    differences, stats = _both(pair)
    assert differences == [] and stats.chunks_fetched == 0
    pair.change("DELETE FROM loose WHERE a = 4", "INSERT INTO loose VALUES (4, 'b4'), (4, 'b4')")  # 3 rows -> 2
    [missing], _ = _both(pair)
    assert missing.render() == "loose [4, 'b4', 2]: row missing after the upgrade"


def test_composite_and_text_keys_and_binary_json_float_decimal_values(pair: Pair) -> None:
    pair.change(
        "UPDATE pairs SET qty = 99.25 WHERE owner = 3 AND label = 'l13'",
        "UPDATE tags SET doc = '[1, 2]' WHERE code = 't-007'",
        "UPDATE items SET score = 0.5 WHERE id = 30",
        "UPDATE items SET payload = '{\"n\": -1}' WHERE id = 31",
    )
    digest = "'\\x00'::bytea" if pair.server.dialect == "postgresql" else "X'00'"
    pair.change(f"UPDATE items SET digest = {digest} WHERE id = 32")
    differences, stats = _both(pair)
    assert sorted((d.table, d.key, d.column) for d in differences) == [
        ("items", (30,), "score"),
        ("items", (31,), "payload"),
        ("items", (32,), "digest"),
        ("pairs", (3, "l13"), "qty"),
        ("tags", ("t-007",), "doc"),
    ]
    assert stats.tables_read_whole == []


def test_declared_changes_and_dropped_columns_as_the_row_comparison_sees_them(pair: Pair) -> None:
    drop = "ALTER TABLE items DROP COLUMN note"
    pair.change(drop, "UPDATE tags SET doc = NULL", "ALTER TABLE pairs ADD COLUMN extra int DEFAULT 1")
    differences, _ = _both(pair, frozenset({"tags.doc"}))
    assert [d.render() for d in differences] == ["items [] note: before 'column with data', after 'column dropped'"]


def test_a_type_of_another_kind_is_compared_row_by_row(pair: Pair) -> None:
    alter = {
        "postgresql": "ALTER TABLE pairs ALTER COLUMN owner TYPE varchar(10)",
        "mysql": "ALTER TABLE pairs MODIFY owner varchar(10)",
    }[pair.server.dialect]
    pair.change(alter)
    differences, stats = _both(pair)
    assert stats.tables_read_whole == ["pairs"]
    assert differences  # 3 and '3' are different values to the row comparison, so to this one too


def test_a_stored_fingerprint_spares_a_second_scan(pair: Pair) -> None:
    before = pair.live(pair.before)
    with connect(before.url) as connection:
        store = fingerprint_database(connection, before.schema, VOLATILE)
    stored = LiveDatabase(before.url, before.schema, store)
    pair.change("UPDATE tags SET doc = '{}' WHERE code = 't-001'")
    comparison = compare_preserved(stored, pair.live(pair.after), frozenset(), VOLATILE)
    assert comparison.differences == pair.full_preserved()
    assert comparison.stats.fingerprints_computed == len(before.schema.tables)  # the upgraded side's only


def test_invariants_read_only_the_tables_they_ask_for(pair: Pair, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []

    def counting(connection: Connection, table: Table, *args: Any) -> TableData:
        read.append(table.name)
        return read_table(connection, table, *args)

    monkeypatch.setattr(data_checksums, "read_table", counting)
    rows = TableRows(pair.live(pair.before))
    assert "items" in rows and "absent" not in rows
    assert len(rows["tags"]) == ROWS
    assert read == ["tags"]
