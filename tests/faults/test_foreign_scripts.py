"""Fault planning on foreign layouts, without a server: a version's steps are its migrations' statements in order,
and a rewritten copy carries the inserted statement in exactly the file and place of step k, nothing else changed."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from harness.cases import Fault
from harness.faults import FAULT_KINDS, cases, scripts_of, skip_reason
from harness.faults.foreign_scripts import ForeignScripts
from harness.faults.scripts import Insertion
from harness.layouts import load_foreign_scenario, read_history
from harness.scenario import ScenarioError

FOREIGN = Path(__file__).resolve().parents[2] / "fixtures" / "foreign"
ENGINES = {"postgresql@15": "postgresql", "mariadb@10.11": "mysql"}


def foreign(layout: str) -> ForeignScripts:
    history = scripts_of(load_foreign_scenario(FOREIGN / layout, layout))
    assert isinstance(history, ForeignScripts)
    return history


def changed_files(original: Path, copy: Path) -> list[str]:
    """Relative paths of the files whose bytes differ between two directory trees."""
    changed: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> None:
        assert not comparison.left_only and not comparison.right_only
        _, mismatch, errors = filecmp.cmpfiles(
            comparison.left, comparison.right, comparison.common_files, shallow=False
        )
        assert not errors
        changed.extend(prefix + name for name in mismatch)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(original, copy), "")
    return changed


def test_a_release_numbers_the_statements_of_all_its_migrations() -> None:
    history = foreign("flyway")
    assert history.versions[:2] == ("2023.1", "2023.2")
    assert history.previous("2023.2") == "2023.1"
    with pytest.raises(ScenarioError, match="first version"):
        history.previous("2023.1")
    steps = history.steps("2023.2", "postgresql")
    # migrations 4, 5, 6, 7 and 7.1 with 2, 2, 3, 2 and 1 statements
    assert [s.step for s in steps] == list(range(1, 11))
    assert steps[0].where == "V4__create_comments.sql, statement 1"
    assert steps[2].where == "V5__create_labels.sql, statement 1" and steps[2].sql.startswith("CREATE TABLE labels")
    assert steps[9].where.startswith("V7.1__issues_status_references_statuses.sql")
    assert all(s.version == "2023.2" for s in steps)


def test_without_releases_a_version_is_one_migration() -> None:
    history = foreign("golang-migrate")
    steps = history.steps("38", "mysql")
    assert [s.where for s in steps] == [
        f"0038_replace_users_is_active_with_deactivated_at.up.sql, statement {n}" for n in (1, 2, 3)
    ]
    assert history.steps("32", "mysql") == ()  # MySQL has nothing to do in migration 32: no fault boundary there
    # the tables at 37 are those every earlier migration leaves (created, renamed and dropped ones followed)
    assert history.install("37", "mysql")[0].startswith("CREATE TABLE users")


@pytest.mark.parametrize("layout", ["golang-migrate", "dialect-suffixed", "flyway", "dbmate"])
def test_the_copy_has_the_statement_before_step_k_in_its_file_and_nothing_else_changed(
    layout: str, tmp_path: Path
) -> None:
    history = foreign(layout)
    version = history.versions[-1]
    steps = history.steps(version, "postgresql")
    k = min(2, len(steps))
    copy = history.write_copy(tmp_path, (Insertion(version, "postgresql", k, "SELECT 4242"),))
    rewritten = ForeignScripts(read_history(copy, layout))
    assert [s.sql for s in rewritten.steps(version, "postgresql")] == [
        *(s.sql for s in steps[: k - 1]),
        "SELECT 4242;",
        *(s.sql for s in steps[k - 1 :]),
    ]
    # only the file of step k differs; its down script (dbmate: its down section) is untouched
    where = steps[k - 1].where.split(",")[0]
    assert [Path(name).name for name in changed_files(FOREIGN / layout, copy)] == [where]
    migration = rewritten.history.migrations[-1]
    original = history.history.migrations[-1]
    assert migration.down["postgresql"].statements == original.down["postgresql"].statements
    assert rewritten.steps(version, "mysql") == history.steps(version, "mysql")


def test_one_statement_per_file_each_step_is_the_start_of_its_own_file(tmp_path: Path) -> None:
    root = tmp_path / "single"
    root.mkdir()
    for number, sql in enumerate(("CREATE TABLE a (id int)", "CREATE TABLE b (id int)", "ALTER TABLE a ADD x int"), 1):
        (root / f"{number}_step.up.sql").write_text(f"{sql};\n")
        (root / f"{number}_step.down.sql").write_text("SELECT 1;\n")
    (root / "releases.toml").write_text('"1.0" = "1"\n"2.0" = "3"\n')
    history = ForeignScripts(read_history(root, "golang-migrate"))
    assert [s.where for s in history.steps("2.0", "mysql")] == [
        "2_step.up.sql, statement 1",
        "3_step.up.sql, statement 1",
    ]
    copy = history.write_copy(tmp_path / "copy", (Insertion("2.0", "mysql", 2, "SELECT 1/0"),))
    assert (copy / "3_step.up.sql").read_text() == "SELECT 1/0;\nALTER TABLE a ADD x int;\n"
    assert changed_files(root, copy) == ["3_step.up.sql"]
    # after the last statement of a file without a final semicolon, the inserted statement is still a statement
    (root / "3_step.up.sql").write_text("ALTER TABLE a ADD x int")
    history = ForeignScripts(read_history(root, "golang-migrate"))
    copy = history.write_copy(tmp_path / "after", (Insertion("2.0", "mysql", 3, "SELECT 7"),))
    assert (copy / "3_step.up.sql").read_text() == "ALTER TABLE a ADD x int;\nSELECT 7;"
    with pytest.raises(ScenarioError, match="has 2 statements; cannot insert before statement 4"):
        history.write_copy(tmp_path / "bad", (Insertion("2.0", "mysql", 4, "SELECT 7"),))


def test_every_statement_makes_boundaries_times_kinds_cases_per_engine() -> None:
    # One boundary before each statement and one after each version's last statement.
    scenario = load_foreign_scenario(FOREIGN / "flyway", "flyway")
    history = scripts_of(scenario)
    made = cases("rollback", scenario, ENGINES, "every-statement")
    for engine, dialect in ENGINES.items():
        statements = sum(len(history.steps(version, dialect)) for version in scenario.versions[1:])
        ends = sum(1 for version in scenario.versions[1:] if history.steps(version, dialect))
        assert statements > 50 and ends == len(scenario.versions) - 1
        assert len([c for c in made if c.engine == engine]) == (statements + ends) * len(FAULT_KINDS)
    assert len({c.param_id for c in made}) == len(made)
    assert "postgresql@15-2023.1->2023.2-crash@2023.2#3" in {c.param_id for c in made}
    assert "postgresql@15-2023.1->2023.2-crash@2023.2#end" in {c.param_id for c in made}
    assert not [c for c in made if c.fault and c.fault.version == "2023.1"]  # the first release is the install


def test_lock_timeout_targets_follow_the_migrations_before_the_step() -> None:
    history = foreign("golang-migrate")
    # 38 step 1 alters users, created by migration 1
    assert skip_reason(history, "postgresql", Fault("lock-timeout", "38", 1)) is None
    # 5 step 1 creates labels: nobody else can hold a lock on it
    reason = skip_reason(history, "postgresql", Fault("lock-timeout", "5", 1))
    assert reason is not None and "creates table labels" in reason
