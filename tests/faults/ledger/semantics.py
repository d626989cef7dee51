"""What the ledger's upgrades change on purpose, and what must hold after them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

Rows = Mapping[str, Sequence[Mapping[str, object]]]

CHANGES: dict[str, list[str]] = {
    "v1.2.0": ["accounts.phone"],  # stored as digits from v1.2.0 on (checked below)
}


def phones_are_digits_and_copied_to_contacts(before: Rows, after: Rows) -> list[str]:
    problems = []
    phones = {row["id"]: row["phone"] for row in after.get("accounts", ())}
    for account in before.get("accounts", ()):
        if account.get("phone"):
            expected = str(account["phone"]).replace("-", "")
            if phones.get(account["id"]) != expected:
                problems.append(
                    f"accounts [{account['id']}] phone: expected {expected!r}, actual {phones.get(account['id'])!r}"
                )
    contacts = {row["account_id"]: row["phone"] for row in after.get("contacts", ())}
    for account_id, phone in sorted(phones.items(), key=lambda item: str(item[0])):
        if phone and contacts.get(account_id) != phone:
            problems.append(
                f"contacts: account {account_id} with phone {phone!r} has contact {contacts.get(account_id)!r}"
            )
    return problems


INVARIANTS = {"v1.2.0": phones_are_digits_and_copied_to_contacts}
