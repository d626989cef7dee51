"""Masking keeps lengths, shapes, equality (also case-insensitive) and distinctness, and never keeps the value."""

from __future__ import annotations

import json

from harness.reproduce.mask import Masker, masked_column

PERSONAL = [
    "Alice Smith", "alice smith", "ALICE SMITH", "alice@example.com", "+86 138-0013-8000", "张三丰", "Zoë 🚀 Ødegård",
    "host-01.prod.example.com", "a", "7",
]


def test_fakes_keep_length_shape_and_case_insensitive_equality() -> None:
    masker = Masker(b"fixed key")
    fakes = {value: masker.mask(value) for value in PERSONAL}
    for value, fake in fakes.items():
        assert len(fake) == len(value)
        assert fake != value
        assert [c.isdigit() for c in fake] == [c.isdigit() for c in value]
        assert [c for c in fake if not c.isalnum()] == [c for c in value if not (c.isalnum() or ord(c) > 127)]
    assert fakes["alice smith"].upper() == fakes["ALICE SMITH"]
    assert fakes["Alice Smith"].lower() == fakes["alice smith"]
    assert fakes["alice@example.com"].count("@") == 1


def test_the_same_value_gets_the_same_fake_and_distinct_values_stay_distinct() -> None:
    masker = Masker(b"fixed key")
    values = [f"user{i}" for i in range(2000)] + [str(i) for i in range(10)]
    fakes = [masker.mask(value) for value in values]
    assert len(set(fakes)) == len(values)
    assert [masker.mask(value) for value in values] == fakes
    assert Masker(b"another key").mask("user1") != masker.mask("user1")


def test_json_keeps_its_structure_and_loses_its_string_values() -> None:
    document = '{"dingtalk_robot_token": "a1b2c3", "emails": ["bob@example.com"], "n": 3, "ok": true}'
    fake = Masker(b"k").mask(document)
    parsed = json.loads(fake)
    assert len(fake) == len(document)
    assert set(parsed) == {"dingtalk_robot_token", "emails", "n", "ok"}
    assert parsed["n"] == 3 and parsed["ok"] is True
    assert parsed["dingtalk_robot_token"] != "a1b2c3" and parsed["emails"][0] != "bob@example.com"


def test_columns_are_chosen_by_name_and_text_type() -> None:
    chosen = [
        ("username", "varchar(64)"), ("nickname", "varchar(64)"), ("email", "varchar(64)"), ("phone", "varchar(16)"),
        ("contacts", "varchar(1024)"), ("token", "varchar(255)"), ("note", "text"), ("create_by", "varchar(64)"),
        ("ident", "varchar(191)"),
    ]
    kept = [("id", "bigint"), ("group_id", "bigint"), ("phone", "bigint"), ("rule_config", "text"),
            ("is_default", "tinyint(1)"), ("create_at", "bigint")]
    assert all(masked_column(name, type_) for name, type_ in chosen)
    assert not any(masked_column(name, type_) for name, type_ in kept)
