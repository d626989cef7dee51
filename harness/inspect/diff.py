"""Compare two schema models object kind by object kind; rendering is separate from finding."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from harness.inspect.schema import Schema, Table


@dataclass(frozen=True)
class SchemaDifference:
    table: str
    kind: str  # table | column | index | constraint | option
    name: str
    expected: str
    actual: str

    def render(self) -> str:
        where = self.table if self.kind == "table" else f"{self.table}: {self.kind} {self.name}"
        return f"{where}: expected {self.expected}, actual {self.actual}"


def _describe(obj: Any) -> str:
    parts = []
    for spec in fields(obj):
        if spec.name == "name":
            continue
        value = getattr(obj, spec.name)
        if isinstance(value, tuple):
            value = "(" + ", ".join(value) + ")"
        parts.append(f"{spec.name}={value!r}" if isinstance(value, str) else f"{spec.name}={value}")
    return " ".join(parts)


def _field_changes(expected: Any, actual: Any) -> str | None:
    changed = [
        spec.name
        for spec in fields(expected)
        if spec.name != "name" and getattr(expected, spec.name) != getattr(actual, spec.name)
    ]
    if not changed:
        return None
    return ", ".join(changed)


def _compare_named(
    table: str, kind: str, expected: Mapping[str, Any], actual: Mapping[str, Any]
) -> Iterable[SchemaDifference]:
    for name in sorted(expected.keys() - actual.keys()):
        yield SchemaDifference(table, kind, name, _describe(expected[name]), "missing")
    for name in sorted(actual.keys() - expected.keys()):
        yield SchemaDifference(table, kind, name, "absent", _describe(actual[name]))
    for name in sorted(expected.keys() & actual.keys()):
        changed = _field_changes(expected[name], actual[name])
        if changed is None:
            continue
        wanted = {f: getattr(expected[name], f) for f in changed.split(", ")}
        found = {f: getattr(actual[name], f) for f in changed.split(", ")}
        yield SchemaDifference(
            table,
            kind,
            name,
            " ".join(f"{k}={v!r}" for k, v in wanted.items()),
            " ".join(f"{k}={v!r}" for k, v in found.items()),
        )


Comparator = Callable[[Table, Table], Iterable[SchemaDifference]]

COMPARATORS: dict[str, Comparator] = {
    "column": lambda e, a: _compare_named(e.name, "column", e.columns, a.columns),
    "index": lambda e, a: _compare_named(e.name, "index", e.indexes, a.indexes),
    "constraint": lambda e, a: _compare_named(e.name, "constraint", e.constraints, a.constraints),
    "option": lambda e, a: (
        SchemaDifference(e.name, "option", key, repr(e.options.get(key)), repr(a.options.get(key)))
        for key in sorted(e.options.keys() | a.options.keys())
        if e.options.get(key) != a.options.get(key)
    ),
}


def diff_schemas(expected: Schema, actual: Schema) -> list[SchemaDifference]:
    """Differences that would make `actual` not the same schema as `expected` (column order is ignored)."""
    differences: list[SchemaDifference] = []
    for name in sorted(expected.tables.keys() - actual.tables.keys()):
        differences.append(SchemaDifference(name, "table", name, "table present", "missing"))
    for name in sorted(actual.tables.keys() - expected.tables.keys()):
        differences.append(SchemaDifference(name, "table", name, "absent", "extra table"))
    for name in sorted(expected.tables.keys() & actual.tables.keys()):
        for comparator in COMPARATORS.values():
            differences.extend(comparator(expected.tables[name], actual.tables[name]))
    return differences


def render_differences(differences: list[SchemaDifference], limit: int = 40) -> str:
    lines = [difference.render() for difference in differences[:limit]]
    if len(differences) > limit:
        lines.append(f"... and {len(differences) - limit} more differences")
    return "\n".join(lines)
