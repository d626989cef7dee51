"""Hosts and `size` events, generated on the server (generate_series / MariaDB's sequence engine) so that a few
hundred thousand rows take seconds. Twenty events carry code -1 (see widen_code in the PostgreSQL install)."""

from __future__ import annotations

from sqlalchemy import Connection, text

HOSTS = 200
SLOW_CODES = 20


def seed(connection: Connection, *, version: str, dialect: str, size: int = 100, batch: int = 0) -> dict[str, int]:
    has_note = tuple(int(part) for part in version.lstrip("v").split(".")) < (1, 3, 0)
    first = batch * 1_000_000
    numbers = _numbers(dialect, HOSTS)
    ident = _concat(dialect, "'host-'", f"n + {first}")
    note, note_value = (", note", ", " + _concat(dialect, "'note '", "n")) if has_note else ("", "")
    connection.execute(text(f"INSERT INTO host (ident{note}, seen) SELECT {ident}{note_value}, 0 FROM {numbers}"))
    events = max(size, SLOW_CODES)
    connection.execute(text(
        "INSERT INTO event (host_id, severity, code, fired, pad) "
        f"SELECT {first} + 1 + n % {HOSTS}, 1 + n % 5, CASE WHEN n <= {SLOW_CODES} THEN -1 ELSE n % 100 END, "
        f"1700000000 + n, {_repeat(dialect)} FROM {_numbers(dialect, events)}"
    ))
    return {"host": HOSTS, "event": events}


def _numbers(dialect: str, count: int) -> str:
    if dialect == "postgresql":
        return f"generate_series(1, {count}) AS numbers (n)"
    return f"(SELECT seq AS n FROM seq_1_to_{count}) AS numbers"


def _concat(dialect: str, left: str, right: str) -> str:
    return f"{left} || {right}" if dialect == "postgresql" else f"CONCAT({left}, {right})"


def _repeat(dialect: str) -> str:
    return "repeat('p', 100)" if dialect == "postgresql" else "REPEAT('p', 100)"
