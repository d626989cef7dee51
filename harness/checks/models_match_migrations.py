"""Check `models`: the application's SQLAlchemy models (env.py's `target_metadata`) describe the schema the
migrations build, on every engine and every path to head.

The models are compared the way every schema is: they are created (`MetaData.create_all`) on a scratch database of
the same server and read back through the catalog readers, so types, defaults, keys and indexes go through the one
normalisation (harness/inspect) on both sides, and a difference is a real one on that engine, not a difference in
how SQLAlchemy and the catalog spell a type. A model that declares a column, index or constraint the migrations
never create (or the reverse) is the defect pytest-alembic's model-DDL check looks for; here it is looked for on
MySQL-family and PostgreSQL, at the end of every path. Only paths to the head are compared (the models describe
the head), and only for runners that can say what the models are (the `alembic` runner); others are skipped with
the reason.

One thing the catalog readers leave out is added here: on PostgreSQL an Enum column's type is a type of its own,
which the column shows only by name (`copy_condition`), so a model that adds a value the migrations never add
(`ALTER TYPE ... ADD VALUE` forgotten) would look the same; the labels are read from `pg_enum` on both sides and
become part of the type (`copy_condition enum('new','good')`), as MySQL's column type already spells them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol, runtime_checkable

import pytest
from sqlalchemy import Connection, MetaData, text

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections, upgraded_or_skip
from harness.db import connect
from harness.dialects import Dialect
from harness.failures import CheckFailed
from harness.inspect import Schema, diff_schemas, read_schema, render_differences
from harness.workbench import PathResult, Workbench

SPEC = CheckSpec(__name__, "models", CaseKind.PATHS, "the application's models match the migrated schema at head")


@runtime_checkable
class DeclaresModels(Protocol):
    def target_metadata(self, dialect: Dialect) -> MetaData | None:
        """The models the migrations are meant to build (None: the project declares none)."""
        ...


def models_schema(bench: Workbench, engine: str, metadata: MetaData) -> Schema:
    """The schema `metadata` creates on `engine`'s server, read back through the catalog."""
    server = bench.server(engine)
    database = server.create_database()
    try:
        url = server.url(database)
        with connect(url) as connection:
            metadata.create_all(connection)
            connection.commit()
            return with_enum_labels(connection, read_schema(connection))
    finally:
        server.drop_database(database)


def with_enum_labels(connection: Connection, schema: Schema) -> Schema:
    """`schema` with each PostgreSQL enum column's labels, in their order, written into its type."""
    if schema.dialect != "postgresql":
        return schema
    labels: dict[tuple[str, str], list[str]] = {}
    for table, column, label in connection.execute(
        text(
            "SELECT c.relname, a.attname, e.enumlabel FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_enum e ON e.enumtypid = a.atttypid "
            "WHERE n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY c.relname, a.attname, e.enumsortorder"
        )
    ):
        labels.setdefault((table, column), []).append(label)
    tables = dict(schema.tables)
    for (table_name, column_name), values in labels.items():
        table = tables.get(table_name)
        column = table.columns.get(column_name) if table is not None else None
        if table is None or column is None:
            continue
        spelled = ",".join("'" + value.replace("'", "''") + "'" for value in values)
        columns = {**table.columns, column_name: replace(column, type=f"{column.type} enum({spelled})")}
        tables[table_name] = replace(table, columns=columns)
    return replace(schema, tables=tables)


def migrated_schema(bench: Workbench, result: PathResult) -> Schema:
    """The schema the migrations built, as the other checks read it, with the enum labels added."""
    with connect(bench.server(result.engine).url(result.database)) as connection:
        return with_enum_labels(connection, bench.schema_of(result))


def verify(bench: Workbench, case: Case) -> None:
    runner = bench.runner
    if not isinstance(runner, DeclaresModels):
        pytest.skip(f"the {runner.name} runner has no models to compare (only Alembic's env.py declares them)")
    if case.path.target != bench.scenario.head:
        pytest.skip(f"the models describe the head ({bench.scenario.head}), not {case.path.target}")
    server = bench.server(case.engine)
    metadata = runner.target_metadata(server.dialect)
    if metadata is None or not metadata.tables:
        pytest.skip("env.py configures no target_metadata, so there are no models to compare")
    result = upgraded_or_skip(bench, case.engine, case.path)
    expected = models_schema(bench, case.engine, metadata)
    differences = diff_schemas(expected, migrated_schema(bench, result))
    if differences:
        raise CheckFailed(
            f"the models (env.py's target_metadata) differ from the schema the migrations built at "
            f"{case.path.target} in {len(differences)} place(s)",
            {**case_sections(case), "differences (expected = the models)": render_differences(differences)},
        )


def test_models(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
