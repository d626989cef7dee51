"""Deterministic shop data for any version: the same arguments give the same rows on every engine."""

from __future__ import annotations

from sqlalchemy import Connection, text

NAMES = ("Ann Lee", "ann lee", "Bo Chen", "Zoë ødegård", "李雷", "Ana 🚀 Silva", "O'Brien", "x" * 100)
STATUSES = ("new", "paid", "shipped", "cancelled")


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.lstrip("v").split("."))


def seed(connection: Connection, *, version: str, dialect: str, size: int = 100, batch: int = 0) -> dict[str, int]:
    at = _version_tuple(version)
    first = batch * 1_000_000 + 1
    customers = []
    for offset in range(max(size // 2, len(NAMES))):
        ident = first + offset
        row: dict[str, object] = {
            "id": ident,
            "email": f"customer{ident}@example.com",
            "name": NAMES[offset % len(NAMES)] if offset < len(NAMES) else f"Customer {ident}",
            "created_at": 1_700_000_000 + ident,
        }
        if at >= (1, 1, 0):
            row["phone"] = f"+1-555-{ident:07d}" if ident % 3 else ""
        if at >= (2, 0, 0):
            row["login"] = f"{str(row['name']).lower()}-{ident}"
        customers.append(row)
    orders = []
    for offset in range(size):
        ident = first + offset
        amount = (ident * 37) % 100_000
        orders.append(
            {
                "id": ident,
                "customer_id": customers[offset % len(customers)]["id"],
                "status": STATUSES[offset % len(STATUSES)],
                "amount": amount if at >= (2, 0, 0) else str(amount),
                "note": ("gift wrap, ring twice " * 12)[:255] if offset % 10 == 0 else "",
            }
        )
    _insert(connection, "customers", customers)
    _insert(connection, "orders", orders)
    counts = {"customers": len(customers), "orders": len(orders)}
    if at >= (1, 2, 0):
        events = [{"id": o["id"], "order_id": o["id"], "kind": "created"} for o in orders]
        _insert(connection, "order_events", events)
        counts["order_events"] = len(events)
    if dialect == "postgresql":
        for table in counts:
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))
    return counts


def _insert(connection: Connection, table: str, rows: list[dict[str, object]]) -> None:
    columns = list(rows[0])
    statement = text(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + column for column in columns)})"
    )
    connection.execute(statement, rows)
