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
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import pytest
from sqlalchemy import MetaData

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections, upgraded_or_skip
from harness.db import connect
from harness.dialects import Dialect
from harness.failures import CheckFailed
from harness.inspect import Schema, diff_schemas, read_schema, render_differences
from harness.workbench import Workbench

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
            return read_schema(connection)
    finally:
        server.drop_database(database)


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
    differences = diff_schemas(expected, bench.schema_of(result))
    if differences:
        raise CheckFailed(
            f"the models (env.py's target_metadata) differ from the schema the migrations built at "
            f"{case.path.target} in {len(differences)} place(s)",
            {**case_sections(case), "differences (expected = the models)": render_differences(differences)},
        )


def test_models(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
