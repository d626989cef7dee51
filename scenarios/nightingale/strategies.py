"""Hypothesis strategies for Nightingale rows, shaped by the columns the database has at whatever version it is.

    rows(table, columns, *, batch=0, max_rows=3) -> SearchStrategy[list[dict[str, object]]]
    TABLES: the tables `rows` draws for

- `columns` maps each column of `table`, as the database has it now, to its type information (an object with
  `data_type`, `nullable`, `max_length` and `unsigned`, read from information_schema.columns by the caller), so the
  same strategy fits a database installed at any version or upgraded to it.
- Values: NULL where a column is nullable, strings up to and exactly at the column's length (4-byte UTF-8 and emoji
  included), the boundary integers of each integer type, boundary Unix times (0, 2^31 - 1, 2^32 - 1, 9999-12-31)
  and nested JSON documents in the columns Nightingale stores JSON in. Flags stay 0/1 and ids of other rows stay
  non-negative, as the server writes them; the upgrades rely on both (v7.0.0 turns is_default into a boolean, v7.4.0
  moves group_id > 0 into target_busi_group).
- Keys never collide with seeded rows nor with another batch: batch b draws ids from KEY_BASE + b * KEY_SPAN, above
  every id seed.py uses and still within 32-bit (serial) columns. Text that must be unique embeds the row's id.
- Values are JSON-compatible (ints, strings, booleans, None; times as 'YYYY-MM-DD HH:MM:SS'), so drawn rows can be
  recorded as text and inserted again to replay a sequence.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import cache
from typing import Protocol

from hypothesis import strategies as st

KEY_BASE = 2_000_000_001  # seed.py's batches end below 2,000,000,000 (200 batches of 10,000,000 ids)
KEY_SPAN = 100_000
MAX_BATCH = (2**31 - 1 - KEY_BASE) // KEY_SPAN - 1
TEXT_CHARS = 16_383  # MySQL's text holds 65,535 bytes: this many 4-byte characters
SHORT = 40  # random text beyond this length comes as a filled string (cheap to draw, still at the limit)


class ColumnInfo(Protocol):
    """What `rows` needs to know about a column (harness.scenario.ColumnInfo is one)."""

    @property
    def data_type(self) -> str: ...  # information_schema data_type, lower case

    @property
    def nullable(self) -> bool: ...

    @property
    def max_length(self) -> int | None: ...  # characters (bytes for MySQL's text types); None when unbounded

    @property
    def unsigned(self) -> bool: ...


TASK_HOSTS = tuple(f"task_host_{n}" for n in range(100))
TABLES: tuple[str, ...] = (
    "users", "user_group", "user_group_member", "configs", "role", "role_operation", "busi_group",
    "busi_group_member", "board", "board_payload", "chart_share", "alert_rule", "alert_mute", "alert_subscribe",
    "target", "metric_view", "recording_rule", "alert_aggr_view", "alert_cur_event", "alert_his_event", "task_tpl",
    "task_tpl_host", "task_record", "alerting_engines", "datasource", "notify_tpl", "sso_config", "es_index_pattern",
    # v7.0.0 on
    "board_busigroup", "builtin_metrics", "metric_filter", "builtin_components", "builtin_payloads", "task_meta",
    "task_action", "task_scheduler", "task_scheduler_health", "task_host_doing", "task_host_0", "task_host_99",
    "notification_record", "target_busi_group",
    # v8.0.0 on
    "notify_rule", "notify_channel", "message_template", "event_pipeline", "embedded_product", "user_token",
    "dash_annotation", "source_token", "event_pipeline_execution", "saved_view", "user_view_favorite",
    # v9.0.0
    "ai_llm_config", "ai_agent", "ai_skill", "ai_skill_file", "ai_assistant_chat", "ai_assistant_message",
)  # fmt: skip

# Columns holding the row's own id (drawn from the batch's key range): the primary key, or what identifies the row.
# Any other table's is `id`.
KEYS: dict[str, tuple[str, ...]] = {
    "board_busigroup": ("busi_group_id",),
    "task_tpl_host": ("ii",),
    **{table: ("ii", "id") for table in TASK_HOSTS},  # unique (id, host)
}
# Text columns under a unique index (alone or with other columns): their values start with the row's id. configs.ckey
# is not unique, but a drawn `embedded-dashboards` entry would change what v8.0.0 migrates.
UNIQUE_TEXT: dict[str, tuple[str, ...]] = {
    "users": ("username",),
    "role": ("name",),
    "busi_group": ("name",),
    "board": ("name",),
    "target": ("ident",),
    "datasource": ("name",),
    "notify_tpl": ("channel",),
    "sso_config": ("name",),
    "es_index_pattern": ("name",),
    "builtin_metrics": ("name",),
    "builtin_components": ("ident",),
    "task_scheduler_health": ("scheduler",),
    "target_busi_group": ("target_ident",),
    "event_pipeline_execution": ("id",),
    "ai_assistant_chat": ("chat_id",),
    "ai_assistant_message": ("chat_id",),
    "configs": ("ckey",),
}
# builtin_metrics' unique index (lang, collector, typ, name) must fit PostgreSQL's 2,704-byte btree entries.
_CAPPED: dict[tuple[str, str], int] = {("builtin_metrics", c): 120 for c in ("lang", "collector", "typ", "name")}

FLAGS = frozenset({
    "allow_hide_system_indices", "built_in", "disabled", "enable", "enable_in_bg", "enabled", "encrypted", "external",
    "filter_enable", "hide", "is_default", "is_private", "is_recovered", "label_enable", "maintainer",
    "notify_recovered", "public", "redefine_channels", "redefine_severity", "redefine_webhooks",
})  # fmt: skip
_TIMES = frozenset({"clock", "btime", "etime", "time_start", "time_end", "last_used", "notify_repeat_next"})
JSON_COLUMNS = frozenset({
    "annotations", "attribute_filters", "auth", "busi_groups", "contacts", "datasource_queries", "env_snapshot",
    "extra_config", "extra_fields", "fields_format", "git_info", "gids", "groups_perm", "http", "label_filters",
    "mcp_server_ids", "metadata", "node_results", "notify_configs", "param_config", "payload", "periodic_mutes",
    "pipeline_configs", "processors", "query_configs", "request_config", "rule_config", "settings", "skill_ids",
    "team_ids", "translation", "webhooks",
})  # fmt: skip
_JSON_IN: dict[str, frozenset[str]] = {
    "alert_mute": frozenset({"tags"}),
    "alert_subscribe": frozenset({"tags"}),
    "chart_share": frozenset({"configs"}),
    "metric_view": frozenset({"configs"}),
    "metric_filter": frozenset({"configs"}),
    "builtin_payloads": frozenset({"content"}),
    "configs": frozenset({"cval"}),
    "dash_annotation": frozenset({"config", "tags"}),
    "saved_view": frozenset({"filter"}),
    "ai_assistant_chat": frozenset({"data"}),
    "ai_assistant_message": frozenset({"data", "extra"}),
}

_INTEGERS = {
    "tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "integer": 32, "bigint": 64,
}  # fmt: skip
_TEXTS = frozenset({"varchar", "character varying", "char", "character", "text", "mediumtext", "longtext"})
_DATETIMES = frozenset({"timestamp", "timestamp without time zone", "datetime"})
# Every timestamp type here can hold these (MySQL's timestamp ends in January 2038); seconds only.
_FIRST_DAY, _LAST_DAY = dt.datetime(1970, 1, 2), dt.datetime(2038, 1, 17, 23, 59, 59)  # any session zone
_BOUNDARY_TIMES = (0, 1, 2**31 - 1, 2**31, 2**32 - 1, 253_402_300_799)  # ..., 9999-12-31 23:59:59
_FILL = ("x", "é", "夜", "😀", "𝄞")  # 1-, 2-, 3- and 4-byte UTF-8
_WORDS = (
    "", "root", "夜莺监控", "Zoë Ødegård", "O'Brien", "emoji 🐦‍🔥 ok", "tab\tnew\nline", "back\\slash", "100%_like",
    "'; DROP TABLE users; --", "   padded   ", "Ünïcödé ☃",
)  # fmt: skip


def rows(
    table: str, columns: Mapping[str, ColumnInfo], *, batch: int = 0, max_rows: int = 3
) -> st.SearchStrategy[list[dict[str, object]]]:
    """Between 1 and `max_rows` rows of `table` with the given columns, keys in the range of `batch`."""
    if table not in TABLES and table not in TASK_HOSTS:
        raise ValueError(f"no strategy for table {table!r}: add it to TABLES in {__file__} (with its unique columns)")
    if not 0 <= batch <= MAX_BATCH:
        raise ValueError(f"batch {batch} out of range: 0 .. {MAX_BATCH}")
    if max_rows < 1:
        raise ValueError(f"max_rows must be at least 1, not {max_rows}")
    first = KEY_BASE + batch * KEY_SPAN
    # Offsets are drawn, not keys: what hypothesis sees is the same for every batch, so a test may change batches
    # between examples (every key has 10 digits, so the room left in unique text is the same too).
    offsets = st.lists(st.integers(0, KEY_SPAN - 1), min_size=1, max_size=max_rows, unique=True)
    return offsets.flatmap(lambda drawn: st.tuples(*(_row(table, columns, first + at) for at in drawn)).map(list))


def key_columns(table: str) -> tuple[str, ...]:
    """The columns that take the row's id (a number from the batch's range, or text starting with it)."""
    return KEYS.get(table, ("id",))


def _row(table: str, columns: Mapping[str, ColumnInfo], key: int) -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries({name: _value(table, name, info, key) for name, info in columns.items()})


def _value(table: str, name: str, info: ColumnInfo, key: int) -> st.SearchStrategy[object]:
    kind = info.data_type.lower()
    identifying = name in key_columns(table)
    if identifying and kind in _INTEGERS:
        return st.just(key)
    if name in UNIQUE_TEXT.get(table, ()) or (identifying and kind in _TEXTS):
        return _keyed_text(key, _limit(table, name, info))
    value = _unkeyed(table, name, info, kind)
    return st.one_of(value, st.none()) if info.nullable else value


def _unkeyed(table: str, name: str, info: ColumnInfo, kind: str) -> st.SearchStrategy[object]:
    if kind == "boolean":
        return st.booleans()
    if kind in _INTEGERS:
        low, high = _range(kind, info.unsigned)
        if name in FLAGS:
            return st.sampled_from((0, 1))
        if name.endswith(("_at", "_time")) or name in _TIMES:
            return _unix_time(max(low, 0), high)
        if name.endswith("_id"):  # another row's id: never negative, as the server assigns them
            return _integer(0, min(high, 2**31 - 1))
        return _integer(low, high)
    if kind in _DATETIMES:
        return _datetime()
    if kind in _TEXTS:
        limit = _limit(table, name, info)
        if name in JSON_COLUMNS or name in _JSON_IN.get(table, frozenset()):
            return _json(limit)
        return _text(limit)
    raise ValueError(f"{table}.{name}: no strategy for type {info.data_type!r}; teach _unkeyed in {__file__} it")


def _range(kind: str, unsigned: bool) -> tuple[int, int]:
    bits = _INTEGERS[kind]
    return (0, 2**bits - 1) if unsigned else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)


def _limit(table: str, name: str, info: ColumnInfo) -> int:
    """Characters a value may have: the declared length, text types capped to what MySQL's text holds."""
    declared = info.max_length if info.max_length is not None else TEXT_CHARS
    if info.data_type.lower() in ("text", "mediumtext", "longtext"):
        declared = min(declared, TEXT_CHARS)
    return min(declared, _CAPPED.get((table, name), declared))


