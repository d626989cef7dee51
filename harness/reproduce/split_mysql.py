"""Split a mysqldump / mariadb-dump file into statements, the way the `mysql` client does.

Handled: `DELIMITER` changes (triggers, routines), strings with backslash escapes, backquoted identifiers, `--` and
`#` line comments, `/* */` comments, and `/*!NNNNN ... */` conditional comments, which are code and stay in the
statement (the server decides whether to run them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from harness.reproduce.statements import LineCounter, Statement

_DELIMITER = re.compile(r"[ \t]*DELIMITER[ \t]+(\S+)[ \t]*(?:\r?\n|$)", re.IGNORECASE)
# mariadb-dump 10.11.8+ writes this client command on the first line; the server would only see a comment.
_SANDBOX = re.compile(r"/\*M?!999999\\- enable the sandbox mode \*/[ \t]*\r?\n?")


def split_mysql(text: str) -> Iterator[Statement]:
    delimiter = ";"
    lines = LineCounter(text)
    position = start = code_start = 0
    has_code = False
    length = len(text)
    while position < length:
        char = text[position]
        if not has_code:
            directive = _SANDBOX.match(text, position) or (
                _DELIMITER.match(text, position) if lines.at_line_start(position) else None
            )
            if directive:
                if directive.re is _DELIMITER:
                    delimiter = directive.group(1)
                position = start = directive.end()
                continue
        if char in "'\"`":
            has_code, code_start = True, code_start if has_code else position
            position = _skip_quoted(text, position, char)
        elif char == "#" or (char == "-" and text.startswith("--", position) and _dash_comment(text, position)):
            newline = text.find("\n", position)
            position = length if newline < 0 else newline + 1
        elif char == "/" and text.startswith("/*", position) and not text.startswith(("/*!", "/*M!"), position):
            close = text.find("*/", position + 2)
            position = length if close < 0 else close + 2
        elif text.startswith(delimiter, position):
            if has_code:
                yield Statement(text[code_start:position].strip(), lines.line(code_start), start,
                                position + len(delimiter))
            position = start = position + len(delimiter)
            has_code = False
        else:
            if not has_code and not char.isspace():
                has_code, code_start = True, position
            position += 1
    if has_code:
        yield Statement(text[code_start:].strip(), lines.line(code_start), start, length)


_QUOTED = {
    "'": re.compile(r"'[^'\\]*(?:(?:\\.|'')[^'\\]*)*'", re.DOTALL),
    '"': re.compile(r'"[^"\\]*(?:(?:\\.|"")[^"\\]*)*"', re.DOTALL),
    "`": re.compile(r"`[^`]*(?:``[^`]*)*`"),
}


def _skip_quoted(text: str, position: int, quote: str) -> int:
    """Index just past the string or identifier opened at `position`; backslash escapes apply to strings only."""
    match = _QUOTED[quote].match(text, position)
    return match.end() if match else len(text)


def _dash_comment(text: str, position: int) -> bool:
    """`--` starts a comment only when followed by whitespace or the end of the line."""
    following = text[position + 2 : position + 3]
    return following == "" or following.isspace()
