"""Data comparison that scales: the server checksums each chunk of a table, rows are fetched only where chunks differ.

In the manner of pt-table-checksum: each table is cut into chunks (ranges of an integer primary key, buckets of a
hash of any other key, the whole table when it is small), and the server returns, per chunk, the number of rows and
the sum of a hash of each row. Chunks whose numbers agree on both sides hold the same rows; the rows of the chunks
that differ are read from both sides and compared by the row-level comparison of harness/data.py, so a difference is
reported exactly as a full read would report it (table, key, column, before and after).

What a row's hash covers is what the row comparison compares: the columns both sides have (minus the declared
changes), and a volatile column (harness/volatile.py) by NULL-ness and kind, not by value. Each side is checksummed
on its own server and the numbers are compared here, so the two sides may live on different servers, but they must
be the same engine and version: a value's text (and so its hash) differs between engines. Between different
engines, and for a table whose key or column kinds differ between the sides, the comparison reads the rows.

Equal checksums mean equal rows up to a hash collision inside one chunk: on PostgreSQL each row hash is 64 bits
(`hash_record_extended`), so a differing chunk goes unnoticed with odds of about 2^-64; on the MySQL family each row
hash is CRC32 over the row's values joined by CHAR(31) with a NULL marker per column (pt-table-checksum's default),
odds about 2^-32 per differing chunk, and a value that itself holds CHAR(31) could trade text with its neighbour
unnoticed. Sums rather than XOR combine the row hashes, so two equal rows of a table without a key do not cancel
out, and rows that trade values stay visible even though CRC32 is linear.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL

from harness.data import (
    DataSnapshot,
    Row,
    RowDifference,
    TableData,
    preserved_differences,
    read_table,
    snapshot_differences,
)
from harness.db import connect
from harness.dialects import Dialect, dialect_of, quote_identifier
from harness.inspect import Column, Schema, Table

if TYPE_CHECKING:
    from harness.volatile import VolatileColumns

CHUNK_ROWS = 1000
"""Rows per chunk: a difference costs reading this many rows from each side."""

BATCH_TABLES = 100
"""Tables checksummed by one statement."""

WHOLE_TABLE_SHARE = 0.25
"""When more than this share of a table's chunks differ, its rows are read in one query per side."""


@dataclass(frozen=True)
class Chunking:
    """How a table's rows are cut into chunks: by `key // width` (an integer key), by a hash of the key modulo
    `buckets`, or not at all (`buckets == 1`). The same chunking is applied to both sides."""

    key: tuple[str, ...]
    width: int = 0
    buckets: int = 1

    @property
    def whole_table(self) -> bool:
        return self.width == 0 and self.buckets == 1


@dataclass(frozen=True)
class TableFingerprint:
    """Per chunk of one table: (rows, sum of the rows' hashes) over `columns`, volatile ones hashed by kind."""

    table: str
    columns: tuple[str, ...]
    volatile: tuple[str, ...]
    chunking: Chunking
    chunks: Mapping[int, tuple[int, int]]

    @property
    def rows(self) -> int:
        return sum(count for count, _ in self.chunks.values())


@dataclass
class FingerprintStore:
    """Fingerprints of one database, kept (say with a seeded snapshot) so a later comparison need not scan it again.
    Keyed by table, hashed columns and volatile columns; a fingerprint is reused only with its own chunking."""

    fingerprints: dict[tuple[str, tuple[str, ...], tuple[str, ...]], TableFingerprint] = field(default_factory=dict)

    def get(self, table: str, columns: tuple[str, ...], volatile: tuple[str, ...]) -> TableFingerprint | None:
        return self.fingerprints.get((table, columns, volatile))

    def put(self, fingerprint: TableFingerprint) -> None:
        self.fingerprints[(fingerprint.table, fingerprint.columns, fingerprint.volatile)] = fingerprint


@dataclass(frozen=True)
class LiveDatabase:
    """A database to compare: where it is, its schema (runner tables left out) and, optionally, stored
    fingerprints of it that stay valid (a seeded template is never written to)."""

    url: URL
    schema: Schema
    store: FingerprintStore | None = None


