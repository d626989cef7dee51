"""What the dump splitters produce: statements with their place in the dump, so a bundle can splice new rows in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from harness.dialects import Dialect

_DATA_MYSQL = re.compile(r"^\s*(?:INSERT|REPLACE)\s+(?:IGNORE\s+)?INTO\s+`?([\w$]+)`?", re.IGNORECASE)
_DATA_PG_INSERT = re.compile(r'^\s*INSERT\s+INTO\s+(?:"?[\w$]+"?\.)?"?([\w$]+)"?', re.IGNORECASE)
_DATA_PG_COPY = re.compile(r'^\s*COPY\s+(?:"?[\w$]+"?\.)?"?([\w$]+)"?\s*(\([^)]*\))?\s+FROM\s+stdin', re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """One statement of a dump: `sql` without its delimiter; `start`/`end` delimit it (delimiter and COPY data
    included) in the dump text; `line` is where it starts (1-based), for messages."""

    sql: str
    line: int
    start: int
    end: int
    copy_data: str | None = None  # PostgreSQL `COPY ... FROM stdin`: the rows, one per line, without `\.`
    meta: bool = False  # a client-side command (psql backslash command), never sent to the server

    @property
    def keyword(self) -> str:
        words = strip_leading_comments(self.sql).split(None, 2)
        return " ".join(words[:2]).upper()


def strip_leading_comments(sql: str) -> str:
    """The statement without the plain comments before it (conditional `/*!...*/` comments are code, kept)."""
    text = sql.lstrip()
    while True:
        if text.startswith("--"):
            text = text.split("\n", 1)[1].lstrip() if "\n" in text else ""
        elif text.startswith("/*") and not text.startswith(("/*!", "/*M!")):
            end = text.find("*/")
            text = text[end + 2 :].lstrip() if end >= 0 else ""
        else:
            return text


def data_table(statement: Statement, dialect: Dialect) -> str | None:
    """The table a data statement (INSERT / REPLACE / COPY FROM stdin) fills, or None for any other statement."""
    return _DATA_TABLE[dialect](statement, strip_leading_comments(statement.sql))


def _mysql_data_table(_statement: Statement, sql: str) -> str | None:
    match = _DATA_MYSQL.match(sql)
    return match.group(1) if match else None


def _postgresql_data_table(statement: Statement, sql: str) -> str | None:
    match = _DATA_PG_COPY.match(sql) if statement.copy_data is not None else _DATA_PG_INSERT.match(sql)
    return match.group(1) if match else None


_DATA_TABLE: dict[Dialect, Callable[[Statement, str], str | None]] = {
    "mysql": _mysql_data_table,
    "postgresql": _postgresql_data_table,
}


def copy_columns(statement: Statement) -> tuple[str, ...]:
    """The column list of a `COPY t (a, b) FROM stdin` statement (empty when it names none)."""
    match = _DATA_PG_COPY.match(strip_leading_comments(statement.sql))
    if match is None or not match.group(2):
        return ()
    return tuple(part.strip().strip('"') for part in match.group(2)[1:-1].split(","))


class LineCounter:
    """Line numbers of positions met in increasing order, without rescanning the text from the start each time."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._position = 0
        self._line = 1

    def line(self, position: int) -> int:
        if position < self._position:
            return self._text.count("\n", 0, position) + 1
        self._line += self._text.count("\n", self._position, position)
        self._position = position
        return self._line

    def at_line_start(self, position: int) -> bool:
        line_start = self._text.rfind("\n", 0, position) + 1
        return self._text[line_start:position].strip() == ""
