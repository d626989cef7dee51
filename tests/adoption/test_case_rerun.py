"""A case id copied from report.json re-runs exactly that case, in the forms the README gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import LOCAL_POSTGRESQL
from .installed import InstalledHarness
from .outcomes import junit_cases, report
from .user_project import write_scenario

pytestmark = pytest.mark.slow
SELECTION = ("--engine", "postgresql@15:local", "--checks", "upgrade,schema,data", "--seed-size", "20")


@pytest.fixture(scope="module")
def first_run(installed: InstalledHarness, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A whole run of the invoicing history on postgresql@15: its scenario and its report.json."""
    if not LOCAL_POSTGRESQL.is_file():
        pytest.skip(f"postgresql@15:local needs {LOCAL_POSTGRESQL} (apt-get install postgresql-15)")
    work = tmp_path_factory.mktemp(f"rerun-{installed.kind}")
    scenario = write_scenario(work / "db")
    done = installed.run(
        "upgrade-harness", "verify", "--scenario", str(scenario), *SELECTION, "--report-dir", str(work / "first"),
        cwd=work, timeout_s=600,
    )
    assert done.returncode == 0, done.describe()
    return scenario, report(work / "first")


# The id after `--` as README "Command line" shows it, and the `--case` option.
FORMS: dict[str, Callable[[str], tuple[str, ...]]] = {
    "after-double-dash": lambda case_id: ("--", case_id),
    "case-option": lambda case_id: ("--case", case_id),
}


@pytest.mark.parametrize("form", list(FORMS))
def test_a_report_id_reruns_exactly_that_case(
    installed: InstalledHarness, first_run: tuple[Path, dict[str, Any]], tmp_path: Path, form: str
) -> None:
    scenario, first = first_run
    assert len(first["cases"]) > 1, first["cases"]
    chosen = next(case for case in first["cases"] if case["check"] == "schema" and case["from"] == "v1.0.0")
    reports = tmp_path / "again"
    done = installed.run(
        "upgrade-harness", "verify", "--scenario", str(scenario), *SELECTION, "--report-dir", str(reports),
        *FORMS[form](chosen["id"]), cwd=tmp_path, timeout_s=600,
    )
    assert done.returncode == 0, f"re-running {chosen['id']!r}\n{done.describe()}"
    again = report(reports)
    assert [case["id"] for case in again["cases"]] == [chosen["id"]], done.describe()
    assert again["summary"]["passed"] == 1, again["summary"]
    ran = junit_cases(reports / "junit.xml")
    assert len(ran) == 1, [case.name for case in ran]
    assert ran[0].outcome == "passed"
