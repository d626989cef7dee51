"""Rows a data-copying statement (`INSERT INTO t (...) SELECT ...`) cannot insert: duplicates under the target's
unique keys (among themselves or with rows already there), NULLs for NOT NULL columns, values too long.

The query is re-run with its select list aliased, plus the primary key of its source table, so each offending
value leads back to the source row a reproduction must keep.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection

from harness.inspect import Schema, Table
from harness.reproduce.diagnosis import SHOWN_ROWS, Diagnosis, OffendingRow
from harness.reproduce.problem import InsertSelect
from harness.reproduce.querying import compared_as, fetch, fragment, primary_key, quote
from harness.reproduce.sqltext import IDENT, QUALIFIED, split_top_level, unquote

_SELECT = re.compile(r"^SELECT\s+(DISTINCT\s+)?", re.IGNORECASE)
_FROM_SOURCE = re.compile(rf"^FROM\s+({QUALIFIED})(?:\s+(?:AS\s+)?(?!WHERE\b|JOIN\b|GROUP\b|ORDER\b|LIMIT\b|LEFT\b"
                          rf"|INNER\b|ON\b)({IDENT}))?", re.IGNORECASE)
_LENGTH = re.compile(r"^(?:var)?char(?:acter)?(?: varying)?\((\d+)\)", re.IGNORECASE)


def split_select(select: str) -> tuple[str, list[str], str] | None:
    """`SELECT [DISTINCT] a, b FROM ...` -> ("SELECT [DISTINCT] ", ["a", "b"], "FROM ...")."""
    head = _SELECT.match(select)
    if head is None:
        return None
    depth, quote_char = 0, ""
    index = head.end()
    while index < len(select):
        char = select[index]
        if quote_char:
            quote_char = "" if char == quote_char else quote_char
        elif char in "'\"`":
            quote_char = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and re.match(r"FROM\b", select[index:], re.IGNORECASE) and select[index - 1].isspace():
            expressions = [part.strip() for part in split_top_level(select[head.end() : index])]
            return select[: head.end()], expressions, select[index:]
        index += 1
    return None


def insert_select_offenders(connection: Connection, schema: Schema, problem: InsertSelect) -> Diagnosis:
    target = schema.tables[problem.table]
    parts = split_select(problem.select)
    if parts is None or len(parts[1]) != len(problem.columns):
        return Diagnosis(problem, f"{problem.summary}: the query's select list could not be read")
    prefix, expressions, rest = parts
    source = _FROM_SOURCE.match(rest)
    source_table = unquote(source.group(1)) if source else ""
    alias = unquote(source.group(2)) if source and source.group(2) else source_table
    source_key = primary_key(schema, source_table) if source_table in schema.tables else ()
    aliased = [f"{alias and quote(connection, alias) + '.'}{quote(connection, k)} AS uh_k{i}"
               for i, k in enumerate(source_key)]
    aliased += [f"{fragment(expression)} AS uh_c{i}" for i, expression in enumerate(expressions)]
    query = f"{prefix}{', '.join(aliased)} {fragment(rest)}"
    position = {column: i for i, column in enumerate(problem.columns)}
    conditions, reasons = _conditions(connection, target, position, query)
    if not conditions:
        return Diagnosis(problem, f"{problem.summary}: the target has no unique key, NOT NULL or length limit "
                                  "the copied values could break")
    reason_columns = ", ".join(f"CASE WHEN {condition} THEN 1 ELSE 0 END AS uh_r{i}"
                               for i, condition in enumerate(conditions))
    rows = fetch(connection, f"SELECT q.*, {reason_columns} FROM ({query}) q WHERE "
                             + " OR ".join(f"({condition})" for condition in conditions))
    if not rows:
        return Diagnosis(problem, f"{problem.summary}: no copied row breaks a key or constraint of {problem.table}")
    offending = tuple(
        OffendingRow(
            source_table or problem.table,
            {k: row[f"uh_k{i}"] for i, k in enumerate(source_key)},
            {column: row[f"uh_c{i}"] for column, i in position.items()},
            "; ".join(reason for i, reason in enumerate(reasons) if row[f"uh_r{i}"]),
        )
        for row in rows
    )
    return Diagnosis(
        problem, f"{len(rows)} rows of {source_table or 'the query'} cannot be copied into {problem.table}:",
        offending[: SHOWN_ROWS * 5], len(rows),
        () if source_key else ("the source rows could not be identified by a primary key",),
    )


def _conditions(
    connection: Connection, target: Table, position: dict[str, int], query: str
) -> tuple[list[str], list[str]]:
    conditions: list[str] = []
    reasons: list[str] = []
    for index in target.indexes.values():
        columns = [column.strip('"') for column in index.columns]
        if not index.unique or not all(column in position for column in columns):
            continue
        # The copied values are keyed as the target's columns compare them (their collation, on MySQL).
        copied = ", ".join(compared_as(connection, f"q.uh_c{position[c]}", target.columns.get(c)) for c in columns)
        keyed = ", ".join(
            f"{compared_as(connection, f'q2.uh_c{position[c]}', target.columns.get(c))} AS uh_g{i}"
            for i, c in enumerate(columns)
        )
        grouped = ", ".join(f"g.uh_g{i}" for i in range(len(columns)))
        tuple_sql = f"({copied})" if len(columns) > 1 else copied
        existing = ", ".join(quote(connection, c) for c in columns)
        # Keyed in a derived table: MySQL checks a grouped subquery's IN against its GROUP BY column by column.
        conditions.append(
            f"{tuple_sql} IN (SELECT {grouped} FROM (SELECT {keyed} FROM ({query}) q2) g "
            f"GROUP BY {grouped} HAVING COUNT(*) > 1) OR "
            f"{tuple_sql} IN (SELECT {existing} FROM {quote(connection, target.name)})"
        )
        reasons.append(f"duplicate ({', '.join(columns)}) under unique key {index.name} of {target.name}")
    for name, column in target.columns.items():
        if name not in position:
            continue
        if not column.nullable:
            conditions.append(f"q.uh_c{position[name]} IS NULL")
            reasons.append(f"NULL for {target.name}.{name}, which is NOT NULL")
        length = _LENGTH.match(column.type)
        if length:
            conditions.append(f"CHAR_LENGTH(q.uh_c{position[name]}) > {length.group(1)}")
            reasons.append(f"longer than {target.name}.{name} {column.type}")
    return conditions, reasons

