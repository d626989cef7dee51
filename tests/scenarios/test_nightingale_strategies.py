"""The Nightingale row strategies: they draw the edge values they promise for the columns a database really has,
cover every table and unique index of every version, and their rows insert at sampled versions and survive an
upgrade to head with the data check's guarantees (rows preserved, invariants held)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine

from harness.data import preserved_differences, read_data, render_rows
from harness.engines.server_api import Server
from harness.faults.explore_driver import insert_rows, read_columns
from harness.inspect import read_schema
from harness.scenario import ColumnInfo, Scenario, ScenarioError, load_scenario
from harness.workbench import Workbench
from tests.scenarios.n9e_support import VERSIONS, Installs, connected, scenario_module

strategies = scenario_module("strategies")
Columns = dict[str, dict[str, ColumnInfo]]
Row = dict[str, Any]
TABLES_PER_EXAMPLE = 6  # many more draws per example would overrun hypothesis's budget of choices
SAMPLED = ("v6.7.3", "v7.3.4", "v7.7.2")  # before the v7.0.0 conversion, the v7.4.0 and the v8.0.0 backfills
# Search only (no shrinking: any example that meets the condition proves the strategy reaches it).
FIND = settings(
    database=None, max_examples=2000, phases=[Phase.generate], derandomize=True, suppress_health_check=list(HealthCheck)
)
INSERTS = settings(
    database=None, max_examples=3, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(scope="module")
def head_columns(installs: Installs) -> Columns:
    with connected(installs.server, installs.database(VERSIONS[-1])) as connection:
        return read_columns(connection)


def one_row(table: str, columns: Columns, condition: Callable[[Row], bool], *wanted: str) -> Row:
    """A drawn row of `table`, with the `wanted` columns only, that meets `condition` (hypothesis fails the test
    when it cannot find one)."""
    chosen = {name: columns[table][name] for name in wanted}
    drawn: list[Row] = find(
        strategies.rows(table, chosen, max_rows=1), lambda rows: condition(rows[0]), settings=FIND
    )
    return drawn[0]


def reaches(columns: Columns, table: str, column: str, value: object) -> object:
    """The value a drawn row has in `column` once hypothesis finds one where it equals `value`."""
    return one_row(table, columns, lambda row: row[column] == value, column)[column]


def four_byte(value: object) -> bool:
    return isinstance(value, str) and any(ord(character) > 0xFFFF for character in value)


def depth(document: object) -> int:
    if isinstance(document, dict):
        return 1 + max((depth(value) for value in document.values()), default=0)
    if isinstance(document, list):
        return 1 + max((depth(value) for value in document), default=0)
    return 0


def test_strings_reach_their_declared_length_with_4_byte_characters(head_columns: Columns) -> None:
    username = head_columns["users"]["username"].max_length
    assert username == 64
    row = one_row(
        "users", head_columns, lambda r: len(r["username"]) == username and four_byte(r["username"]), "id", "username"
    )
    assert row["username"].startswith(f"{row['id']}·")  # unique text carries the row's id
    note = one_row("alert_rule", head_columns, lambda r: len(r["note"]) == 1024 and four_byte(r["note"]), "note")
    assert len(note["note"].encode("utf-8")) > 1024


def test_nullable_columns_get_null_and_others_never(head_columns: Columns) -> None:
    assert one_row("users", head_columns, lambda r: r["contacts"] is None, "contacts")["contacts"] is None

    @given(strategies.rows("target", head_columns["target"]))
    @settings(database=None, max_examples=50, suppress_health_check=list(HealthCheck))
    def never_null_where_not_nullable(rows: list[Row]) -> None:
        for row in rows:
            assert [c for c, v in row.items() if v is None and not head_columns["target"][c].nullable] == []

    never_null_where_not_nullable()


def test_integers_reach_the_bounds_of_their_type(head_columns: Columns, server: Server) -> None:
    duration = head_columns["alert_subscribe"]["for_duration"]  # a bigint that is neither an id nor a time
    assert (duration.data_type, duration.unsigned) == ("bigint", False)
    for bound in (-(2**63), 2**63 - 1):
        assert reaches(head_columns, "alert_subscribe", "for_duration", bound) == bound
    severity = head_columns["alert_rule"]["severity"]
    low, high = (-128, 127) if server.dialect == "mysql" else (-32768, 32767)  # tinyint(1) / smallint
    assert severity.data_type == ("tinyint" if server.dialect == "mysql" else "smallint")
    assert [reaches(head_columns, "alert_rule", "severity", bound) for bound in (low, high)] == [low, high]
    if server.dialect == "mysql":  # task_tpl.timeout is `int unsigned` there
        assert head_columns["task_tpl"]["timeout"].unsigned
        assert reaches(head_columns, "task_tpl", "timeout", 2**32 - 1) == 2**32 - 1


def test_times_reach_their_boundaries(head_columns: Columns) -> None:
    for boundary in (0, 2**31 - 1, 2**32 - 1, 253_402_300_799):
        assert reaches(head_columns, "alert_his_event", "trigger_time", boundary) == boundary
    created = one_row("task_meta", head_columns, lambda r: r["created"].startswith("2038-"), "created")
    assert created["created"] <= "2038-01-19 03:14:07"  # MySQL's timestamp ends there


def test_json_columns_hold_nested_documents_up_to_their_length(head_columns: Columns) -> None:
    nested = one_row("alert_rule", head_columns, lambda r: depth(json.loads(r["rule_config"])) >= 3, "rule_config")
    assert isinstance(json.loads(nested["rule_config"]), dict | list)
    limit = head_columns["alert_mute"]["tags"].max_length
    full = one_row("alert_mute", head_columns, lambda r: r["tags"] is not None and len(r["tags"]) == limit, "tags")
    assert isinstance(json.loads(full["tags"]), dict)


@given(data=st.data())
@settings(database=None, max_examples=30, suppress_health_check=list(HealthCheck))
def test_keys_stay_in_their_batch_and_flags_and_ids_stay_realistic(data: st.DataObject) -> None:
    columns = {
        "id": ColumnInfo("bigint", False, unsigned=True),
        "group_id": ColumnInfo("bigint", False),
        "ident": ColumnInfo("varchar", False, 191),
        "disabled": ColumnInfo("tinyint", False),
        "is_default": ColumnInfo("boolean", True),
    }
    batch = data.draw(st.integers(0, strategies.MAX_BATCH), label="batch")
    rows = data.draw(strategies.rows("target", columns, batch=batch))
    first = strategies.KEY_BASE + batch * strategies.KEY_SPAN
    assert all(first <= row["id"] < first + strategies.KEY_SPAN <= 2**31 for row in rows)
    assert len({row["id"] for row in rows}) == len({row["ident"] for row in rows}) == len(rows)
    assert all(row["disabled"] in (0, 1) and row["is_default"] in (True, False, None) for row in rows)
    assert all(0 <= row["group_id"] < 2**31 for row in rows)


def test_tables_and_unique_indexes_of_every_version_are_covered(installs: Installs) -> None:
    head_tables = set(installs.schema(VERSIONS[-1]).tables)
    others = {f"task_host_{n}" for n in range(1, 99)}
    assert set(strategies.TABLES) == head_tables - others
    uncovered = []
    for version in VERSIONS:
        for table in installs.schema(version).tables.values():
            if table.name not in strategies.TABLES:
                continue
            keyed = set(strategies.key_columns(table.name)) | set(strategies.UNIQUE_TEXT.get(table.name, ()))
            unique = [index.columns for index in table.indexes.values() if index.unique]
            uncovered += [f"{version} {table.name}{cols}" for cols in unique if not keyed & set(cols)]
    assert uncovered == [], "unique indexes whose rows the strategies could make collide"


def test_a_strategies_module_without_its_entry_points_is_refused(tmp_path: Path) -> None:
    (tmp_path / "migrations" / "v1.0.0").mkdir(parents=True)
    for dialect in ("mysql", "postgresql"):
        (tmp_path / "migrations" / "v1.0.0" / f"{dialect}.install.sql").write_text("CREATE TABLE t (id int);\n")
    (tmp_path / "scenario.toml").write_text('name = "broken"\nstrategies = "strategies.py"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"strategies.py does not exist"):
        load_scenario(tmp_path)
    (tmp_path / "strategies.py").write_text("TABLES = ()\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(tmp_path)
    assert str(tmp_path / "strategies.py") in str(refused.value)
    assert "TABLES must be a non-empty tuple" in str(refused.value) and "rows(table, columns" in str(refused.value)


@pytest.mark.parametrize("version", SAMPLED)
def test_drawn_rows_insert_and_survive_an_upgrade_to_head(
    server: Server, n9e_bench: Workbench, n9e_scenario: Scenario, version: str
) -> None:
    engine_name = server.spec.name
    database = n9e_bench.snapshots(engine_name).clone_seeded(version)
    engine = create_engine(server.url(database))
    try:
        with engine.connect() as connection:
            columns = read_columns(connection)
        batches = itertools.count()
        inserted: dict[str, int] = {}
        present = [table for table in strategies.TABLES if table in columns]
        for start in range(0, len(present), TABLES_PER_EXAMPLE):
            chunk = present[start : start + TABLES_PER_EXAMPLE]
            insert_drawn(engine, {table: columns[table] for table in chunk}, batches, inserted)
        assert set(inserted) == {t for t in strategies.TABLES if t in columns}
        with engine.connect() as connection:
            schema = read_schema(connection).without(n9e_bench.runner.own_tables)
            before = read_data(connection, schema)
        engine.dispose()
        outcome = n9e_bench.runner.upgrade(server.url(database), n9e_scenario.head)
        assert outcome.ok, outcome.error
        with engine.connect() as connection:
            after_schema = read_schema(connection).without(n9e_bench.runner.own_tables)
            after = read_data(connection, after_schema)
        lost = preserved_differences(before, after, n9e_scenario.changed_on_purpose(version, n9e_scenario.head))
        assert lost == [], render_rows(lost)
        violations = [
            f"{v}: {message}"
            for v in n9e_scenario.crossed(version, n9e_scenario.head)
            if (invariant := n9e_scenario.invariants.get(v)) is not None
            for message in invariant(before.as_rows(), after.as_rows())
        ]
        assert violations == []
    finally:
        engine.dispose()
        server.drop_database(database)


def insert_drawn(
    engine: Engine, columns: Mapping[str, Mapping[str, ColumnInfo]], batches: Iterator[int], inserted: dict[str, int]
) -> None:
    """A few examples of drawn rows of the tables in `columns`, each example in a batch of its own, committed."""

    @given(data=st.data())
    @INSERTS
    def insert(data: st.DataObject) -> None:
        batch = next(batches)
        drawn = {
            table: data.draw(strategies.rows(table, shape, batch=batch, max_rows=2), label=table)
            for table, shape in columns.items()
        }
        with engine.begin() as connection:
            insert_rows(connection, drawn)
        for table, rows in drawn.items():
            inserted[table] = inserted.get(table, 0) + len(rows)

    insert()
