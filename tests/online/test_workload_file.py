"""A scenario's workload.py and [online] table: what each version runs, and one clear message for bad input."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from harness.cases import CaseKind, generate_cases
from harness.online import load_workload, online_settings, parse_settings
from harness.paths import UpgradePath, enumerate_paths
from harness.scenario import Scenario, ScenarioError, load_scenario


def test_a_version_runs_the_workload_of_the_newest_version_declaring_one(events: Scenario) -> None:
    workload = load_workload(events)
    assert workload is not None
    names = {version: [q.name for q in workload.queries(version, "mysql")] for version in events.versions}
    assert workload.version_declaring("v1.2.0") == "v1.0.0"
    assert names["v1.1.0"] == names["v1.2.0"] == names["v1.0.0"]
    reads = {version: workload.queries(version, "postgresql")[-1].sql for version in ("v1.2.0", "v1.3.0")}
    assert "note" in reads["v1.2.0"] and "note" not in reads["v1.3.0"]


def test_parameters_are_picked_from_ranges_lists_literals_and_queries(events: Scenario) -> None:
    workload = load_workload(events)
    assert workload is not None
    insert = next(q for q in workload.queries("v1.0.0", "postgresql") if q.name == "insert an event")
    sources = {param.name: param for param in insert.params}
    assert sources["host_id"].query == "SELECT id FROM host ORDER BY id"
    assert sources["fired"].choices == range(1_700_000_000, 1_800_000_000)


def test_no_workload_file_means_no_workload(events: Scenario) -> None:
    assert load_workload(replace(events, workload_path=None)) is None


BAD_WORKLOADS = [
    ("WORKLOAD = {'v9.9.9': [{'name': 'q', 'sql': 'SELECT 1'}]}", "names version(s) the history does not have: v9.9.9"),
    ("WORKLOAD = []", "define WORKLOAD = {version: [queries]}"),
    ("WORKLOAD = {'v1.0.0': []}", "WORKLOAD['v1.0.0'] must be a non-empty list of queries"),
    ("WORKLOAD = {'v1.0.0': [{'name': 'q', 'sql': 'SELECT :a'}]}", "disagree (missing params: a)"),
    ("WORKLOAD = {'v1.0.0': [{'name': 'q', 'sql': 'SELECT 1', 'params': {'a': 1}}]}", "(unused params: a)"),
    ("WORKLOAD = {'v1.0.0': [{'name': 'q', 'sql': 'SELECT :a', 'params': {'a': {'from': 1}}}]}",
     "expected a value, a range or list to pick from"),
    ("WORKLOAD = {'v1.0.0': [{'name': 'q', 'sql': {'oracle': 'SELECT 1'}}]}", "`sql` must be a SQL text or a dict"),
    ("WORKLOAD = {'v1.0.0': [{'name': 'q', 'sql': 'SELECT 1'}, {'name': 'q', 'sql': 'SELECT 2'}]}",
     "query names must be unique; repeated: q"),
    ("WORKLOAD = {'v1.0.0': [{'name': 'q', 'sql': 'SELECT 1', 'weight': 2}]}", "unknown key(s) weight"),
    ("raise RuntimeError('boom')", "importing it failed: RuntimeError: boom"),
]


@pytest.mark.parametrize(("source", "message"), BAD_WORKLOADS)
def test_a_bad_workload_file_is_one_message_naming_the_file(events_copy: Path, source: str, message: str) -> None:
    (events_copy / "workload.py").write_text(source + "\n")
    with pytest.raises(ScenarioError) as raised:
        load_workload(load_scenario(events_copy))
    assert message in str(raised.value)
    assert str(events_copy / "workload.py") in str(raised.value)


def test_sql_for_one_dialect_only_is_refused_when_the_other_runs_it(events_copy: Path) -> None:
    (events_copy / "workload.py").write_text("WORKLOAD = {'v1.0.0': [{'name': 'q', 'sql': {'mysql': 'SELECT 1'}}]}\n")
    workload = load_workload(load_scenario(events_copy))
    assert workload is not None
    assert [q.sql for q in workload.queries("v1.2.0", "mysql")] == ["SELECT 1"]
    with pytest.raises(ScenarioError, match="query 'q' has no SQL for postgresql"):
        workload.queries("v1.2.0", "postgresql")


def test_online_settings_come_from_the_scenario_with_defaults(events: Scenario) -> None:
    settings = online_settings(events)
    assert (settings.max_blocking_s, settings.workers) == (0.25, 3)
    assert parse_settings({}, "x").max_blocking_s == 1.0
    assert settings.replace(seed_size=10).seed_size == 10


@pytest.mark.parametrize(("table", "message"), [
    ({"max_blocking": 1}, "unknown setting(s) max_blocking; known:"),
    ({"seed_size": 1.5}, "seed_size must be a whole number >= 0, got 1.5"),
    ({"max_blocking_s": "1s"}, "max_blocking_s must be a number of seconds >= 0, got '1s'"),
    ({"workers": 0}, "workers must be greater than 0"),
])
def test_bad_online_settings_are_refused(table: dict[str, object], message: str) -> None:
    with pytest.raises(ScenarioError) as raised:
        parse_settings(table, "scenario.toml [online]")
    assert message in str(raised.value) and str(raised.value).startswith("scenario.toml [online]: ")


def test_step_cases_cover_every_step_between_the_versions_the_paths_visit(events: Scenario) -> None:
    engines = {"postgresql@15": "postgresql", "mariadb@10.11": "mysql"}
    cases = generate_cases("online", CaseKind.STEPS, engines, enumerate_paths(events.versions, "to-head"), [])
    steps = [("v1.0.0", "v1.1.0"), ("v1.1.0", "v1.2.0"), ("v1.2.0", "v1.3.0")]
    assert [(case.engine, case.path) for case in cases] == [
        (engine, UpgradePath(step)) for engine in engines for step in steps
    ]
    only = generate_cases("compat", CaseKind.STEPS, engines, [UpgradePath(("v1.1.0", "v1.3.0"))], [])
    assert {case.path for case in only} == {UpgradePath(("v1.1.0", "v1.3.0"))}
