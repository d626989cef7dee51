"""An Alembic project the way a user adopts the harness for it: the wheel installed with the `alembic` extra into a
fresh venv, Library (fixtures/alembic-library) copied into a directory of their own outside the repository, the
installed `upgrade-harness verify` and the installed `pytest --upgrade-scenario` run there. Without the extra, an
Alembic scenario is refused with one message naming the extra, and exit code 2."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from .installed import REPO, InstalledHarness, build_wheel, create_venv
from .outcomes import junit_cases, report, summary_counts, upgrade_cases

pytestmark = pytest.mark.slow
LIBRARY = REPO / "fixtures" / "alembic-library"
CHECKS = "upgrade,schema,data,path,parity,idempotent,models,down_up,rerun"


@pytest.fixture(scope="module")
def alembic_install(install_root: Path) -> InstalledHarness:
    wheel = build_wheel(install_root / "alembic-build")
    return create_venv(install_root / "alembic-venv", "wheel", f"{wheel}[alembic]")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    assert not tmp_path.resolve().is_relative_to(REPO)
    copy = tmp_path / "library"
    shutil.copytree(LIBRARY, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_verify_runs_every_check_on_an_alembic_project(
    alembic_install: InstalledHarness, library: Path, local_postgresql: None
) -> None:
    reports = library.parent / "report"
    done = alembic_install.run(
        "upgrade-harness", "verify", "--scenario", str(library / "alembic.ini"), "--engine", "postgresql@15",
        "--paths", "all-pairs", "--checks", CHECKS, "--seed-size", "20", "--report-dir", str(reports),
        cwd=library.parent, timeout_s=900,
    )  # fmt: skip
    assert done.returncode == 0, done.describe()
    outcomes = Counter((case["check"], case["outcome"]) for case in report(reports)["cases"])
    # 4 releases: 6 paths all-pairs, 3 of them to the head (2.0), 3 release steps; parity needs a second engine
    assert outcomes == {
        ("upgrade", "passed"): 6, ("schema", "passed"): 6, ("data", "passed"): 6, ("idempotent", "passed"): 6,
        ("down_up", "passed"): 6, ("models", "passed"): 3, ("models", "skipped"): 3, ("rerun", "passed"): 3,
        **{key: count for key, count in outcomes.items() if key[0] in ("path", "parity")},
    }, done.describe()  # fmt: skip
    assert not {outcome for (check, outcome) in outcomes if check in ("path", "parity")} & {"failed", "error"}


def test_the_installed_pytest_runs_the_cases_of_an_alembic_project(
    alembic_install: InstalledHarness, library: Path, local_postgresql: None
) -> None:
    junit = library.parent / "junit.xml"
    done = alembic_install.run(
        "pytest", "-p", "no:cacheprovider", f"--junitxml={junit}", f"--upgrade-scenario={library / 'alembic.ini'}",
        "--upgrade-engine=postgresql@15", "--upgrade-checks=upgrade,schema,models,rerun", "--upgrade-seed-size=20",
        cwd=library.parent, timeout_s=900,
    )  # fmt: skip
    assert done.returncode == 0, done.describe()
    cases = Counter((case.check, case.outcome) for case in upgrade_cases(junit_cases(junit)))
    # the paths to the head (3) for upgrade, schema and models; rerun on the steps of those paths (3)
    assert cases == {("upgrade", "passed"): 3, ("schema", "passed"): 3, ("models", "passed"): 3,
                     ("rerun", "passed"): 3}, done.describe()  # fmt: skip
    assert summary_counts(done.output) == {"passed": 12}, done.describe()


def test_without_the_alembic_extra_an_alembic_project_is_refused(
    wheel_install: InstalledHarness, library: Path
) -> None:
    done = wheel_install.run(
        "upgrade-harness", "verify", "--scenario", str(library / "alembic.ini"), "--engine", "postgresql@15",
        cwd=library.parent,
    )  # fmt: skip
    assert done.returncode == 2, done.describe()
    assert "upgrade-harness[alembic]" in done.output, done.describe()
    assert "Traceback" not in done.output, done.describe()
    assert len(done.stderr.strip().splitlines()) == 1, done.describe()
    assert not (library.parent / "report").exists()
