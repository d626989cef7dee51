"""What the shop's upgrades change on purpose, and what must hold after them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Rows = Mapping[str, Sequence[Mapping[str, object]]]

CHANGES: dict[str, list[str]] = {
    # The amount becomes an integer: '1999' is now 1999 (checked below rather than compared as-is).
    "v2.0.0": ["orders.amount", "customers.phone"],  # phone numbers are stored as digits from now on
}


def every_order_has_one_created_event(before: Rows, after: Rows) -> list[str]:
    created: dict[object, int] = {}
    for event in after.get("order_events", ()):
        if event["kind"] == "created":
            created[event["order_id"]] = created.get(event["order_id"], 0) + 1
    return [
        f"order_events: order {order['id']} has {created.get(order['id'], 0)} 'created' events, expected 1"
        for order in before.get("orders", ())
        if created.get(order["id"], 0) != 1
    ]


def amounts_are_converted_and_logins_derived(before: Rows, after: Rows) -> list[str]:
    problems = []
    converted = {row["id"]: row["amount"] for row in after.get("orders", ())}
    for order in before.get("orders", ()):
        expected = int(str(order["amount"]))
        actual = converted.get(order["id"])
        if actual != expected:
            problems.append(f"orders [{order['id']}] amount: expected {expected}, actual {actual!r}")
    names = {row["id"]: row for row in after.get("customers", ())}
    for customer in before.get("customers", ()):
        row = names.get(customer["id"])
        derived = f"{str(customer['name']).lower()}-{customer['id']}"
        if row is not None and "login" not in customer and row["login"] != derived:
            problems.append(f"customers [{customer['id']}] login: derived wrongly as {row['login']!r}")
    return problems


INVARIANTS = {
    "v1.2.0": every_order_has_one_created_event,
    "v2.0.0": amounts_are_converted_and_logins_derived,
}
