"""Read a PostgreSQL database's schema (the current schema) from pg_catalog in a handful of queries."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import Connection, text

from harness.inspect.schema import Column, Constraint, Index, Schema, Table

_INDEX_BODY = re.compile(r"^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ USING (\w+) \((.*)\)(?: WHERE (.*))?$")


def normalize_default(raw: str | None) -> str | None:
    """`''::character varying` and `'x'::text` carry the column's own type again; the literal is what matters."""
    if raw is None:
        return None
    match = re.fullmatch(r"('(?:[^']|'')*')::[\w\s]+(?:\[\])?", raw)
    if match:
        return match.group(1)[1:-1].replace("''", "'")
    match = re.fullmatch(r"\((-?[\d.]+)\)::\w+", raw)
    if match:
        return match.group(1)
    return raw


def read_postgresql_schema(connection: Connection) -> Schema:
    tables: dict[str, dict[str, str]] = {}
    for name, comment in connection.execute(
        text(
            "SELECT c.relname, coalesce(obj_description(c.oid, 'pg_class'), '') FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
        )
    ):
        tables[name] = {"comment": comment}

    columns: dict[str, dict[str, Column]] = defaultdict(dict)
    for table, column, type_, not_null, default, identity, collation, comment in connection.execute(
        text(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "pg_get_expr(d.adbin, d.adrelid), a.attidentity, "
            "CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, "
            "coalesce(col_description(c.oid, a.attnum), '') "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
            "AND NOT a.attisdropped ORDER BY c.relname, a.attnum"
        )
    ):
        columns[table][column] = Column(
            name=column,
            type=type_,
            nullable=not not_null,
            default=normalize_default(default),
            extra={"a": "identity always", "d": "identity by default"}.get(identity, ""),
            collation=collation,
            comment=comment,
        )

    indexes: dict[str, dict[str, Index]] = defaultdict(dict)
    for table, index, definition, unique, valid in connection.execute(
        text(
            "SELECT t.relname, i.relname, pg_get_indexdef(x.indexrelid), x.indisunique, x.indisvalid "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = current_schema()"
        )
    ):
        match = _INDEX_BODY.match(definition)
        method, body, predicate = (match.group(2), match.group(3), match.group(4)) if match else ("?", definition, None)
        indexes[table][index] = Index(
            name=index,
            columns=tuple(part.strip() for part in _split_top_level(body)),
            unique=bool(unique),
            method=method,
            predicate=predicate,
            valid=bool(valid),
        )

    constraints: dict[str, dict[str, Constraint]] = defaultdict(dict)
    kinds = {"p": "primary key", "u": "unique", "f": "foreign key", "c": "check", "x": "exclusion"}
    for table, name, kind, definition in connection.execute(
        text(
            "SELECT t.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            "JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = current_schema() AND k.contype IN ('p', 'u', 'f', 'c', 'x')"
        )
    ):
        constraints[table][name] = Constraint(name, kinds[kind], definition)

    return Schema(
        "postgresql",
        {
            name: Table(name, dict(columns[name]), dict(indexes[name]), dict(constraints[name]), options)
            for name, options in tables.items()
        },
    )


def _split_top_level(body: str) -> list[str]:
    """Split an index column list on commas that are not inside parentheses or quotes."""
    parts: list[str] = []
    depth = 0
    quoted = False
    current: list[str] = []
    for char in body:
        if char == "'" :
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        if char == "," and depth == 0 and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts
