"""A user's own pytest suite with the plugin installed: their tests and the upgrade cases run together, or apart.

The project's pytest.ini has `testpaths = tests` and `upgrade_scenario = db`; `pytest` is the venv's, run in the
project directory outside this repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .installed import Completed, InstalledHarness
from .outcomes import JunitCase, junit_cases, report, summary_counts, upgrade_cases, user_cases
from .user_project import USER_TESTS

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("local_postgresql")]
# Every upgrade case carries it (README "In your own pytest suite"); `upgrade` alone is the marker of one check.
UMBRELLA_MARKER = "upgrade_harness"


def run_pytest(installed: InstalledHarness, project: Path, *args: str) -> tuple[Completed, list[JunitCase]]:
    junit = project.parent / f"junit-{len(list(project.parent.glob('junit-*.xml')))}.xml"
    done = installed.run("pytest", "-p", "no:cacheprovider", f"--junitxml={junit}", *args, cwd=project)
    assert junit.exists(), f"no junit.xml written\n{done.describe()}"
    return done, junit_cases(junit)


def names(cases: list[JunitCase]) -> list[str]:
    return sorted(case.name for case in cases)


def test_plain_pytest_runs_the_users_tests_and_the_upgrade_cases(
    installed: InstalledHarness, user_project: Path
) -> None:
    reports = user_project.parent / "report"
    done, cases = run_pytest(installed, user_project, f"--upgrade-report-dir={reports}")
    assert done.returncode == 0, done.describe()
    assert "Traceback" not in done.output, done.describe()
    assert names(user_cases(cases)) == sorted(USER_TESTS), done.describe()
    upgrades = upgrade_cases(cases)
    assert upgrades, f"no upgrade case was collected\n{done.describe()}"
    assert {case.outcome for case in cases} == {"passed"}, done.describe()
    assert {case.check for case in upgrades} >= {"upgrade", "schema", "data"}, names(upgrades)
    assert not [case.name for case in cases if "NOTSET" in case.name], "a case without parameters was reported"
    # The terminal, junit.xml and report.json tell the same story.
    assert summary_counts(done.output).get("passed") == len(cases), done.describe()
    recorded = report(reports)["cases"]
    assert len(recorded) == len(upgrades), [case["id"] for case in recorded]
    assert report(reports)["summary"]["passed"] == len(upgrades)


def test_the_umbrella_marker_selects_either_half(installed: InstalledHarness, user_project: Path) -> None:
    everything, all_cases = run_pytest(installed, user_project)
    assert everything.returncode == 0, everything.describe()

    only_upgrades, upgrade_run = run_pytest(installed, user_project, "-m", UMBRELLA_MARKER)
    assert only_upgrades.returncode == 0, only_upgrades.describe()
    assert user_cases(upgrade_run) == [], only_upgrades.describe()
    assert names(upgrade_run) == names(upgrade_cases(all_cases)), only_upgrades.describe()

    only_users, user_run = run_pytest(installed, user_project, "-m", f"not {UMBRELLA_MARKER}")
    assert only_users.returncode == 0, only_users.describe()
    assert names(user_run) == sorted(USER_TESTS), only_users.describe()
    assert summary_counts(only_users.output).get("passed") == len(USER_TESTS), only_users.describe()


def test_upgrade_only_collects_only_the_upgrade_cases(installed: InstalledHarness, user_project: Path) -> None:
    done, cases = run_pytest(installed, user_project, "--upgrade-only")
    assert done.returncode == 0, done.describe()
    assert cases, done.describe()
    assert user_cases(cases) == [], done.describe()


def test_upgrade_checks_deselects_the_other_checks(installed: InstalledHarness, user_project: Path) -> None:
    done, cases = run_pytest(installed, user_project, "--upgrade-checks=schema")
    assert done.returncode == 0, done.describe()
    assert {case.check for case in upgrade_cases(cases)} == {"schema"}, names(cases)
    assert names(user_cases(cases)) == sorted(USER_TESTS), done.describe()