@dataclass
class ComparisonStats:
    """What a comparison read: how many chunks it compared and fetched, how many rows it fetched, which tables it
    had to read whole (their key or column kinds differ between the sides, or the engines differ)."""

    chunks_compared: int = 0
    chunks_fetched: int = 0
    rows_fetched: int = 0
    fingerprints_computed: int = 0
    tables_read_whole: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DataComparison:
    differences: list[RowDifference]
    stats: ComparisonStats


Mode = Literal["preserved", "equal"]


# ---- the SQL of each dialect -------------------------------------------------------------------------------------


class ChecksumSql(Protocol):
    """What differs between dialects in a checksum query."""

    def family(self, column: Column) -> str:
        """The kind of value a column type holds; equal text of two values of one family means equal values."""
        ...

    def is_integer(self, column: Column) -> bool: ...

    def value(self, quoted: str, column: Column, volatile: bool) -> str:
        """The expression a column enters a row's hash as."""
        ...

    def row_hash(self, values: Sequence[str]) -> str: ...

    def key_bucket(self, values: Sequence[str], buckets: int) -> str: ...

    def range_chunk(self, quoted: str, width: int) -> str: ...

    def estimate_sql(self) -> str:
        """One row, one column: the catalog's estimate of :table's rows (0 or less when it has none)."""
        ...


_PARENS = re.compile(r"\(.*?\)")


def _kind_by_family(family: str) -> str | None:
    """The kind harness.data.volatile_value gives every non-NULL value of a family, where it is one kind (None:
    it depends on the value, which then enters the hash itself)."""
    return {
        "integer": "integer",
        "boolean": "integer",
        "float": "number",
        "timestamp": "timestamp",
        "timestamptz": "timestamp",
        "date": "date",
    }.get(family)


class PostgreSQLChecksums:
    _FAMILIES = {
        "smallint": "integer",
        "integer": "integer",
        "bigint": "integer",
        "boolean": "boolean",
        "real": "float",
        "double precision": "float",
        "numeric": "decimal",
        "text": "text",
        "character varying": "text",
        "character": "text",
        "citext": "text",
        "bytea": "binary",
        "json": "json",
        "jsonb": "jsonb",
        "uuid": "uuid",
        "date": "date",
        "timestamp without time zone": "timestamp",
        "timestamp with time zone": "timestamptz",
        "time without time zone": "time",
        "time with time zone": "timetz",
        "interval": "interval",
    }
    # Types with a hash function of their own: hashed as they are, everything else by its text.
    _HASHED = frozenset(
        {
            "integer",
            "boolean",
            "float",
            "decimal",
            "text",
            "binary",
            "jsonb",
            "uuid",
            "date",
            "timestamp",
            "timestamptz",
            "time",
            "timetz",
            "interval",
        }
    )

    def family(self, column: Column) -> str:
        base = _PARENS.sub("", column.type).replace("  ", " ").strip()
        return self._FAMILIES.get(base, base)

    def is_integer(self, column: Column) -> bool:
        return self.family(column) == "integer"

    def value(self, quoted: str, column: Column, volatile: bool) -> str:
        family = self.family(column)
        kind = _kind_by_family(family) if volatile else None
        if kind is not None:
            return f"CASE WHEN {quoted} IS NULL THEN NULL ELSE '{kind}' END"
        return quoted if family in self._HASHED else f"{quoted}::text"

    def row_hash(self, values: Sequence[str]) -> str:
        return f"hash_record_extended(ROW({', '.join(values)}), 0)"

    def key_bucket(self, values: Sequence[str], buckets: int) -> str:
        return f"(hash_record_extended(ROW({', '.join(values)}), 1) % {buckets})"

    def range_chunk(self, quoted: str, width: int) -> str:
        return f"({quoted} / {width})"

    def estimate_sql(self) -> str:
        return (
            "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = :table"
        )