@cache
def _integer(low: int, high: int) -> st.SearchStrategy[object]:
    edges = sorted({value for value in (0, 1, -1, low, low + 1, high - 1, high) if low <= value <= high})
    return st.one_of(st.integers(low, high), st.sampled_from(edges))


@cache
def _unix_time(low: int, high: int) -> st.SearchStrategy[object]:
    edges = [value for value in _BOUNDARY_TIMES if low <= value <= high]
    return st.one_of(st.integers(low, min(high, 4_102_444_800)), st.sampled_from(edges))  # ... to 2100


@cache
def _datetime() -> st.SearchStrategy[object]:
    edges = st.sampled_from((_FIRST_DAY, _LAST_DAY, dt.datetime(2000, 2, 29, 12, 0, 0)))
    drawn = st.datetimes(min_value=_FIRST_DAY, max_value=_LAST_DAY).map(lambda value: value.replace(microsecond=0))
    return st.one_of(drawn, edges).map(lambda value: value.strftime("%Y-%m-%d %H:%M:%S"))


_CHARS = st.characters(codec="utf-8", exclude_characters="\x00")  # PostgreSQL text cannot hold NUL


@cache
def _text(limit: int) -> st.SearchStrategy[object]:
    """Short random text, realistic words, or text filled to exactly `limit` characters."""
    words = [word for word in _WORDS if len(word) <= limit]
    full = st.tuples(st.text(_CHARS, max_size=min(limit, 8)), st.sampled_from(_FILL)).map(
        lambda parts: (parts[0] + parts[1] * limit)[:limit]
    )
    return st.one_of(st.text(_CHARS, max_size=min(limit, SHORT)), st.sampled_from(words), full)


