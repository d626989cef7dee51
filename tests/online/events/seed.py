"""Hosts and `size` events, generated on the server (generate_series on PostgreSQL, a cross join of digits on
MySQL and MariaDB) so that a few hundred thousand rows take seconds. Twenty events carry code -1 (see widen_code
in the PostgreSQL install)."""

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
    # MySQL has no sequence engine and caps recursive CTEs at 1000 rows by default; ten digits per place do it.
    digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 " \
             "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
    places = len(str(max(count - 1, 1)))
    number = " + ".join(f"d{place}.d * {10 ** place}" for place in range(places))
    joined = " CROSS JOIN ".join(f"{digits} AS d{place}" for place in range(places))
    return f"(SELECT 1 + {number} AS n FROM {joined} WHERE 1 + {number} <= {count}) AS numbers"


def _concat(dialect: str, left: str, right: str) -> str:
    return f"{left} || {right}" if dialect == "postgresql" else f"CONCAT({left}, {right})"


def _repeat(dialect: str) -> str:
    return "repeat('p', 100)" if dialect == "postgresql" else "REPEAT('p', 100)"
