"""Replace personal data with consistent fakes that keep keys, lengths and uniqueness.

Which columns: character-typed columns (char, varchar, text, json) whose name says they hold a person's name, an
email, a phone number, a token or secret, a host identity or address (URLs), contact details or free text
(MASKED_NAMES). Keys and
numbers are never changed, so rows still join and sort the same way.

How: every letter becomes a letter of the same case, every digit a digit, anything else (`@ . - _ :` spaces, JSON
punctuation) stays, so a value keeps its length and shape (an email still looks like one). The fake is derived by
keyed hashing (HMAC-SHA256) of the case-folded value: the same value gets the same fake everywhere (in every column
and table, so copied values still match), values equal under a case-insensitive collation stay equal, and distinct
values stay distinct (a collision is re-drawn). Inside JSON only string values change, never keys, numbers or
literals, so the document stays valid. The key is fixed per bundle (`--mask` writes no key), so the fakes cannot be
reversed by hashing guesses without it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterator, Mapping

MASKED_NAMES = re.compile(
    r"(^|_)(user_?name|nick_?name|real_?name|display_?name|first_?name|last_?name|full_?name|name|username"
    r"|e?mail|email_address|phone|mobile|tel|telephone|contacts?|address|token|secret|password|passwd|api_?key"
    r"|access_key|credential|cookie|session|ident|host|hostname|ip|note|notes|comment|description|memo|remark"
    r"|content|message|body|create_by|update_by|created_by|updated_by|owner|author|auth|http|url|urls|endpoint"
    r"|dsn|webhook)($|_)",
    re.IGNORECASE,
)
MASKED_TYPES = re.compile(r"char|text|json|clob|string", re.IGNORECASE)
_LETTERS_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_MAX_REDRAWS = 1000


def masked_column(name: str, type_: str) -> bool:
    """Whether a column is masked: its name matches MASKED_NAMES and its type holds text."""
    return bool(MASKED_NAMES.search(name)) and bool(MASKED_TYPES.search(type_))


class Masker:
    """Consistent fakes for one bundle: one instance must mask every value, so equal values stay equal."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key if key is not None else secrets.token_bytes(32)
        self._fakes: dict[str, str] = {}  # case-folded original -> case-folded fake
        self._taken: set[str] = set()

    def mask(self, value: str) -> str:
        """The fake for a whole value; JSON documents keep their structure."""
        stripped = value.strip()
        if stripped[:1] in "[{" and _is_json(stripped):
            return self._mask_json(value)
        return self._mask_text(value)

    def _mask_text(self, value: str) -> str:
        if not value:
            return value
        folded = value.casefold() if len(value.casefold()) == len(value) else value
        fake = self._fakes.get(folded)
        if fake is None:
            fake = self._draw(folded)
            self._fakes[folded] = fake
            self._taken.add(fake)
        return "".join(f.upper() if o.isupper() else f for o, f in zip(value, fake, strict=True))

    def _draw(self, folded: str) -> str:
        for attempt in range(_MAX_REDRAWS):
            fake = "".join(_shaped(folded, self._stream(folded, attempt)))
            if fake not in self._taken and (fake != folded or not _has_maskable(folded)):
                return fake
        raise ValueError(f"cannot find a distinct fake for a value of length {len(folded)}")

    def _stream(self, folded: str, attempt: int) -> Iterator[int]:
        counter = 0
        while True:
            block = hmac.new(self._key, f"{attempt}:{counter}:{folded}".encode(), hashlib.sha256).digest()
            yield from block
            counter += 1

    def _mask_json(self, value: str) -> str:
        def replace(match: re.Match[str]) -> str:
            following = value[match.end() :].lstrip()[:1]
            if following == ":":  # an object key: part of the structure, not data
                return match.group(0)
            return '"' + self._mask_escaped(match.group(0)[1:-1]) + '"'

        return _JSON_STRING.sub(replace, value)

    def _mask_escaped(self, inner: str) -> str:
        """Mask the characters of a JSON string body, leaving escape sequences as they are."""
        pieces = re.split(r"(\\u[0-9a-fA-F]{4}|\\.)", inner)
        return "".join(piece if piece.startswith("\\") else self._mask_text(piece) for piece in pieces)


def _shaped(folded: str, stream: Iterator[int]) -> Iterator[str]:
    for char in folded:
        if char.isdigit():
            yield _DIGITS[next(stream) % 10]
        elif char.isalpha() or (ord(char) > 127 and not char.isspace()):
            yield _LETTERS_LOWER[next(stream) % 26]
        else:
            yield char


def _has_maskable(text: str) -> bool:
    return any(char.isalnum() or ord(char) > 127 for char in text)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def masked_columns(columns: Mapping[str, str]) -> tuple[str, ...]:
    """The masked ones of `columns` (name -> type), in their order."""
    return tuple(name for name, type_ in columns.items() if masked_column(name, type_))
