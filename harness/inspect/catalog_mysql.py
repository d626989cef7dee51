"""Read a MySQL/MariaDB database's schema from information_schema in a handful of queries."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import Connection, text

from harness.dialects import variant_of
from harness.inspect.schema import Column, Constraint, Index, Schema, Table

_INTEGER_DISPLAY_WIDTH = re.compile(r"\b(bigint|int|mediumint|smallint)\(\d+\)")
_TINYINT_WIDTH = re.compile(r"\btinyint\((?!1\))\d+\)")


def normalize_type(column_type: str) -> str:
    """MariaDB and MySQL 5.7 print integer display widths that MySQL 8 dropped; they carry no meaning.

    `tinyint(1)` is kept: it is how both spell a boolean.
    """
    lowered = column_type.lower().replace(" zerofill", "")
    return _TINYINT_WIDTH.sub("tinyint", _INTEGER_DISPLAY_WIDTH.sub(r"\1", lowered))


def normalize_default(raw: str | None, as_expression: bool) -> str | None:
    """`as_expression`: the catalog shows the default as SQL, quoting strings and spelling a NULL default `NULL`
    (MariaDB; MySQL shows the bare value)."""
    if raw is None or (as_expression and raw == "NULL"):
        return None
    value = raw
    if as_expression and len(value) >= 2 and value[0] == value[-1] == "'":
        value = value[1:-1].replace("''", "'").replace("\\\\", "\\")
    lowered = value.lower()
    if lowered in ("current_timestamp()", "current_timestamp"):
        return "CURRENT_TIMESTAMP"
    return value


def normalize_extra(extra: str) -> str:
    cleaned = extra.replace("DEFAULT_GENERATED", "").strip().lower()
    return cleaned.replace("current_timestamp()", "current_timestamp")


def read_mysql_schema(connection: Connection) -> Schema:
    database = connection.execute(text("SELECT DATABASE()")).scalar_one()
    defaults_as_expressions = variant_of(connection).column_default_is_expression
    bind = {"db": database}
    tables: dict[str, dict[str, str]] = {}
    for name, engine, collation, comment in connection.execute(
        text(
            "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = :db AND TABLE_TYPE = 'BASE TABLE'"
        ),
        bind,
    ):
        tables[name] = {"engine": engine or "", "collation": collation or "", "comment": comment or ""}

    columns: dict[str, dict[str, Column]] = defaultdict(dict)
    for row in connection.execute(
        text(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, "
            "CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS "
            "WHERE TABLE_SCHEMA = :db ORDER BY TABLE_NAME, ORDINAL_POSITION"
        ),
        bind,
    ):
        if row[0] not in tables:
            continue
        columns[row[0]][row[1]] = Column(
            name=row[1],
            type=normalize_type(row[2]),
            nullable=row[3] == "YES",
            default=normalize_default(row[4], defaults_as_expressions),
            extra=normalize_extra(row[5] or ""),
            charset=row[6],
            collation=row[7],
            comment=row[8] or "",
        )

    index_parts: dict[tuple[str, str], list[tuple[int, str, bool, str]]] = defaultdict(list)
    for table, index, non_unique, seq, column, collation, sub_part, index_type in connection.execute(
        text(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION, SUB_PART, "
            "INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = :db"
        ),
        bind,
    ):
        part = str(column) + (f"({sub_part})" if sub_part else "") + (" DESC" if collation == "D" else "")
        index_parts[(table, index)].append((int(seq), part, not int(non_unique), str(index_type).lower()))
    indexes: dict[str, dict[str, Index]] = defaultdict(dict)
    for (table, index), parts in index_parts.items():
        parts.sort()
        indexes[table][index] = Index(
            name=index, columns=tuple(p[1] for p in parts), unique=parts[0][2], method=parts[0][3]
        )

    constraints: dict[str, dict[str, Constraint]] = defaultdict(dict)
    fk_columns: dict[tuple[str, str], list[tuple[int, str, str, str]]] = defaultdict(list)
    for table, name, column, position, ref_table, ref_column in connection.execute(
        text(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, REFERENCED_TABLE_NAME, "
            "REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
            "WHERE TABLE_SCHEMA = :db AND REFERENCED_TABLE_NAME IS NOT NULL"
        ),
        bind,
    ):
        fk_columns[(table, name)].append((int(position), column, ref_table, ref_column))
    rules = {
        (row[0], row[1]): (row[2], row[3])
        for row in connection.execute(
            text(
                "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE "
                "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = :db"
            ),
            bind,
        )
    }
    for (table, name), fk_parts in fk_columns.items():
        fk_parts.sort()
        on_update, on_delete = rules.get((table, name), ("", ""))
        definition = (
            f"({', '.join(p[1] for p in fk_parts)}) REFERENCES {fk_parts[0][2]} ({', '.join(p[3] for p in fk_parts)})"
            f" ON UPDATE {on_update} ON DELETE {on_delete}"
        )
        constraints[table][name] = Constraint(name, "foreign key", definition)
    for table, name, clause in _check_constraints(connection, database):
        constraints[table][name] = Constraint(name, "check", " ".join(clause.split()))

    return Schema(
        "mysql",
        {
            name: Table(name, dict(columns[name]), dict(indexes[name]), dict(constraints[name]), options)
            for name, options in tables.items()
        },
    )


def _check_constraints(connection: Connection, database: str) -> list[tuple[str, str, str]]:
    """CHECK constraints; MySQL 5.7 has no such view and enforces none, so there is nothing to read there."""
    exists = connection.execute(
        text(
            "SELECT COUNT(*) FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'CHECK_CONSTRAINTS'"
        )
    ).scalar_one()
    if not exists:
        return []
    rows = connection.execute(
        text(
            "SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE "
            "FROM information_schema.CHECK_CONSTRAINTS cc JOIN information_schema.TABLE_CONSTRAINTS tc "
            "ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME "
            "AND tc.CONSTRAINT_TYPE = 'CHECK' WHERE cc.CONSTRAINT_SCHEMA = :db"
        ),
        {"db": database},
    )
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