def _keyed_text(key: int, limit: int) -> st.SearchStrategy[object]:
    """Unique text: the row's id first (distinct under any collation), then anything that still fits."""
    prefix = f"{key}·"
    room = limit - len(prefix)
    if room < 0:
        raise ValueError(f"a unique column of {limit} characters cannot hold the row id {key}")
    rest = _text(room) if room else st.just("")
    return rest.map(lambda tail: prefix + str(tail))


_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(_CHARS, max_size=12)
)


def _containers(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(_CHARS, max_size=8), inner, max_size=4)


# The top level is an array or an object, as in every JSON column Nightingale has.
_JSON_DOCUMENTS = _containers(st.recursive(_JSON_SCALARS, _containers, max_leaves=10))


def _encode(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


@cache
def _json(limit: int) -> st.SearchStrategy[object]:
    """A nested JSON document that fits, an empty one, or one padded to exactly `limit` characters."""
    documents = _JSON_DOCUMENTS.map(_encode).filter(lambda encoded: len(encoded) <= limit)
    empty = [document for document in ("{}", "[]") if len(document) <= limit]
    choices: list[st.SearchStrategy[object]] = [documents, st.sampled_from(empty)]
    if limit >= 10:  # {"pad":"..."} is 10 characters around the fill
        choices.append(st.sampled_from(_FILL).map(lambda fill: _encode({"pad": fill * (limit - 10)})))
    return st.one_of(*choices)
