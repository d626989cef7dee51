"""What kind of data a failing upgrade statement can trip over, read from the statement itself.

Each Problem names the table and columns the offending rows live in; `harness.reproduce.offenders` queries them.
Statements not recognised here still get their failure reported, just without offending rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.reproduce.sqltext import IDENT, QUALIFIED, column_list, flatten, parenthesised, split_top_level, unquote


@dataclass(frozen=True)
class UniqueKey:
    """A new unique index / constraint / primary key on existing rows: duplicates block it."""

    table: str
    columns: tuple[str, ...]
    name: str = ""

    @property
    def summary(self) -> str:
        return f"new unique key {self.name or ''} on {self.table} ({', '.join(self.columns)})".replace("  ", " ")


@dataclass(frozen=True)
class ColumnChange:
    """A column's type or nullability changes: NULLs, too-long values or values the conversion rejects block it."""

    table: str
    column: str
    new_type: str = ""  # "" when only the nullability changes
    not_null: bool = False
    using: str = ""  # PostgreSQL USING expression
    definition: str = ""  # MySQL: the full new column definition (type, NOT NULL, DEFAULT, ...)

    @property
    def summary(self) -> str:
        change = f"type {self.new_type}" if self.new_type else ""
        if self.not_null:
            change = f"{change} NOT NULL".strip()
        return f"column {self.table}.{self.column} changes to {change}"


@dataclass(frozen=True)
class InsertSelect:
    """Rows copied from a query into a table: its unique keys or NOT NULL columns may reject some of them."""

    table: str
    columns: tuple[str, ...]
    select: str
    source: str  # the first table of the query's FROM (whose rows a reproduction must keep)

    @property
    def summary(self) -> str:
        return f"rows copied into {self.table} ({', '.join(self.columns)}) from {self.source}"


@dataclass(frozen=True)
class ForeignKey:
    """A new foreign key on existing rows: rows whose referenced row does not exist block it."""

    table: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]

    @property
    def summary(self) -> str:
        return f"new foreign key {self.table} ({', '.join(self.columns)}) -> {self.parent}"


Problem = UniqueKey | ColumnChange | InsertSelect | ForeignKey

