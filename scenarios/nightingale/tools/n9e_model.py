"""A small declarative model of a schema version, rendered to MySQL and PostgreSQL install scripts.

The fresh-install scripts of every version are generated from this model (tools/render_installs.py) so that the
twelve consolidated schemas stay consistent with each other; the upgrade scripts are written by hand, and the
scenario's tests prove that upgrading gives exactly the generated install. The model also tells strategies.py
which columns, types and lengths a table has at a version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

MYSQL_TABLE_OPTIONS = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci"

# Logical type -> (MySQL type, PostgreSQL type). Parametrised types (varchar(N), char(N)) are spelled alike.
TYPES: Mapping[str, tuple[str, str]] = {
    "ubigint": ("bigint unsigned", "bigint"),
    "bigint": ("bigint", "bigint"),
    "uint": ("int unsigned", "integer"),
    "int": ("int", "integer"),
    "tinyint": ("tinyint", "smallint"),  # a small number (a status, a 0/1 stored as a number)
    "flag": ("tinyint(1)", "smallint"),  # Nightingale's 0/1 flags: tinyint(1) on MySQL, smallint on PostgreSQL
    "bool": ("tinyint(1)", "boolean"),  # real booleans: PostgreSQL stores true/false
    "text": ("text", "text"),
    "mediumtext": ("mediumtext", "text"),
    "longtext": ("longtext", "text"),
    "timestamp": ("timestamp", "timestamp"),
}
SERIAL = {"ubigint": "bigserial", "bigint": "bigserial", "uint": "serial", "int": "serial"}
_SIZED = re.compile(r"^(varchar|char)\((\d+)\)$")
_BOOL_LITERALS = {"0": "false", "1": "true"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool = False
    default: str | None = None  # SQL literal as MySQL spells it: 0, '', '[]', CURRENT_TIMESTAMP
    comment: str = ""
    auto: bool = False  # auto-increment key column (AUTO_INCREMENT / serial)

    def mysql_type(self) -> str:
        return self.type if _SIZED.match(self.type) else TYPES[self.type][0]

    def postgresql_type(self) -> str:
        if self.auto:
            return SERIAL[self.type]
        return self.type if _SIZED.match(self.type) else TYPES[self.type][1]

    def postgresql_default(self) -> str | None:
        if self.default is not None and self.type == "bool":
            return _BOOL_LITERALS[self.default]
        return self.default

    @property
    def length(self) -> int | None:
        match = _SIZED.match(self.type)
        return int(match.group(2)) if match else None


@dataclass(frozen=True)
class Index:
    columns: tuple[str, ...]
    unique: bool = False
    name: str | None = None  # MySQL name; unnamed keys get the first column's name, as MySQL does
    pg_name: str | None = None  # PostgreSQL name (index names are per schema there); default <table>_<cols>_idx|key

    def mysql_name(self) -> str:
        return self.name or self.columns[0]

    def postgresql_name(self, table: str) -> str:
        if self.pg_name:
            return self.pg_name
        if self.name:
            return self.name
        return f"{table}_{'_'.join(self.columns)}_{'key' if self.unique else 'idx'}"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ("id",)
    indexes: tuple[Index, ...] = ()
    comment: str = ""

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name}.{name}")


@dataclass(frozen=True)
class Schema:
    version: str
    tables: Mapping[str, Table] = field(default_factory=dict)

    # Each returns a new Schema: versions are built from their predecessor without touching it.
    def with_tables(self, version: str, *tables: Table) -> Schema:
        merged = dict(self.tables)
        for table in tables:
            merged[table.name] = table
        return Schema(version, merged)

    def add_columns(self, table: str, *columns: Column) -> Schema:
        current = self.tables[table]
        return self._put(replace(current, columns=(*current.columns, *columns)))

    def modify_column(self, table: str, column: Column) -> Schema:
        current = self.tables[table]
        columns = tuple(column if c.name == column.name else c for c in current.columns)
        return self._put(replace(current, columns=columns))

    def add_index(self, table: str, index: Index) -> Schema:
        current = self.tables[table]
        return self._put(replace(current, indexes=(*current.indexes, index)))

    def drop_index(self, table: str, mysql_name: str) -> Schema:
        current = self.tables[table]
        kept = tuple(i for i in current.indexes if i.mysql_name() != mysql_name)
        if len(kept) == len(current.indexes):
            raise KeyError(f"{table} has no index {mysql_name}")
        return self._put(replace(current, indexes=kept))

    def _put(self, table: Table) -> Schema:
        merged = dict(self.tables)
        merged[table.name] = table
        return Schema(self.version, merged)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def mysql_column(column: Column) -> str:
    parts = [f"`{column.name}`", column.mysql_type()]
    if not column.nullable:
        parts.append("NOT NULL")
    if column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    if column.auto:
        parts.append("AUTO_INCREMENT")
    if column.comment:
        parts.append(f"COMMENT {_quote(column.comment)}")
    return " ".join(parts)


def postgresql_column(column: Column) -> str:
    parts = [column.name, column.postgresql_type()]
    if not column.nullable and not column.auto:
        parts.append("NOT NULL")
    default = column.postgresql_default()
    if default is not None:
        parts.append(f"DEFAULT {default}")
    return " ".join(parts)


def mysql_create(table: Table) -> str:
    lines = [f"    {mysql_column(column)}" for column in table.columns]
    if table.primary_key:
        lines.append(f"    PRIMARY KEY ({', '.join(f'`{c}`' for c in table.primary_key)})")
    for index in table.indexes:
        kind = "UNIQUE KEY" if index.unique else "KEY"
        lines.append(f"    {kind} `{index.mysql_name()}` ({', '.join(f'`{c}`' for c in index.columns)})")
    options = MYSQL_TABLE_OPTIONS + (f" COMMENT={_quote(table.comment)}" if table.comment else "")
    return f"CREATE TABLE `{table.name}` (\n" + ",\n".join(lines) + f"\n) {options};\n"


def postgresql_create(table: Table) -> str:
    lines = [f"    {postgresql_column(column)}" for column in table.columns]
    if table.primary_key:
        lines.append(f"    PRIMARY KEY ({', '.join(table.primary_key)})")
    out = [f"CREATE TABLE {table.name} (\n" + ",\n".join(lines) + "\n);\n"]
    for index in table.indexes:
        unique = "UNIQUE " if index.unique else ""
        out.append(
            f"CREATE {unique}INDEX {index.postgresql_name(table.name)} ON {table.name} ({', '.join(index.columns)});\n"
        )
    if table.comment:
        out.append(f"COMMENT ON TABLE {table.name} IS {_quote(table.comment)};\n")
    for column in table.columns:
        if column.comment:
            out.append(f"COMMENT ON COLUMN {table.name}.{column.name} IS {_quote(column.comment)};\n")
    return "".join(out)


def render(schema: Schema, dialect: str, header: Iterable[str] = ()) -> str:
    create = {"mysql": mysql_create, "postgresql": postgresql_create}[dialect]
    head = "".join(f"-- {line}\n" for line in header)
    return head + "\n".join(create(table) for table in schema.tables.values())