class MySQLChecksums:
    _FAMILIES = {
        "tinyint": "integer",
        "smallint": "integer",
        "mediumint": "integer",
        "int": "integer",
        "integer": "integer",
        "bigint": "integer",
        "year": "integer",
        "bool": "integer",
        "boolean": "integer",
        "float": "float",
        "double": "float",
        "real": "float",
        "decimal": "decimal",
        "numeric": "decimal",
        "char": "text",
        "varchar": "text",
        "tinytext": "text",
        "text": "text",
        "mediumtext": "text",
        "longtext": "text",
        "enum": "text",
        "set": "text",
        "binary": "binary",
        "varbinary": "binary",
        "tinyblob": "binary",
        "blob": "binary",
        "mediumblob": "binary",
        "longblob": "binary",
        "bit": "bit",
        "json": "json",
        "datetime": "timestamp",
        "timestamp": "timestamp",
        "date": "date",
        "time": "time",
    }

    def family(self, column: Column) -> str:
        base = _PARENS.sub("", column.type.lower()).replace("unsigned", "").replace("signed", "").strip()
        return self._FAMILIES.get(base, base)

    def is_integer(self, column: Column) -> bool:
        return self.family(column) == "integer"

    def value(self, quoted: str, column: Column, volatile: bool) -> str:
        kind = _kind_by_family(self.family(column)) if volatile else None
        if kind is not None:
            return f"IF({quoted} IS NULL, NULL, '{kind}')"
        return quoted

    def _joined(self, values: Sequence[str]) -> str:
        # CHAR(31) is a binary string, so the whole text is: columns of different collations join without error.
        nulls = ", ".join(f"ISNULL({value})" for value in values)
        return f"CONCAT_WS(CHAR(31), {', '.join(values)}, CONCAT({nulls}))"

    def row_hash(self, values: Sequence[str]) -> str:
        return f"CRC32({self._joined(values)})"

    def key_bucket(self, values: Sequence[str], buckets: int) -> str:
        return f"(CRC32({self._joined(values)}) % {buckets})"

    def range_chunk(self, quoted: str, width: int) -> str:
        return f"({quoted} DIV {width})"

    def estimate_sql(self) -> str:
        return (
            "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = :table"
        )


CHECKSUM_SQL: dict[Dialect, ChecksumSql] = {"postgresql": PostgreSQLChecksums(), "mysql": MySQLChecksums()}


# ---- fingerprints ------------------------------------------------------------------------------------------------


def plan_chunking(connection: Connection, table: Table) -> Chunking:
    """Chunks of about CHUNK_ROWS rows: integer key ranges, else hash buckets of the key (of the whole row when the
    table has none); one chunk for a small table. Sized from the catalog's row estimate."""
    sql = CHECKSUM_SQL[dialect_of(connection)]
    key = table.primary_key or tuple(table.columns)
    estimate = connection.execute(text(sql.estimate_sql()), {"table": table.name}).scalar()
    rows = float(estimate) if estimate is not None else 0.0
    if rows <= 0:  # never analysed (PostgreSQL says -1, MySQL's cached statistics may say 0): count
        name = quote_identifier(connection, table.name)
        rows = float(connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one())
    chunks = math.ceil(rows / CHUNK_ROWS)
    if chunks <= 1:
        return Chunking(key)
    if len(key) == 1 and table.primary_key and sql.is_integer(table.columns[key[0]]):
        name, column = quote_identifier(connection, table.name), quote_identifier(connection, key[0])
        low, high = connection.execute(text(f"SELECT min({column}), max({column}) FROM {name}")).one()
        if low is None:
            return Chunking(key)
        return Chunking(key, width=max(1, math.ceil((int(high) - int(low) + 1) / chunks)))
    return Chunking(key, buckets=chunks)


def _chunk_expression(connection: Connection, table: Table, chunking: Chunking, volatile: frozenset[str]) -> str:
    sql = CHECKSUM_SQL[dialect_of(connection)]
    if chunking.whole_table:
        return "0"
    if chunking.width:
        return sql.range_chunk(quote_identifier(connection, chunking.key[0]), chunking.width)
    values = [
        sql.value(quote_identifier(connection, column), table.columns[column], column in volatile)
        for column in chunking.key
    ]
    return sql.key_bucket(values, chunking.buckets)


@dataclass(frozen=True)
class FingerprintRequest:
    """One table's fingerprint to compute: over `columns` (the `volatile` ones by kind), cut by `chunking`."""

    table: Table
    columns: tuple[str, ...]
    volatile: tuple[str, ...]
    chunking: Chunking


