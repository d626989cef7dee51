"""Rewrite a dump with other rows: every statement is kept as the customer's tool wrote it, except the data.

The first data statement of each table (INSERT or COPY) is replaced by that table's rows from another database; the
table's later data statements are dropped. Comments, session settings, DELIMITER blocks and the order of DDL and
data stay as they were, so the rewritten dump loads the same way the original did.
"""

from __future__ import annotations

from collections.abc import Callable

from harness.reproduce.dumpfile import Dump
from harness.reproduce.load import split_dump
from harness.reproduce.statements import Statement, data_table

RowsFor = Callable[[Statement, str], str]


def rewrite_dump(dump: Dump, rows_for: RowsFor) -> str:
    """The dump with each table's data replaced by `rows_for(first data statement, table)`."""
    pieces: list[str] = []
    previous_end = 0
    seen: set[str] = set()
    for statement in split_dump(dump):
        pieces.append(dump.text[previous_end : statement.start])
        previous_end = statement.end
        table = None if statement.meta else data_table(statement, dump.dialect)
        if table is None:
            pieces.append(dump.text[statement.start : statement.end])
            continue
        code_start = dump.text.find(statement.sql[:40], statement.start)
        pieces.append(dump.text[statement.start : max(code_start, statement.start)])
        if table not in seen:
            seen.add(table)
            pieces.append(rows_for(statement, table))
    pieces.append(dump.text[previous_end:])
    return "".join(pieces)


def schema_only(dump: Dump) -> str:
    """The dump without any row: what a reader wants to see of the customer's schema."""
    return rewrite_dump(dump, lambda statement, table: "")
