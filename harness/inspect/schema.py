"""The engine-neutral schema model every comparison works on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from harness.dialects import Dialect


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    default: str | None
    extra: str = ""
    charset: str | None = None
    collation: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...]
    unique: bool
    method: str = "btree"
    predicate: str | None = None
    valid: bool = True


@dataclass(frozen=True)
class Constraint:
    name: str
    kind: str  # "primary key" | "unique" | "foreign key" | "check"
    definition: str


@dataclass(frozen=True)
class Table:
    name: str
    columns: Mapping[str, Column]
    indexes: Mapping[str, Index] = field(default_factory=dict)
    constraints: Mapping[str, Constraint] = field(default_factory=dict)
    options: Mapping[str, str] = field(default_factory=dict)

    @property
    def primary_key(self) -> tuple[str, ...]:
        for index in self.indexes.values():
            if index.name in ("PRIMARY", f"{self.name}_pkey") and index.unique:
                return index.columns
        for constraint in self.constraints.values():
            if constraint.kind == "primary key":
                inner = constraint.definition[constraint.definition.find("(") + 1 : constraint.definition.rfind(")")]
                return tuple(part.strip().strip('"') for part in inner.split(","))
        return ()


@dataclass(frozen=True)
class Schema:
    dialect: Dialect
    tables: Mapping[str, Table]

    def without(self, excluded: frozenset[str]) -> Schema:
        return Schema(self.dialect, {name: t for name, t in self.tables.items() if name not in excluded})
