"""Customer dumps with their version table removed or lying, made from the fixture dumps statement by statement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from harness.reproduce.dumpfile import read_dump
from harness.reproduce.load import split_dump
from harness.reproduce.statements import Statement, data_table

VERSION_TABLE = "schema_migrations"


def rewrite(source: Path, target: Path, change: Callable[[Statement, str], str | None], extra: str = "") -> Path:
    """Copy `source` to `target`, each statement replaced by change(statement, its text) (None drops it)."""
    dump = read_dump(source)
    pieces = []
    previous = 0
    for statement in split_dump(dump):
        pieces.append(dump.text[previous : statement.start])
        previous = statement.end
        replaced = change(statement, dump.text[statement.start : statement.end])
        if replaced is not None:
            pieces.append(replaced)
    pieces.append(dump.text[previous:])
    target.write_text("".join(pieces) + extra, encoding="utf-8")
    return target


def without_version_table(source: Path, target: Path, extra: str = "") -> Path:
    return rewrite(source, target, lambda s, text: None if VERSION_TABLE in s.sql else text, extra)


def with_recorded_version(source: Path, target: Path, recorded: str, lie: str) -> Path:
    dialect = read_dump(source).dialect

    def change(statement: Statement, text: str) -> str:
        return text.replace(recorded, lie) if data_table(statement, dialect) == VERSION_TABLE else text

    return rewrite(source, target, change)
