from __future__ import annotations

from harness.data import DataSnapshot, TableData, Value, preserved_differences, snapshot_differences


def table(name: str, columns: tuple[str, ...], *rows: tuple[Value, ...]) -> TableData:
    return TableData(name, (columns[0],), columns, {(row[0],): dict(zip(columns, row, strict=True)) for row in rows})


BEFORE = DataSnapshot(
    {
        "target": table("target", ("id", "ident", "group_id"), (1, "host-a", 3), (2, "host-b", 0)),
        "users": table("users", ("id", "username"), (1, "root")),
    }
)


def test_new_columns_and_rows_are_allowed() -> None:
    after = DataSnapshot(
        {
            "target": table("target", ("id", "ident", "group_id", "os"), (1, "host-a", 3, ""), (2, "host-b", 0, "")),
            "users": table("users", ("id", "username"), (1, "root"), (2, "new")),
        }
    )
    assert preserved_differences(BEFORE, after, frozenset()) == []


def test_changed_value_names_table_key_column_before_and_after() -> None:
    after = DataSnapshot({**BEFORE.tables, "target": table("target", ("id", "ident", "group_id"),
                                                           (1, "host-a", 0), (2, "host-b", 0))})
    [difference] = preserved_differences(BEFORE, after, frozenset())
    assert difference.render() == "target [1] group_id: before 3, after 0"
    assert preserved_differences(BEFORE, after, frozenset({"target.group_id"})) == []


def test_lost_row_and_truncated_value_are_reported() -> None:
    after = DataSnapshot({**BEFORE.tables, "target": table("target", ("id", "ident", "group_id"), (1, "host", 3))})
    rendered = [d.render() for d in preserved_differences(BEFORE, after, frozenset())]
    assert rendered == ["target [1] ident: before 'host-a', after 'host'", "target [2]: row missing after the upgrade"]


def test_dropped_column_with_data_is_a_difference_unless_declared() -> None:
    after = DataSnapshot({**BEFORE.tables, "target": table("target", ("id", "ident"), (1, "host-a"), (2, "host-b"))})
    [difference] = preserved_differences(BEFORE, after, frozenset())
    assert difference.column == "group_id" and difference.after == "column dropped"
    assert preserved_differences(BEFORE, after, frozenset({"target.group_id"})) == []


def test_exact_comparison_sees_extra_rows_both_ways() -> None:
    after = DataSnapshot({**BEFORE.tables, "users": table("users", ("id", "username"), (1, "root"), (9, "x"))})
    [difference] = snapshot_differences(BEFORE, after)
    assert difference.table == "users" and difference.key == (9,) and difference.after == "row present"
    assert snapshot_differences(BEFORE, BEFORE) == []
