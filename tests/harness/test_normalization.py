"""Normalisation is where false alarms and misses come from: every rule has a table of examples."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from harness.data import normalize_value
from harness.inspect.catalog_mysql import normalize_default as mysql_default
from harness.inspect.catalog_mysql import normalize_extra, normalize_type
from harness.inspect.catalog_postgresql import normalize_default as pg_default


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("int(11)", "int"),
        ("bigint(20) unsigned", "bigint unsigned"),
        ("tinyint(1)", "tinyint(1)"),
        ("tinyint(4)", "tinyint"),
        ("varchar(191)", "varchar(191)"),
        ("INT(10) UNSIGNED ZEROFILL", "int unsigned"),
        ("decimal(10,2)", "decimal(10,2)"),
    ],
)
def test_mysql_types_drop_meaningless_display_widths(raw: str, expected: str) -> None:
    assert normalize_type(raw) == expected


@pytest.mark.parametrize(
    ("raw", "is_mariadb", "expected"),
    [
        ("NULL", True, None),
        (None, False, None),
        ("'[]'", True, "[]"),
        ("[]", False, "[]"),
        ("'it''s'", True, "it's"),
        ("0", True, "0"),
        ("current_timestamp()", True, "CURRENT_TIMESTAMP"),
        ("CURRENT_TIMESTAMP", False, "CURRENT_TIMESTAMP"),
        ("NULL", False, "NULL"),  # MySQL: a string default that is literally NULL
    ],
)
def test_mysql_defaults_are_spelled_one_way(raw: str | None, is_mariadb: bool, expected: str | None) -> None:
    assert mysql_default(raw, is_mariadb) == expected


def test_mysql_extra_ignores_default_generated() -> None:
    assert normalize_extra("DEFAULT_GENERATED on update CURRENT_TIMESTAMP") == "on update current_timestamp"
    assert normalize_extra("auto_increment") == "auto_increment"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("''::character varying", ""),
        ("'[]'::text", "[]"),
        ("'it''s'::character varying", "it's"),
        ("0", "0"),
        ("(-1)::integer", "-1"),
        ("nextval('users_id_seq'::regclass)", "nextval('users_id_seq'::regclass)"),
        ("'promql'::character varying(64)", "'promql'::character varying(64)"),
        (None, None),
    ],
)
def test_postgresql_defaults_drop_the_redundant_cast(raw: str | None, expected: str | None) -> None:
    assert pg_default(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, 1),
        (False, 0),
        (decimal.Decimal("3.00"), 3),
        (decimal.Decimal("3.50"), "3.5"),
        (dt.datetime(2024, 1, 2, 3, 4, 5), "2024-01-02 03:04:05"),
        (dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC), "2024-01-02 03:04:05"),
        (b"\x00\xff", "00ff"),
        ({"b": 1, "a": [1, 2]}, '{"a": [1, 2], "b": 1}'),
        ("emoji 🚀", "emoji 🚀"),
        (None, None),
    ],
)
def test_values_compare_equal_across_dialects(value: object, expected: object) -> None:
    assert normalize_value(value) == expected
