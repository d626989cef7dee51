"""Small, dialect-aware helpers for reading one SQL statement: identifiers, top-level lists, clause boundaries."""

from __future__ import annotations

import re

IDENT = r'(?:`(?:[^`]|``)+`|"(?:[^"]|"")+"|[\w$]+)'
QUALIFIED = rf"(?:{IDENT}\.)?{IDENT}"
_QUOTE_CHARS = "'\"`"


def unquote(identifier: str) -> str:
    """`name`, "name" or name -> name; a schema qualifier (public.t) is dropped."""
    parts = split_top_level(identifier.strip(), ".")
    last = parts[-1].strip()
    if len(last) >= 2 and last[0] == last[-1] and last[0] in '`"':
        return last[1:-1].replace(last[0] * 2, last[0])
    return last


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on `separator` where it is outside parentheses, strings and quoted identifiers."""
    parts: list[str] = []
    depth = 0
    quote = ""
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == "'":
                current.append(text[index : index + 2])
                index += 2
                continue
            if char == quote:
                quote = ""
        elif char in _QUOTE_CHARS:
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append("".join(current))
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


def parenthesised(text: str, start: int) -> tuple[str, int] | None:
    """The contents of the parenthesis group opening at or after `start`, and the index past its close."""
    open_at = text.find("(", start)
    if open_at < 0:
        return None
    depth = 0
    quote = ""
    for index in range(open_at, len(text)):
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
        elif char in _QUOTE_CHARS:
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return text[open_at + 1 : index], index + 1
    return None


def column_list(text: str) -> tuple[str, ...]:
    """Index/constraint columns: `a, b(191), lower(c) DESC` -> ("a", "b(191)", "lower(c)")."""
    columns = []
    for part in split_top_level(text):
        cleaned = re.sub(r"\s+(ASC|DESC)\s*$", "", part.strip(), flags=re.IGNORECASE)
        columns.append(unquote(cleaned) if re.fullmatch(IDENT, cleaned) else cleaned)
    return tuple(columns)


def flatten(sql: str) -> str:
    """One line, single spaces, no trailing semicolon: for messages and for the patterns below."""
    return " ".join(sql.split()).rstrip(";").strip()
