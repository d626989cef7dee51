"""Read a customer's plain SQL dump and tell which tool wrote it (mysqldump / mariadb-dump or pg_dump).

The format decides the dialect, so a dump is refused before any server starts when it cannot be loaded into the
engine asked for.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from harness.dialects import Dialect
from harness.reproduce.reproduce_error import ReproduceError

DumpKind = Literal["mysqldump", "pg_dump"]
KIND_DIALECT: dict[DumpKind, Dialect] = {"mysqldump": "mysql", "pg_dump": "postgresql"}

_PG_HEADER = re.compile(r"^--\s*PostgreSQL database dump", re.MULTILINE)
_PG_SERVER = re.compile(r"^-- Dumped from database version (\S+)", re.MULTILINE)
_MY_HEADER = re.compile(r"^--\s*(MySQL|MariaDB) dump", re.MULTILINE)
_MY_SERVER = re.compile(r"^-- Server version\s+(\S+)", re.MULTILINE)
# Without a header (a hand-edited or concatenated dump), the statements themselves tell the dialect.
_PG_HINTS = re.compile(r"^(COPY \S+ .*FROM stdin;|SET search_path|SELECT pg_catalog\.set_config)", re.MULTILINE)
_MY_HINTS = re.compile(r"(ENGINE\s*=\s*\w+|/\*!\d{5}|^LOCK TABLES `)", re.MULTILINE | re.IGNORECASE)
_HEAD_CHARS = 20_000


@dataclass(frozen=True)
class Dump:
    """A dump's text with what its header says about where it came from."""

    path: Path
    kind: DumpKind
    text: str
    source_server: str  # e.g. "15.4" or "10.11.6-MariaDB"; "" when the dump does not say

    @property
    def dialect(self) -> Dialect:
        return KIND_DIALECT[self.kind]

    @property
    def described(self) -> str:
        origin = f", dumped from server {self.source_server}" if self.source_server else ""
        return f"{self.kind} dump{origin}"


def read_dump(path: Path) -> Dump:
    """Read and classify `path` (plain or gzip-compressed); raises ReproduceError naming the file and the fix."""
    if not path.exists():
        raise ReproduceError(f"--dump {path}: no such file; give the path of the customer's SQL dump")
    if not path.is_file():
        raise ReproduceError(f"--dump {path}: not a file; give the path of the customer's SQL dump (.sql or .sql.gz)")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ReproduceError(f"--dump {path}: cannot be read: {err.strerror}") from err
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as err:
            raise ReproduceError(f"--dump {path}: looks gzip-compressed but cannot be decompressed: {err}") from err
    if raw[:5] == b"PGDMP":
        raise ReproduceError(
            f"--dump {path}: a pg_dump custom/directory-format archive, not a plain SQL dump; convert it with "
            f"`pg_restore --file=dump.sql {path.name}` and give dump.sql"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ReproduceError(
            f"--dump {path}: not UTF-8 text (byte {err.start}); re-dump with --default-character-set=utf8mb4 "
            "(and --hex-blob) for MySQL/MariaDB or --encoding=UTF8 for pg_dump"
        ) from err
    return Dump(path=path, kind=_kind(path, text), text=text, source_server=_source_server(text))


def _kind(path: Path, text: str) -> DumpKind:
    head = text[:_HEAD_CHARS]
    if _PG_HEADER.search(head):
        return "pg_dump"
    if _MY_HEADER.search(head):
        return "mysqldump"
    pg_hints = len(_PG_HINTS.findall(text))
    my_hints = len(_MY_HINTS.findall(text))
    if pg_hints > my_hints:
        return "pg_dump"
    if my_hints > pg_hints:
        return "mysqldump"
    raise ReproduceError(
        f"--dump {path}: not recognised as a mysqldump/mariadb-dump or pg_dump plain SQL dump (no tool header and "
        "no dialect-specific statements); give the file the customer's dump tool wrote, unchanged"
    )


def _source_server(text: str) -> str:
    head = text[:_HEAD_CHARS]
    for pattern in (_PG_SERVER, _MY_SERVER):
        match = pattern.search(head)
        if match:
            return match.group(1)
    return ""
