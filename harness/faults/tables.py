"""Which existing table a statement needs a lock on, read from its text (for the `lock-timeout` fault).

Deliberately conservative: a statement whose table cannot be named with confidence is reported with the reason, and
its lock-timeout case is skipped rather than aimed at the wrong table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_NAME = r"(?:[`\"]?[\w$]+[`\"]?\.)?[`\"]?(?P<table>[\w$]+)[`\"]?"
_INDEX = r"(?:[`\"]?[\w$]+[`\"]?\.)?[`\"]?(?P<index>[\w$]+)[`\"]?"
_FLAGS = re.IGNORECASE | re.DOTALL

# (pattern, kind of lock the statement takes: "ddl" | "index" | "concurrent-index" | "comment" | "dml")
_TOUCHES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?{_NAME}", _FLAGS), "ddl"),
    (
        re.compile(rf"^CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+.*?\bON\s+(?:ONLY\s+)?{_NAME}", _FLAGS),
        "concurrent-index",
    ),
    (
        re.compile(rf"^CREATE\s+(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+.*?\bON\s+(?:ONLY\s+)?{_NAME}", _FLAGS),
        "index",
    ),
    (re.compile(rf"^DROP\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?{_INDEX}\s+ON\s+{_NAME}", _FLAGS), "ddl"),
    (
        re.compile(
            rf"^(?:INSERT|REPLACE)\s+(?:LOW_PRIORITY\s+|DELAYED\s+|HIGH_PRIORITY\s+)?(?:IGNORE\s+)?INTO\s+{_NAME}",
            _FLAGS,
        ),
        "dml",
    ),
    (re.compile(rf"^UPDATE\s+(?:LOW_PRIORITY\s+)?(?:IGNORE\s+)?(?:ONLY\s+)?{_NAME}", _FLAGS), "dml"),
    (re.compile(rf"^DELETE\s+FROM\s+(?:ONLY\s+)?{_NAME}", _FLAGS), "dml"),
    (re.compile(rf"^TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?{_NAME}", _FLAGS), "ddl"),
    (re.compile(rf"^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?{_NAME}", _FLAGS), "ddl"),
    (re.compile(rf"^RENAME\s+TABLE\s+{_NAME}", _FLAGS), "ddl"),
    (re.compile(rf"^COMMENT\s+ON\s+TABLE\s+{_NAME}", _FLAGS), "comment"),
    (re.compile(rf"^COMMENT\s+ON\s+COLUMN\s+{_NAME}\.[`\"]?[\w$]+[`\"]?\s+IS\b", _FLAGS), "comment"),
    (re.compile(rf"^CREATE\s+TRIGGER\s+.*?\bON\s+{_NAME}", _FLAGS), "ddl"),
)
_DROP_INDEX_ALONE = re.compile(rf"^DROP\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?{_INDEX}\s*$", _FLAGS)
_CREATES = re.compile(rf"^CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?{_NAME}", _FLAGS)
_CREATES_INDEX = re.compile(
    rf"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?{_INDEX}\s+ON\s+(?:ONLY\s+)?{_NAME}",
    _FLAGS,
)
_RENAMES = (
    re.compile(rf"^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?{_NAME}\s+RENAME\s+TO\s+[`\"]?(?P<new>[\w$]+)", _FLAGS),
    re.compile(rf"^RENAME\s+TABLE\s+{_NAME}\s+TO\s+(?:[`\"]?[\w$]+[`\"]?\.)?[`\"]?(?P<new>[\w$]+)", _FLAGS),
)
_DROPS = re.compile(rf"^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?{_NAME}", _FLAGS)


@dataclass(frozen=True)
class LockTarget:
    table: str
    kind: str  # ddl | index | concurrent-index | comment | dml


def _one_line(sql: str, limit: int = 70) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tables_before(install: Sequence[str], earlier_steps: Sequence[str]) -> set[str]:
    """Tables that exist when a step runs: those of the previous version's install, as changed by earlier steps.

    An install may itself drop and rename (a foreign history's install is every migration up to the version)."""
    tables: set[str] = set()
    for sql in (*install, *earlier_steps):
        text = sql.strip()
        if created := _CREATES.match(text):
            tables.add(created.group("table").lower())
        elif dropped := _DROPS.match(text):
            tables.discard(dropped.group("table").lower())
        for rename in _RENAMES:
            if renamed := rename.match(text):
                tables.discard(renamed.group("table").lower())
                tables.add(renamed.group("new").lower())
    return tables


def lock_target(sql: str, install: Sequence[str], earlier_steps: Sequence[str]) -> LockTarget | str:
    """The existing table `sql` locks, or why there is none (the reason a lock-timeout case is skipped)."""
    text = sql.strip()
    if created := _CREATES.match(text):
        return f"it creates table {created.group('table')}, which no other session can hold a lock on yet"
    existing = tables_before(install, earlier_steps)
    target: LockTarget | None = None
    if alone := _DROP_INDEX_ALONE.match(text):
        owner = _index_owner(alone.group("index").lower(), [*install, *earlier_steps])
        if owner is None:
            return f"cannot tell which table index {alone.group('index')} belongs to"
        target = LockTarget(owner, "ddl")
    else:
        for pattern, kind in _TOUCHES:
            if found := pattern.match(text):
                target = LockTarget(found.group("table").lower(), kind)
                break
    if target is None:
        return f"it touches no table another session could lock ({_one_line(text)})"
    if target.table not in existing:
        return f"its table {target.table} does not exist when the step runs"
    return target


def _index_owner(index: str, statements: Sequence[str]) -> str | None:
    for sql in statements:
        for found in _CREATES_INDEX.finditer(sql):
            if found.group("index").lower() == index:
                return found.group("table").lower()
    return None


def table_of(sql: str, statements: Sequence[str]) -> str | None:
    """The table `sql` creates, changes or writes, read from its text (None when it names none); `statements` are
    read for the table of an index named alone (`DROP INDEX idx` on PostgreSQL)."""
    text = sql.strip()
    if created := _CREATES.match(text):
        return created.group("table").lower()
    if alone := _DROP_INDEX_ALONE.match(text):
        return _index_owner(alone.group("index").lower(), statements)
    for pattern, _kind in _TOUCHES:
        if found := pattern.match(text):
            return found.group("table").lower()
    return None
