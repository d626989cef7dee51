"""Split a pg_dump plain-format file into statements, the way `psql` reads it.

Handled: `COPY ... FROM stdin;` followed by its rows up to the `\\.` line, psql backslash commands (`\\connect`,
`\\restrict`, ...) on their own line, single-quoted strings (`E'...'` with backslash escapes), double-quoted
identifiers, dollar-quoted bodies (`$$ ... $$`, `$tag$ ... $tag$`), `--` comments and nested `/* */` comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from harness.reproduce.statements import LineCounter, Statement

_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$")
_COPY_FROM_STDIN = re.compile(r"^\s*COPY\s.*\sFROM\s+stdin\b", re.IGNORECASE | re.DOTALL)
_STRING = re.compile(r"'[^']*(?:''[^']*)*'")
_E_STRING = re.compile(r"'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'", re.DOTALL)
_IDENTIFIER = re.compile(r'"[^"]*(?:""[^"]*)*"')
_END_OF_COPY = re.compile(r"^\\\.[ \t]*\r?$", re.MULTILINE)


def split_postgresql(text: str) -> Iterator[Statement]:
    lines = LineCounter(text)
    position = start = code_start = 0
    has_code = False
    length = len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        if char == "-" and text.startswith("--", position):
            newline = text.find("\n", position)
            position = length if newline < 0 else newline + 1
            continue
        if char == "/" and text.startswith("/*", position):
            position = _skip_block_comment(text, position)
            continue
        if not has_code:
            if char == "\\" and lines.at_line_start(position):
                newline = text.find("\n", position)
                end = length if newline < 0 else newline + 1
                yield Statement(text[position:end].strip(), lines.line(position), start, end, meta=True)
                position = start = end
                continue
            if char == ";":
                position = start = position + 1
                continue
            has_code, code_start = True, position
        if char == ";":
            sql = text[code_start:position].strip()
            position += 1
            has_code = False
            if _COPY_FROM_STDIN.match(sql):
                end, data = _copy_block(text, position)
                yield Statement(sql, lines.line(code_start), start, end, copy_data=data)
                position = start = end
            else:
                yield Statement(sql, lines.line(code_start), start, position)
                start = position
        else:
            position = _past_token(text, position)
    if has_code:
        yield Statement(text[code_start:].strip(), lines.line(code_start), start, length)


def _past_token(text: str, position: int) -> int:
    """Index past the string, identifier or dollar-quoted body starting at `position`, or past one character."""
    char = text[position]
    match: re.Match[str] | None = None
    if char == "'":
        escaped = position > 0 and text[position - 1] in "eE" and not _word_char(text, position - 2)
        match = (_E_STRING if escaped else _STRING).match(text, position)
    elif char == '"':
        match = _IDENTIFIER.match(text, position)
    elif char == "$" and not _word_char(text, position - 1):
        tag = _DOLLAR_TAG.match(text, position)
        if tag is not None:
            close = text.find(tag.group(0), tag.end())
            return len(text) if close < 0 else close + len(tag.group(0))
        return position + 1
    else:
        return position + 1
    return match.end() if match else len(text)


def _copy_block(text: str, position: int) -> tuple[int, str]:
    """The end of a COPY's data (past the `\\.` line) and the data itself, which starts on the next line."""
    newline = text.find("\n", position)
    data_start = len(text) if newline < 0 else newline + 1
    terminator = _END_OF_COPY.search(text, data_start)
    if terminator is None:
        return len(text), text[data_start:]
    end = terminator.end() + (1 if text.startswith("\n", terminator.end()) else 0)
    return end, text[data_start : terminator.start()]


def _word_char(text: str, index: int) -> bool:
    return index >= 0 and (text[index].isalnum() or text[index] == "_")


def _skip_block_comment(text: str, position: int) -> int:
    depth = 0
    index = position
    length = len(text)
    while index < length:
        if text.startswith("/*", index):
            depth += 1
            index += 2
        elif text.startswith("*/", index):
            depth -= 1
            index += 2
            if depth == 0:
                return index
        else:
            index += 1
    return length