def _fingerprint_query(connection: Connection, request: FingerprintRequest, part: int) -> str:
    """One scan of the request's table: per chunk, its rows and the sum of the row hashes, tagged with `part`."""
    sql = CHECKSUM_SQL[dialect_of(connection)]
    table = request.table
    values = [
        sql.value(quote_identifier(connection, column), table.columns[column], column in request.volatile)
        for column in request.columns
    ]
    chunk = _chunk_expression(connection, table, request.chunking, frozenset(request.volatile))
    name = quote_identifier(connection, table.name)
    query = f"SELECT {part} AS part, {chunk} AS chunk, count(*) AS n, sum({sql.row_hash(values)}) AS total FROM {name}"
    return query if request.chunking.whole_table else query + " GROUP BY 1, 2"


def compute_fingerprints(connection: Connection, requests: Sequence[FingerprintRequest]) -> list[TableFingerprint]:
    """The requests' fingerprints, in their order. The tables' scans go to the server as branches of one UNION ALL
    (BATCH_TABLES at a time): most tables of a product's schema are small, and one round trip per table would cost
    more than the scans."""
    chunks: list[dict[int, tuple[int, int]]] = [{} for _ in requests]
    for start in range(0, len(requests), BATCH_TABLES):
        batch = requests[start : start + BATCH_TABLES]
        query = " UNION ALL ".join(
            _fingerprint_query(connection, request, start + offset) for offset, request in enumerate(batch)
        )
        for part, chunk_id, count, total in connection.execute(text(query)):
            if count:
                chunks[int(part)][int(chunk_id)] = (int(count), int(total))
    return [
        TableFingerprint(request.table.name, request.columns, request.volatile, request.chunking, found)
        for request, found in zip(requests, chunks, strict=True)
    ]


def fingerprint_database(connection: Connection, schema: Schema, volatile: VolatileColumns | None) -> FingerprintStore:
    """Fingerprints of every table over all its columns: what a stored snapshot keeps for later comparisons."""
    requests = []
    for name in sorted(schema.tables):
        table = schema.tables[name]
        columns = tuple(table.columns)
        masked = volatile.columns_of(name, columns) if volatile else ()
        requests.append(FingerprintRequest(table, columns, masked, plan_chunking(connection, table)))
    store = FingerprintStore()
    for fingerprint in compute_fingerprints(connection, requests):
        store.put(fingerprint)
    return store


# ---- fetching the rows of chunks ---------------------------------------------------------------------------------


def _truncated_range(chunk: int, width: int) -> tuple[int, int]:
    """The keys k with trunc(k / width) == chunk (both dialects' integer division truncates toward zero)."""
    if chunk > 0:
        return chunk * width, (chunk + 1) * width - 1
    if chunk < 0:
        return (chunk - 1) * width + 1, chunk * width
    return -(width - 1), width - 1


def read_chunks(
    connection: Connection, table: Table, chunking: Chunking, chunks: Sequence[int], volatile: frozenset[str]
) -> TableData:
    """The rows of `chunks` of `table`, keyed as a full read keys them."""
    if chunking.width:
        column = quote_identifier(connection, chunking.key[0])
        ranges = [_truncated_range(chunk, chunking.width) for chunk in sorted(chunks)]
        where = " OR ".join(f"{column} BETWEEN :low{i} AND :high{i}" for i in range(len(ranges)))
        parameters: dict[str, object] = {}
        for i, (low, high) in enumerate(ranges):
            parameters |= {f"low{i}": low, f"high{i}": high}
        return read_table(connection, table, where, parameters)
    expression = _chunk_expression(connection, table, chunking, volatile)
    return read_table(connection, table, f"{expression} IN ({', '.join(str(int(c)) for c in sorted(chunks))})")


# ---- comparing ---------------------------------------------------------------------------------------------------


def _server_identity(connection: Connection) -> tuple[str, str]:
    return dialect_of(connection), str(connection.exec_driver_sql("SELECT version()").scalar_one())