_CREATE_UNIQUE = re.compile(
    rf"^CREATE UNIQUE INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?({IDENT}) ON (?:ONLY )?({QUALIFIED})"
    r"(?: USING \w+)? ?\(",
    re.IGNORECASE,
)
_ALTER_TABLE = re.compile(rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({QUALIFIED}) (.*)$", re.IGNORECASE | re.DOTALL)
_ADD_UNIQUE = re.compile(
    rf"^ADD (?:CONSTRAINT ({IDENT}) )?(?:UNIQUE|PRIMARY KEY)(?: (?:KEY|INDEX))?"
    rf"(?: (?!\()({IDENT}))? ?(?:USING \w+ ?)?\(",
    re.IGNORECASE,
)
_ADD_FOREIGN = re.compile(
    rf"^ADD (?:CONSTRAINT ({IDENT}) )?FOREIGN KEY(?: ({IDENT}))? ?\(", re.IGNORECASE
)
_REFERENCES = re.compile(rf"^\s*REFERENCES ({QUALIFIED}) ?\(", re.IGNORECASE)
_PG_ALTER_TYPE = re.compile(
    rf"^ALTER (?:COLUMN )?({IDENT}) (?:SET DATA )?TYPE (.+?)(?: USING (.+))?$", re.IGNORECASE | re.DOTALL
)
_PG_SET_NOT_NULL = re.compile(rf"^ALTER (?:COLUMN )?({IDENT}) SET NOT NULL$", re.IGNORECASE)
_MY_MODIFY = re.compile(rf"^MODIFY (?:COLUMN )?({IDENT}) (.+)$", re.IGNORECASE | re.DOTALL)
_MY_CHANGE = re.compile(rf"^CHANGE (?:COLUMN )?({IDENT}) ({IDENT}) (.+)$", re.IGNORECASE | re.DOTALL)
_MY_TYPE = re.compile(r"^(\w+(?: unsigned| signed)?(?:\s*\([^)]*\))?(?: unsigned| zerofill)*)", re.IGNORECASE)
_POSITION = re.compile(rf"\s+(?:FIRST|AFTER {IDENT})\s*$", re.IGNORECASE)
_INSERT_SELECT = re.compile(
    rf"^INSERT (?:IGNORE )?INTO ({QUALIFIED}) ?\((.*?)\) ?(SELECT .*)$", re.IGNORECASE | re.DOTALL
)
_FROM = re.compile(rf"\bFROM ({QUALIFIED})", re.IGNORECASE)
_NOT_NULL = re.compile(r"\bNOT NULL\b", re.IGNORECASE)


def parse_problem(sql: str) -> Problem | None:
    """The first data-sensitive change `sql` makes, or None when it is of no kind recognised here."""
    text = flatten(sql)
    problems = _problems(text)
    return problems[0] if problems else None


def _problems(text: str) -> list[Problem]:
    match = _CREATE_UNIQUE.match(text)
    if match:
        body = parenthesised(text, match.end() - 1)
        return [UniqueKey(unquote(match.group(2)), column_list(body[0]), unquote(match.group(1)))] if body else []
    match = _INSERT_SELECT.match(text)
    if match:
        source = _FROM.search(match.group(3))
        return [InsertSelect(unquote(match.group(1)), column_list(match.group(2)), match.group(3),
                             unquote(source.group(1)) if source else "")]
    match = _ALTER_TABLE.match(text)
    if match:
        return _alter_problems(unquote(match.group(1)), match.group(2))
    return []


def _alter_problems(table: str, clauses: str) -> list[Problem]:
    problems: list[Problem] = []
    changes: dict[str, ColumnChange] = {}
    for raw in split_top_level(clauses):
        clause = raw.strip()
        problem = _unique_clause(table, clause) or _foreign_clause(table, clause)
        if problem is not None:
            problems.append(problem)
            continue
        change = _column_clause(table, clause)
        if change is not None:
            previous = changes.get(change.column)
            changes[change.column] = _merge(previous, change) if previous else change
    return [*changes.values(), *problems]


def _unique_clause(table: str, clause: str) -> UniqueKey | None:
    match = _ADD_UNIQUE.match(clause)
    if match is None:
        return None
    body = parenthesised(clause, match.end() - 1)
    if body is None:
        return None
    name = match.group(1) or match.group(2) or ""
    return UniqueKey(table, column_list(body[0]), unquote(name) if name else "")


def _foreign_clause(table: str, clause: str) -> ForeignKey | None:
    match = _ADD_FOREIGN.match(clause)
    body = parenthesised(clause, match.end() - 1) if match else None
    if body is None:
        return None
    reference = _REFERENCES.match(clause[body[1] :])
    if reference is None:
        return None
    parent_body = parenthesised(clause, body[1] + reference.end() - 1)
    parent_columns = column_list(parent_body[0]) if parent_body else ()
    return ForeignKey(table, column_list(body[0]), unquote(reference.group(1)), parent_columns)


def _column_clause(table: str, clause: str) -> ColumnChange | None:
    match = _PG_ALTER_TYPE.match(clause)
    if match:
        using = (match.group(3) or "").strip()
        return ColumnChange(table, unquote(match.group(1)), match.group(2).strip(), using=using)
    match = _PG_SET_NOT_NULL.match(clause)
    if match:
        return ColumnChange(table, unquote(match.group(1)), not_null=True)
    match = _MY_MODIFY.match(clause)
    if match:
        return _mysql_change(table, match.group(1), match.group(2))
    match = _MY_CHANGE.match(clause)
    if match:
        return _mysql_change(table, match.group(1), match.group(3))
    return None


def _mysql_change(table: str, column: str, definition: str) -> ColumnChange:
    definition = _POSITION.sub("", definition.strip())
    type_match = _MY_TYPE.match(definition)
    return ColumnChange(
        table, unquote(column), type_match.group(1) if type_match else definition,
        not_null=bool(_NOT_NULL.search(definition)), definition=definition,
    )


def _merge(first: ColumnChange, second: ColumnChange) -> ColumnChange:
    return ColumnChange(
        first.table, first.column, second.new_type or first.new_type, first.not_null or second.not_null,
        second.using or first.using, second.definition or first.definition,
    )
