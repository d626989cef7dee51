"""A synthetic release history of N versions in migrator's format, both dialects, with a seed.

The statement mix is what real histories are made of: create table, add column with a default, add index, widen a
column, add a column and backfill it. Install scripts are rendered from the same model as the upgrades, so upgrading
from any version gives exactly the fresh install of the target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

BASE_TABLES = 4
SEED_MODULE = '''"""Seed for the synthetic benchmark history: rows in the base tables, which exist at every version."""

from sqlalchemy import text


def seed(connection, *, version, dialect, size=100, batch=0):
    first = batch * 10_000_000 + 1
    counts = {}
    for table in ("t0", "t1", "t2", "t3"):
        rows = [
            {"id": first + i, "name": f"{table}-row-{first + i}", "value": (first + i) * 7 % 1000}
            for i in range(size)
        ]
        connection.execute(text(f"INSERT INTO {table} (id, name, value) VALUES (:id, :name, :value)"), rows)
        counts[table] = len(rows)
    return counts
'''


@dataclass
class ColumnModel:
    name: str
    mysql: str
    postgresql: str
    default: str

    def definition(self, dialect: str) -> str:
        kind = self.mysql if dialect == "mysql" else self.postgresql
        return f"{self.name} {kind} NOT NULL DEFAULT {self.default}"


@dataclass
class TableModel:
    name: str
    columns: list[ColumnModel] = field(default_factory=list)
    indexes: list[tuple[str, str]] = field(default_factory=list)

    def create(self, dialect: str) -> str:
        key = "id bigint unsigned NOT NULL AUTO_INCREMENT" if dialect == "mysql" else "id bigserial"
        parts = [key, *(column.definition(dialect) for column in self.columns), "PRIMARY KEY (id)"]
        suffix = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci" if dialect == "mysql" else ""
        return f"CREATE TABLE {self.name} (\n    " + ",\n    ".join(parts) + f"\n){suffix};"


def _base_table(name: str) -> TableModel:
    return TableModel(
        name,
        [
            ColumnModel("name", "varchar(64)", "varchar(64)", "''"),
            ColumnModel("value", "int", "integer", "0"),
        ],
    )


def _step(forward: str, undo: str | None) -> str:
    return f"-- migrator:step\n{forward}\n-- migrator:undo{' noop' if undo is None else ''}\n" + (
        f"{undo}\n" if undo else ""
    )


def _create_index(dialect: str, table: str, index: str, column: str) -> tuple[str, str]:
    drop = f"DROP INDEX {index} ON {table};" if dialect == "mysql" else f"DROP INDEX {index};"
    return f"CREATE INDEX {index} ON {table} ({column});", drop


def _change(version: int, tables: list[TableModel], dialect: str) -> list[str]:
    """The steps of version `version` (>= 2) for `dialect`, applied to the model (call once per dialect)."""
    target = tables[version % len(tables)]
    kind = version % 5
    if kind == 0:
        table = TableModel(f"t{len(tables)}", [ColumnModel("label", "varchar(64)", "varchar(64)", "''")])
        tables.append(table)
        return [_step(table.create(dialect), f"DROP TABLE {table.name};")]
    if kind == 1:
        column = ColumnModel(f"c{version}", "varchar(32)", "varchar(32)", "'x'")
        target.columns.append(column)
        return [_step(f"ALTER TABLE {target.name} ADD COLUMN {column.definition(dialect)};",
                      f"ALTER TABLE {target.name} DROP COLUMN {column.name};")]
    if kind == 2:
        indexed = target.columns[0].name
        index = f"idx_v{version}"
        target.indexes.append((index, indexed))
        forward, undo = _create_index(dialect, target.name, index, indexed)
        return [_step(forward, undo)]
    if kind == 3:
        column = target.columns[0]
        old = column.mysql
        width = int(old[old.index("(") + 1 : -1]) + 16
        column.mysql = column.postgresql = f"varchar({width})"
        if dialect == "mysql":
            forward = f"ALTER TABLE {target.name} MODIFY {column.definition(dialect)};"
            undo = f"ALTER TABLE {target.name} MODIFY {column.name} {old} NOT NULL DEFAULT {column.default};"
        else:
            forward = f"ALTER TABLE {target.name} ALTER COLUMN {column.name} TYPE varchar({width});"
            undo = f"ALTER TABLE {target.name} ALTER COLUMN {column.name} TYPE {old};"
        return [_step(forward, undo)]
    column = ColumnModel(f"b{version}", "bigint", "bigint", "0")
    target.columns.append(column)
    source = "value" if any(c.name == "value" for c in target.columns) else "id"
    return [
        _step(f"ALTER TABLE {target.name} ADD COLUMN {column.definition(dialect)};",
              f"ALTER TABLE {target.name} DROP COLUMN {column.name};"),
        _step(f"UPDATE {target.name} SET {column.name} = {source} * 2;", None),
    ]


def _install(tables: list[TableModel], dialect: str) -> str:
    statements = [table.create(dialect) for table in tables]
    for table in tables:
        statements.extend(_create_index(dialect, table.name, index, column)[0] for index, column in table.indexes)
    return "\n\n".join(statements) + "\n"


def version_name(number: int) -> str:
    return f"v{number}.0.0"


def write_history(directory: Path, versions: int) -> Path:
    """Write a scenario with `versions` versions into `directory` and return it."""
    migrations = directory / "migrations"
    models = {dialect: [_base_table(f"t{i}") for i in range(BASE_TABLES)] for dialect in ("mysql", "postgresql")}
    for number in range(1, versions + 1):
        folder = migrations / version_name(number)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "version.toml").write_text(f'description = "synthetic release {number}"\n')
        for dialect, tables in models.items():
            if number > 1:
                steps = _change(number, tables, dialect)
                (folder / f"{dialect}.upgrade.sql").write_text("\n".join(steps))
            (folder / f"{dialect}.install.sql").write_text(_install(tables, dialect))
    (directory / "seed.py").write_text(SEED_MODULE)
    (directory / "scenario.toml").write_text(
        f'name = "synthetic-{versions}"\nmigrations = "migrations"\nrunner = "migrator"\nseed = "seed.py"\n'
    )
    return directory