def _comparable_by_checksum(
    sql: ChecksumSql, left: Table, right: Table, compared: Sequence[str], volatile: frozenset[str], mode: Mode
) -> bool:
    """Whether equal checksums of the two tables mean the row comparison finds nothing: the rows are keyed alike,
    no key is volatile (those rows are keyed again by kind), and each compared column holds one kind of value on
    both sides (an integer 1 and a text '1' hash alike but compare unequal)."""
    if left.primary_key != right.primary_key:
        return False
    if not left.primary_key and tuple(left.columns) != tuple(right.columns):
        return False
    if mode == "equal" and tuple(left.columns) != tuple(right.columns):
        return False
    if volatile & set(left.primary_key or left.columns):
        return False
    return all(sql.family(left.columns[c]) == sql.family(right.columns[c]) for c in compared)


def _has_rows(connection: Connection, table: str) -> bool:
    name = quote_identifier(connection, table)
    return connection.execute(text(f"SELECT 1 FROM {name} LIMIT 1")).first() is not None


def _empty(table: Table, more_rows: bool) -> TableData:
    columns = tuple(table.columns)
    return TableData(table.name, table.primary_key or columns, columns, {}, more_rows)


class _Side:
    """One side of a comparison: its open connection and where its fingerprints come from."""

    def __init__(self, database: LiveDatabase, connection: Connection, stats: ComparisonStats) -> None:
        self.database = database
        self.connection = connection
        self.stats = stats

    def table(self, name: str) -> Table:
        return self.database.schema.tables[name]

    def fingerprints(
        self, wanted: Sequence[tuple[str, tuple[str, ...], tuple[str, ...], Chunking | None]]
    ) -> list[TableFingerprint]:
        """For each (table, columns, volatile columns, chunking or None to choose one): the stored fingerprint when
        it fits, else one computed now; those computed are stored, and all are computed in one batch."""
        store = self.database.store
        found: list[TableFingerprint | None] = []
        missing: list[FingerprintRequest] = []
        for name, columns, volatile, chunking in wanted:
            stored = store.get(name, columns, volatile) if store is not None else None
            if stored is not None and (chunking is None or stored.chunking == chunking):
                found.append(stored)
                continue
            table = self.table(name)
            found.append(None)
            plan = chunking or plan_chunking(self.connection, table)
            missing.append(FingerprintRequest(table, columns, volatile, plan))
        computed = iter(compute_fingerprints(self.connection, missing))
        self.stats.fingerprints_computed += len(missing)
        result = []
        for fingerprint in found:
            if fingerprint is None:
                fingerprint = next(computed)
                if store is not None:
                    store.put(fingerprint)
            result.append(fingerprint)
        return result


def _compare_table(
    left: _Side, right: _Side, first: TableFingerprint, second: TableFingerprint, volatile: frozenset[str], mode: Mode
) -> tuple[TableData, TableData]:
    """The parts of the table both sides must have read for the row comparison to give the full result."""
    name = first.table
    left_table, right_table = left.table(name), right.table(name)
    chunk_ids = set(first.chunks) if mode == "preserved" else set(first.chunks) | set(second.chunks)
    differing = sorted(c for c in chunk_ids if first.chunks.get(c) != second.chunks.get(c))
    left.stats.chunks_compared += len(chunk_ids)
    if not differing:
        return _empty(left_table, first.rows > 0), _empty(right_table, second.rows > 0)
    if len(differing) > WHOLE_TABLE_SHARE * max(len(chunk_ids), 1) and len(differing) > 1:
        parts = read_table(left.connection, left_table), read_table(right.connection, right_table)
    else:
        parts = (
            read_chunks(left.connection, left_table, first.chunking, differing, volatile),
            read_chunks(right.connection, right_table, first.chunking, differing, volatile),
        )
    left.stats.chunks_fetched += len(differing)
    left.stats.rows_fetched += len(parts[0].rows) + len(parts[1].rows)
    fetched_left, fetched_right = parts
    return (
        TableData(
            fetched_left.name,
            fetched_left.key,
            fetched_left.columns,
            fetched_left.rows,
            first.rows > len(fetched_left.rows),
        ),
        TableData(
            fetched_right.name,
            fetched_right.key,
            fetched_right.columns,
            fetched_right.rows,
            second.rows > len(fetched_right.rows),
        ),
    )


