"""One history model for every layout: read once at load, then taken by the runners and the fault rewriting.

Each row loads a history of one layout from a copy, then removes the copy's migration files: what the runner and the
fault steps need must come from the loaded model, since a reader that went back to the files would now fail.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.faults.scripts import scripts_of
from harness.layouts import LAYOUTS, ForeignHistory, MigratorHistory, detect_layout, set_aside_entries
from harness.runners import runner_for
from harness.runners.command_runner import CommandRunner
from harness.runners.migrator_runner import MigratorRunner
from harness.runners.replay import ReplayRunner
from harness.scenario import Scenario, ScenarioError, load_scenario

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Row:
    layout: str
    directory: Path  # the scenario (migrator) or the history's directory (foreign layouts)
    model: type[MigratorHistory] | type[ForeignHistory]
    runner: type[MigratorRunner] | type[ReplayRunner]
    records_attempts: bool


ROWS = [
    Row("migrator", REPO / "tests" / "defects" / "shop", MigratorHistory, MigratorRunner, True),
    Row("golang-migrate", REPO / "fixtures" / "foreign" / "golang-migrate", ForeignHistory, ReplayRunner, False),
    Row("dialect-suffixed", REPO / "fixtures" / "foreign" / "dialect-suffixed", ForeignHistory, ReplayRunner, False),
    Row("flyway", REPO / "fixtures" / "foreign" / "flyway", ForeignHistory, ReplayRunner, False),
    Row("dbmate", REPO / "fixtures" / "foreign" / "dbmate", ForeignHistory, ReplayRunner, False),
    Row("pop", REPO / "fixtures" / "pop", ForeignHistory, ReplayRunner, False),
]


def _loaded_then_files_removed(row: Row, tmp_path: Path) -> Scenario:
    copy = tmp_path / row.directory.name
    shutil.copytree(row.directory, copy)
    scenario = load_scenario(copy)
    for path in sorted(scenario.migrations_dir.rglob("*.sql"), reverse=True):
        path.unlink()
    return scenario


@pytest.mark.parametrize("row", ROWS, ids=[row.layout for row in ROWS])
def test_every_layout_reads_into_the_one_model_once(row: Row, tmp_path: Path) -> None:
    assert row.layout in LAYOUTS
    scenario = _loaded_then_files_removed(row, tmp_path)
    history = scenario.history
    assert isinstance(history, row.model)
    assert (history.layout, history.versions, history.dialects) == (scenario.layout, scenario.versions,
                                                                     scenario.dialects)  # fmt: skip
    runner = runner_for(scenario)
    assert isinstance(runner, row.runner)
    assert runner.records_attempts is row.records_attempts
    if isinstance(runner, ReplayRunner):
        assert runner.history is history
    else:
        assert isinstance(history, MigratorHistory) and runner.source is history.source
    scripts = scripts_of(scenario)
    assert scripts.versions == scenario.versions
    head = scenario.versions[-1]
    assert any(scripts.steps(version, "postgresql") for version in scenario.versions[1:]) or scripts.install(
        head, "postgresql"
    )
    assert isinstance(set_aside_entries(scenario), list)


def test_a_command_runner_counts_migrator_versions_from_the_loaded_model(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    shutil.copytree(REPO / "tests" / "defects" / "shop", shop)
    manifest = shop / "scenario.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('runner = "migrator"', 'runner = "command"')
        + '\n[runner_options]\nupgrade = "true"\nversion_table = "schema_migrations"\n',
        encoding="utf-8",
    )
    scenario = load_scenario(shop)
    runner = runner_for(scenario)
    assert isinstance(runner, CommandRunner) and runner.records_attempts is False
    assert runner.history.versions == scenario.versions == scenario.history.versions


def test_migrator_layout_is_never_detected_and_needs_its_manifest(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(REPO / "tests" / "defects" / "shop" / "migrations", migrations)
    with pytest.raises(ScenarioError, match="no migration layout recognised"):
        detect_layout(migrations)
    with pytest.raises(ScenarioError, match=r"has no scenario\.toml; layout 'migrator' cannot be read here"):
        load_scenario(migrations, layout="migrator")
