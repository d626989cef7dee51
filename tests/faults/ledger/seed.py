"""Deterministic ledger rows for any version; `batch` n uses ids from n * 1,000,000 + 1, so batches never collide."""

from __future__ import annotations

from sqlalchemy import Connection, text

NAMES = ("Ann Lee", "Bo Chen", "Zoë ødegård", "李雷", "O'Brien")


def _at_least(version: str, wanted: tuple[int, ...]) -> bool:
    return tuple(int(part) for part in version.lstrip("v").split(".")) >= wanted


def seed(connection: Connection, *, version: str, dialect: str, size: int = 20, batch: int = 0) -> dict[str, int]:
    first = batch * 1_000_000 + 1
    accounts = []
    for offset in range(max(size // 2, 3)):
        ident = first + offset
        row: dict[str, object] = {"id": ident, "name": NAMES[offset % len(NAMES)], "created_at": 1_700_000_000 + ident}
        if _at_least(version, (1, 1, 0)):
            digits = f"{ident:07d}"
            # Dashed until v1.2.0, which stores digits only.
            phone = f"+1-555-{digits}" if not _at_least(version, (1, 2, 0)) else f"+1555{digits}"
            row["phone"] = "" if ident % 3 == 0 else phone
        accounts.append(row)
    entries = [
        {
            "id": first + offset,
            "account_id": accounts[offset % len(accounts)]["id"],
            "memo": f"entry {offset} " * (offset % 3),
        }
        for offset in range(size)
    ]
    _insert(connection, "accounts", accounts)
    _insert(connection, "entries", entries)
    counts = {"accounts": len(accounts), "entries": len(entries)}
    if _at_least(version, (1, 2, 0)):
        contacts = [
            {"id": row["id"], "account_id": row["id"], "phone": row["phone"]} for row in accounts if row["phone"]
        ]
        _insert(connection, "contacts", contacts)
        counts["contacts"] = len(contacts)
    if dialect == "postgresql":
        for table in counts:
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))
    return counts


def _insert(connection: Connection, table: str, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    statement = text(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + column for column in columns)})"
    )
    connection.execute(statement, rows)
