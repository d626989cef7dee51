"""SQL text handling on top of sqlparse: statement splitting with line numbers, markers, unterminated literals.

sqlparse respects strings, quoted identifiers, comments and PostgreSQL dollar quoting when it splits; an unterminated
literal shows up as an error token, an unterminated block comment as a `/` followed by `*`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlparse import tokens as T
from sqlparse.engine import FilterStack
from sqlparse.lexer import tokenize

from migrator.errors import SourceError
from migrator.source import Statement

MARKER = re.compile(r"^--\s*migrator:(?P<kind>\S*)(?P<args>.*)$")
_QUOTE_NAMES = {"'": "string", '"': "quoted identifier", "`": "quoted identifier", "$": "dollar-quoted string"}
_SKIPPED = (T.Whitespace, T.Newline, T.Comment)
_DML = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT", "MERGE"})


@dataclass(frozen=True)
class Marker:
    """A `-- migrator:<kind> <args>` comment: its line and where it starts and ends in the text."""

    kind: str
    args: tuple[str, ...]
    line: int
    start: int
    end: int


def _check_token(ttype: Any, value: str, line: int, previous: tuple[object, str, int] | None, path: Path) -> None:
    if ttype in T.Error:
        what = _QUOTE_NAMES.get(value[:1], f"token {value!r}")
        raise SourceError(path, line, f"unterminated {what}: close it (or escape the quote) before the end")
    if previous is not None and previous[1] == "/" and value == "*":
        raise SourceError(path, previous[2], "unterminated block comment: `/*` without `*/`")


def marker_lines(text: str) -> list[int]:
    """Lines that look like markers, found without lexing (install scripts must have none)."""
    return [number for number, line in enumerate(text.splitlines(), 1) if MARKER.match(line.strip())]


def scan(text: str, path: Path) -> list[Marker]:
    """Check the whole text lexes cleanly and return its markers in order."""
    markers: list[Marker] = []
    line, offset = 1, 0
    previous: tuple[object, str, int] | None = None
    for ttype, value in _tokens(text):
        _check_token(ttype, value, line, previous, path)
        if ttype in T.Comment.Single:
            match = MARKER.match(value.strip())
            if match is not None:
                args = tuple(match.group("args").split())
                markers.append(Marker(match.group("kind"), args, line, offset, offset + len(value)))
        if ttype not in _SKIPPED:
            previous = (ttype, value, line)
        offset += len(value)
        line += value.count("\n")
    return markers


def split(text: str, first_line: int, path: Path, *, check_tokens: bool = False) -> tuple[Statement, ...]:
    """The statements of `text` (which starts at `first_line` of `path`), without comments around them.

    `check_tokens` does what `scan` checks (unterminated literals and comments) on the way, for text not scanned.
    """
    return tuple(_statements(text, first_line, path, check_tokens))


def _statements(text: str, first_line: int, path: Path, check_tokens: bool) -> Iterator[Statement]:
    line = first_line
    for parsed in _parsed(text):
        tokens = list(parsed.flatten())
        if check_tokens:
            _check_tokens(tokens, line, path)
        raw = "".join(token.value for token in tokens)
        meaningful = [i for i, token in enumerate(tokens) if not _is_filler(token.ttype, token.value)]
        if meaningful:
            first, last = meaningful[0], meaningful[-1]
            start_line = line + "".join(token.value for token in tokens[:first]).count("\n")
            body = tokens[first : last + 1]
            sql = "".join(token.value for token in body)
            _check_parentheses(body, sql, start_line, path)
            kind = _kind([(token.ttype, token.value) for token in body])
            if kind == "DELIMITER":
                raise SourceError(path, start_line, "DELIMITER is a client command, not SQL; end statements with `;`")
            yield Statement(sql, start_line, kind)
        line += raw.count("\n")


def _check_tokens(tokens: list[Any], line: int, path: Path) -> None:
    previous: tuple[object, str, int] | None = None
    for token in tokens:
        _check_token(token.ttype, token.value, line, previous, path)
        if not any(token.ttype in kind for kind in _SKIPPED):
            previous = (token.ttype, token.value, line)
        line += token.value.count("\n")


def _tokens(text: str) -> Iterator[tuple[Any, str]]:
    return tokenize(text)  # type: ignore[no-untyped-call,no-any-return]


def _parsed(text: str) -> Iterator[Any]:
    return FilterStack().run(text)  # type: ignore[no-untyped-call,no-any-return]


def _is_filler(ttype: object, value: str) -> bool:
    return any(ttype in kind for kind in _SKIPPED) or (ttype in T.Punctuation and value == ";")


def _check_parentheses(body: list[object], sql: str, line: int, path: Path) -> None:
    depth = 0
    for token in body:
        value = getattr(token, "value", "")
        if getattr(token, "ttype", None) in T.Punctuation:
            depth += {"(": 1, ")": -1}.get(value, 0)
            if depth < 0:
                break
    if depth != 0:
        raise SourceError(path, line, f"unbalanced parentheses in: {first_line_of(sql)}")


def _kind(tokens: list[tuple[object, str]]) -> str:
    """The statement's verb: its first keyword, or for `WITH ...` the first top-level verb after the CTEs."""
    words: list[tuple[int, str]] = []
    depth = 0
    for ttype, value in tokens:
        if ttype in T.Punctuation:
            depth += {"(": 1, ")": -1}.get(value, 0)
        elif ttype in T.Keyword or ttype in T.Name:
            words.append((depth, value.upper()))
    if not words:
        return "UNKNOWN"
    if words[0][1] == "WITH":
        return next((word for level, word in words[1:] if level == 0 and word in _DML), "SELECT")
    return words[0][1]


def first_line_of(sql: str, limit: int = 80) -> str:
    """A short one-line rendering of a statement for messages."""
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_data_change(statement: Statement) -> bool:
    """Statements that do not commit implicitly on MySQL: data manipulation and queries."""
    return statement.kind in _DML
