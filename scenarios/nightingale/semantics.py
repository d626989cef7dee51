"""What Nightingale's upgrades change on purpose, and what must hold after them.

CHANGES[version] names the `table` or `table.column` entries whose seeded values the upgrade to that version may
alter by design; the `data` check compares everything else row by row. INVARIANTS[version] are checked whenever a
path crosses that version; they receive the rows seeded before the upgrade and the rows after it
(table -> list of row dicts) and return one message per violation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

Rows = Mapping[str, Sequence[Mapping[str, object]]]

CHANGES: dict[str, list[str]] = {
    # smallint 0/1 becomes boolean on PostgreSQL; checked by is_default_keeps_its_meaning below.
    "v7.0.0": ["datasource.is_default"],
    # target.group_id moves into target_busi_group and is cleared; checked by groups_move_to_target_busi_group.
    "v7.4.0": ["target.group_id"],
}


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "t")
    return bool(value)


def is_default_keeps_its_meaning(before: Rows, after: Rows) -> list[str]:
    converted = {row["id"]: row.get("is_default") for row in after.get("datasource", ())}
    problems = []
    for row in before.get("datasource", ()):
        if row["id"] not in converted or "is_default" not in row:
            continue
        if _truthy(row["is_default"]) != _truthy(converted[row["id"]]):
            problems.append(
                f"datasource [{row['id']}] is_default: {row['is_default']!r} became {converted[row['id']]!r}"
            )
    return problems


def groups_move_to_target_busi_group(before: Rows, after: Rows) -> list[str]:
    """Every target that had a busi group before v7.4.0 has exactly that membership afterwards, and no other."""
    memberships: dict[object, set[object]] = {}
    for row in after.get("target_busi_group", ()):
        memberships.setdefault(row["target_ident"], set()).add(row["group_id"])
    problems = []
    for target in before.get("target", ()):
        group = target.get("group_id")
        if group is None:
            continue  # seeded at v7.4.0 or later: the memberships were seeded directly
        expected = {group} if int(str(group)) > 0 else set()
        actual = memberships.get(target["ident"], set())
        if actual != expected:
            problems.append(
                f"target [{target['id']}] {target['ident']}: busi groups {sorted(map(str, actual))}, "
                f"expected {sorted(map(str, expected))}"
            )
    for target in after.get("target", ()):
        if "group_id" in target and int(str(target["group_id"])) != 0:
            problems.append(f"target [{target['id']}] group_id is {target['group_id']} after v7.4.0, expected 0")
    return problems


def embedded_dashboards_become_products(before: Rows, after: Rows) -> list[str]:
    """The dashboards listed in the `embedded-dashboards` config are embedded products from v8.0.0 on."""
    configured: list[str] = []
    for config in before.get("configs", ()):
        if config.get("ckey") == "embedded-dashboards" and not config.get("external"):
            try:
                document = json.loads(str(config.get("cval") or "[]"))
            except json.JSONDecodeError:
                document = []
            if isinstance(document, list):
                configured = [str(item.get("name")) for item in document if isinstance(item, dict)]
            break
    if not configured or "embedded_product" in before:
        return []
    products = sorted(str(row["name"]) for row in after.get("embedded_product", ()))
    if products != sorted(configured):
        return [f"embedded_product holds {products}, the embedded-dashboards config listed {sorted(configured)}"]
    return []


INVARIANTS = {
    "v7.0.0": is_default_keeps_its_meaning,
    "v7.4.0": groups_move_to_target_busi_group,
    "v8.0.0": embedded_dashboards_become_products,
}
