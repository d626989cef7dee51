"""`--layout auto`: each foreign history is recognised; an unknown directory gets one message listing the layouts."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.layouts import KNOWN_LAYOUTS, detect_layout, load_foreign_scenario
from harness.scenario import ScenarioError, load_scenario

FOREIGN = Path(__file__).resolve().parents[2] / "fixtures" / "foreign"
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("layout", ["golang-migrate", "dialect-suffixed", "flyway", "dbmate"])
def test_each_fixture_history_is_detected_as_its_layout(layout: str) -> None:
    assert detect_layout(FOREIGN / layout) == layout
    scenario = load_scenario(FOREIGN / layout)  # no scenario.toml: load_scenario hands over to the layouts
    assert scenario.layout == layout
    assert scenario.runner == "replay"
    assert scenario.dialects == ("mysql", "postgresql")


def test_a_single_directory_serves_every_dialect(tmp_path: Path) -> None:
    (tmp_path / "1_init.up.sql").write_text("CREATE TABLE t (id int);\n")
    (tmp_path / "1_init.down.sql").write_text("DROP TABLE t;\n")
    scenario = load_foreign_scenario(tmp_path, "auto")
    assert (scenario.layout, scenario.versions) == ("golang-migrate", ("1",))
    assert scenario.dialects == ("mysql", "postgresql")


def test_unknown_directory_lists_the_known_layouts(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("release notes\n")
    (tmp_path / "schema.sql").write_text("CREATE TABLE t (id int);\n")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(tmp_path, "auto")
    message = str(raised.value)
    assert "no migration layout recognised" in message
    assert "notes.txt, schema.sql" in message
    for name in KNOWN_LAYOUTS:
        assert name in message
    assert "--layout" in message


def test_files_of_two_layouts_ask_for_an_explicit_layout(tmp_path: Path) -> None:
    (tmp_path / "1_init.up.sql").write_text("CREATE TABLE a (id int);\n")
    (tmp_path / "V1__init.sql").write_text("CREATE TABLE a (id int);\n")
    with pytest.raises(ScenarioError, match=r"several layouts are here \(golang-migrate, flyway\); pass --layout"):
        detect_layout(tmp_path)
    assert load_foreign_scenario(tmp_path, "flyway").layout == "flyway"


def test_an_explicit_layout_that_does_not_fit_says_so(foreign_copy: Callable[[str], Path]) -> None:
    with pytest.raises(ScenarioError, match="no flyway migrations here or in a per-dialect subdirectory"):
        load_foreign_scenario(foreign_copy("dbmate"), "flyway")
    with pytest.raises(ScenarioError, match=r"layout 'liquibase' cannot be read here\. Known layouts"):
        load_foreign_scenario(FOREIGN / "dbmate", "liquibase")


def test_migrator_layout_without_a_manifest_points_at_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r"has no scenario\.toml"):
        load_scenario(tmp_path, "migrator")


def test_a_scenario_toml_beside_the_files_names_the_runner(foreign_copy: Callable[[str], Path]) -> None:
    root = foreign_copy("golang-migrate")
    (root / "scenario.toml").write_text(
        'name = "ticketbox"\nlayout = "golang-migrate"\nmigrations = "."\nrunner = "command"\n'
        '[runner_options]\nupgrade = "migrate goto {target}"\nversion_table = "schema_migrations"\n'
    )
    scenario = load_scenario(root)
    assert (scenario.name, scenario.layout, scenario.runner) == ("ticketbox", "golang-migrate", "command")
    assert scenario.runner_options["version_table"] == "schema_migrations"
    assert len(scenario.versions) == 38


def test_the_cli_exits_2_with_the_layout_list_on_an_unknown_directory(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("nothing here\n")
    completed = subprocess.run(
        [sys.executable, "-c", "from harness.cli import main; main()", "plan", "--scenario", str(tmp_path),
         "--layout", "auto", "--engine", "postgresql@15"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 2, completed.stderr
    assert "no migration layout recognised" in completed.stderr
    assert "golang-migrate" in completed.stderr and "dbmate" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_scenario_toml_above_the_files_is_found_through_its_migrations_key(
    tmp_path: Path, foreign_copy: Callable[[str], Path]
) -> None:
    root = foreign_copy("dbmate")
    (tmp_path / "scenario.toml").write_text(
        f'name = "ticketbox"\nlayout = "dbmate"\nmigrations = "{root.name}"\nrunner = "command"\n'
        '[runner_options]\nupgrade = "dbmate up"\nversion_table = "dbmate"\n'
    )
    scenario = load_scenario(tmp_path)
    assert (scenario.name, scenario.layout, scenario.runner) == ("ticketbox", "dbmate", "command")
    assert scenario.migrations_dir == root.resolve()
    assert scenario.runner_options["version_table"] == "dbmate"
