"""Each Ticketbox history, replayed the way its tool applies it, reaches head on PostgreSQL and MariaDB, undoes to
its first version and comes back; the four layouts describe one and the same schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.db import connect
from harness.engines import Server
from harness.inspect import Schema, diff_schemas, read_schema, render_differences
from harness.runners import runner_for
from harness.runners.replay import ReplayRunner
from harness.scenario import load_scenario

FOREIGN = Path(__file__).resolve().parents[2] / "fixtures" / "foreign"
LAYOUTS = ("golang-migrate", "dialect-suffixed", "flyway", "dbmate")
HEAD_TABLES = {
    "users", "projects", "issues", "comments", "labels", "issue_labels", "statuses", "priorities", "milestones",
    "attachments", "issue_watchers", "audit_events", "workflow_transitions", "time_entries", "custom_fields",
    "custom_field_values", "saved_filters", "notifications", "api_tokens", "link_types", "issue_links",
    "user_preferences",
}
TOOL_TABLE = {"golang-migrate": "schema_migrations", "dialect-suffixed": "schema_migrations",
              "flyway": "flyway_schema_history", "dbmate": "schema_migrations"}


def schema_of(server: Server, database: str, runner: ReplayRunner) -> Schema:
    with connect(server.url(database)) as connection:
        return read_schema(connection).without(runner.own_tables)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_history_reaches_head_undoes_to_its_first_version_and_comes_back(
    layout: str, scratch_database: tuple[Server, str]
) -> None:
    server, database = scratch_database
    url = server.url(database)
    scenario = load_scenario(FOREIGN / layout)
    runner = runner_for(scenario)
    assert isinstance(runner, ReplayRunner)
    assert runner.own_tables == {TOOL_TABLE[layout]}

    installed = runner.install(url, scenario.head)
    assert installed.ok, installed.error
    assert installed.applied == scenario.versions
    assert runner.current_version(url) == scenario.head
    assert len({statement.statement for statement in installed.statements}) > 38
    head = schema_of(server, database, runner)
    assert set(head.tables) == HEAD_TABLES
    assert "description" in head.tables["issues"].columns and "body" not in head.tables["issues"].columns
    assert "deactivated_at" in head.tables["users"].columns and "is_active" not in head.tables["users"].columns
    with connect(url) as connection:
        categories = connection.exec_driver_sql("SELECT code, category FROM statuses ORDER BY position").all()
    assert [tuple(row) for row in categories] == [
        ("open", "todo"), ("in_progress", "doing"), ("resolved", "done"), ("closed", "done")
    ]

    first = scenario.versions[0]
    undone = runner.rollback(url, first)
    assert undone.ok, undone.error
    assert runner.current_version(url) == first
    fresh_first = server.create_database()
    try:
        assert runner.install(server.url(fresh_first), first).ok
        differences = diff_schemas(schema_of(server, fresh_first, runner), schema_of(server, database, runner))
        assert not differences, render_differences(differences)
    finally:
        server.drop_database(fresh_first)

    again = runner.upgrade(url, scenario.head)
    assert again.ok, again.error
    differences = diff_schemas(head, schema_of(server, database, runner))
    assert not differences, render_differences(differences)
    assert runner.upgrade(url, scenario.head).applied == ()


def test_the_four_layouts_describe_the_same_schema(server: Server) -> None:
    schemas: dict[str, Schema] = {}
    for layout in LAYOUTS:
        scenario = load_scenario(FOREIGN / layout)
        runner = runner_for(scenario)
        assert isinstance(runner, ReplayRunner)
        database = server.create_database()
        try:
            outcome = runner.install(server.url(database), scenario.head)
            assert outcome.ok, f"{layout}: {outcome.error}"
            schemas[layout] = schema_of(server, database, runner)
        finally:
            server.drop_database(database)
    for layout in LAYOUTS[1:]:
        differences = diff_schemas(schemas["golang-migrate"], schemas[layout])
        assert not differences, f"{layout} vs golang-migrate:\n{render_differences(differences)}"
