"""Find the rows a failing statement trips over, by kind of problem, on the database as it was just before it.

Every query reads only; probes that must try a conversion run inside a savepoint that is rolled back.
"""

from __future__ import annotations

from sqlalchemy import Connection

from harness.inspect import Schema
from harness.reproduce.diagnosis import SHOWN_ROWS, Diagnosis, OffendingRow
from harness.reproduce.offenders_columns import column_change_offenders
from harness.reproduce.offenders_insert import insert_select_offenders
from harness.reproduce.problem import ColumnChange, ForeignKey, InsertSelect, Problem, UniqueKey
from harness.reproduce.querying import (
    column_list_sql,
    compared_as,
    fetch,
    key_expression,
    plain_column,
    primary_key,
    quote,
)


def find_offenders(connection: Connection, schema: Schema, problem: Problem | None) -> Diagnosis:
    if problem is None:
        return Diagnosis(None, "the failing statement is of no kind whose offending rows can be looked up")
    if problem.table not in schema.tables:
        return Diagnosis(problem, f"{problem.summary}: table {problem.table} does not exist before the statement")
    if isinstance(problem, UniqueKey):
        return duplicate_offenders(connection, schema, problem)
    if isinstance(problem, ColumnChange):
        return column_change_offenders(connection, schema, problem)
    if isinstance(problem, InsertSelect):
        return insert_select_offenders(connection, schema, problem)
    return orphan_offenders(connection, schema, problem)


def duplicate_offenders(connection: Connection, schema: Schema, problem: UniqueKey) -> Diagnosis:
    table = quote(connection, problem.table)
    expressions = [key_expression(connection, part) for part in problem.columns]
    grouped = ", ".join(expressions)
    not_null = " AND ".join(f"{expression} IS NOT NULL" for expression in expressions)
    duplicated = (
        f"SELECT {grouped} FROM {table} WHERE {not_null} GROUP BY {grouped} HAVING COUNT(*) > 1"
    )
    key = primary_key(schema, problem.table)
    shown = [column for column in (plain_column(part) for part in problem.columns) if column]
    selected = list(dict.fromkeys([*key, *shown]))
    tuple_sql = f"({grouped})" if len(expressions) > 1 else grouped
    rows = fetch(
        connection,
        f"SELECT {column_list_sql(connection, selected)} FROM {table} WHERE {tuple_sql} IN ({duplicated}) "
        f"ORDER BY {grouped}, {column_list_sql(connection, key)}",
    )
    columns = ", ".join(problem.columns)
    if not rows:
        return Diagnosis(problem, f"{problem.summary}: no duplicate values of ({columns}) found")
    groups = {tuple(row.get(column) for column in shown) for row in rows}
    offending = tuple(
        OffendingRow(problem.table, {k: row[k] for k in key}, {c: row[c] for c in shown},
                     f"duplicate ({columns})")
        for row in rows
    )
    return Diagnosis(
        problem,
        f"{len(rows)} rows of {problem.table} share {len(groups)} duplicated value(s) of ({columns}), "
        f"so the {problem.summary} cannot be built:",
        offending[: SHOWN_ROWS * 5],
        len(rows),
    )


def orphan_offenders(connection: Connection, schema: Schema, problem: ForeignKey) -> Diagnosis:
    table, parent = quote(connection, problem.table), quote(connection, problem.parent)
    parent_columns = schema.tables[problem.parent].columns if problem.parent in schema.tables else {}
    # Each value is looked up as the referenced column compares it (its collation, on MySQL).
    match = " AND ".join(
        f"p.{quote(connection, pc)} = {compared_as(connection, 't.' + quote(connection, c), parent_columns.get(pc))}"
        for c, pc in zip(problem.columns, problem.parent_columns, strict=False)
    )
    present = " AND ".join(f"t.{quote(connection, c)} IS NOT NULL" for c in problem.columns)
    key = primary_key(schema, problem.table)
    selected = list(dict.fromkeys([*key, *problem.columns]))
    rows = fetch(
        connection,
        f"SELECT {', '.join('t.' + quote(connection, c) for c in selected)} FROM {table} t WHERE {present} "
        f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {match})",
    )
    if not rows:
        return Diagnosis(problem, f"{problem.summary}: every row has its referenced row")
    offending = tuple(
        OffendingRow(problem.table, {k: row[k] for k in key}, {c: row[c] for c in problem.columns},
                     f"no {problem.parent} row with ({', '.join(problem.parent_columns)}) = these values")
        for row in rows
    )
    return Diagnosis(
        problem, f"{len(rows)} rows of {problem.table} reference missing {problem.parent} rows, so the "
        f"{problem.summary} cannot be added:", offending[: SHOWN_ROWS * 5], len(rows),
    )