def _partial_snapshots(
    left: _Side, right: _Side, changed_on_purpose: frozenset[str], volatile: VolatileColumns | None, mode: Mode
) -> tuple[DataSnapshot, DataSnapshot]:
    sql = CHECKSUM_SQL[dialect_of(left.connection)]
    same_engine = _server_identity(left.connection) == _server_identity(right.connection)
    left_tables, right_tables = left.database.schema.tables, right.database.schema.tables
    parts: tuple[dict[str, TableData], dict[str, TableData]] = ({}, {})
    checksummed: list[tuple[str, tuple[str, ...], frozenset[str]]] = []
    names = set(left_tables) if mode == "preserved" else set(left_tables) | set(right_tables)
    for name in sorted(names - changed_on_purpose):
        if name not in right_tables or name not in left_tables:
            side = left if name in left_tables else right
            parts[0 if side is left else 1][name] = _empty(side.table(name), _has_rows(side.connection, name))
            continue
        left_table, right_table = left_tables[name], right_tables[name]
        compared = tuple(
            column
            for column in left_table.columns
            if column in right_table.columns and f"{name}.{column}" not in changed_on_purpose
        )
        masked = frozenset(volatile.columns_of(name, compared)) if volatile else frozenset()
        if same_engine and compared and _comparable_by_checksum(sql, left_table, right_table, compared, masked, mode):
            checksummed.append((name, compared, masked))
        else:
            left.stats.tables_read_whole.append(name)
            parts[0][name] = read_table(left.connection, left_table)
            parts[1][name] = read_table(right.connection, right_table)
            left.stats.rows_fetched += len(parts[0][name].rows) + len(parts[1][name].rows)
    wanted = [(name, compared, tuple(c for c in compared if c in masked)) for name, compared, masked in checksummed]
    firsts = left.fingerprints([(*request, None) for request in wanted])
    # The right side is cut as the left was, so that chunk i holds the same keys on both.
    seconds = right.fingerprints([(*request, first.chunking) for request, first in zip(wanted, firsts, strict=True)])
    for (name, _, masked), first, second in zip(checksummed, firsts, seconds, strict=True):
        parts[0][name], parts[1][name] = _compare_table(left, right, first, second, masked, mode)
    before, after = ({name: part[name] for name in sorted(part)} for part in parts)
    return DataSnapshot(before), DataSnapshot(after)


@contextmanager
def _sides(left: LiveDatabase, right: LiveDatabase, stats: ComparisonStats) -> Iterator[tuple[_Side, _Side]]:
    with ExitStack() as stack:
        first = stack.enter_context(connect(left.url))
        second = stack.enter_context(connect(right.url))
        yield _Side(left, first, stats), _Side(right, second, stats)


def compare_preserved(
    before: LiveDatabase,
    after: LiveDatabase,
    changed_on_purpose: frozenset[str],
    volatile: VolatileColumns | None = None,
) -> DataComparison:
    """`harness.data.preserved_differences` of the two databases' rows, reading only the chunks that differ."""
    stats = ComparisonStats()
    with _sides(before, after, stats) as (left, right):
        old, new = _partial_snapshots(left, right, changed_on_purpose, volatile, "preserved")
    return DataComparison(preserved_differences(old, new, changed_on_purpose, volatile), stats)


def compare_equal(left: LiveDatabase, right: LiveDatabase, volatile: VolatileColumns | None = None) -> DataComparison:
    """`harness.data.snapshot_differences` of the two databases' rows (exact equality both ways), reading only the
    chunks that differ."""
    stats = ComparisonStats()
    with _sides(left, right, stats) as (first, second):
        one, other = _partial_snapshots(first, second, frozenset(), volatile, "equal")
    return DataComparison(snapshot_differences(one, other, volatile), stats)


class TableRows(Mapping[str, list[Row]]):
    """table -> rows of a live database, each table read when first asked for: what scenario invariants receive,
    so an invariant over two small tables does not read the big ones."""

    def __init__(self, database: LiveDatabase) -> None:
        self._database = database
        self._read: dict[str, list[Row]] = {}

    def __getitem__(self, name: str) -> list[Row]:
        if name not in self._read:
            table = self._database.schema.tables[name]  # KeyError for a table the database does not have
            with connect(self._database.url) as connection:
                self._read[name] = read_table(connection, table).as_list()
        return self._read[name]

    def __contains__(self, name: object) -> bool:
        return name in self._database.schema.tables

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._database.schema.tables))

    def __len__(self) -> int:
        return len(self._database.schema.tables)
