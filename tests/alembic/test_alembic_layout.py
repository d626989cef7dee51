"""The alembic layout: detection, the revision graph read by Alembic (branch, merge), releases as heads, the
linear order that keeps every release a prefix, bad releases files refused, and the missing extra."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from harness.layouts import detect_layout, read_history
from harness.layouts.alembic_history import AlembicHistory
from harness.layouts.scenario_error import ScenarioError
from harness.runners import runner_for
from harness.runners.alembic_runner import AlembicRunner
from harness.scenario import load_scenario
from tests.alembic.courier_project import COURIER, REPO


def test_detected_by_its_ini_and_by_its_script_directory() -> None:
    assert detect_layout(COURIER) == "alembic"
    assert detect_layout(COURIER / "alembic.ini") == "alembic"
    assert detect_layout(COURIER / "migrations") == "alembic"


def test_the_ini_the_directory_and_the_scenario_toml_name_one_scenario() -> None:
    by_ini, by_directory = load_scenario(COURIER / "alembic.ini"), load_scenario(COURIER)
    assert by_ini.name == by_directory.name == "courier"
    assert by_ini.versions == by_directory.versions == ("1.0", "1.1", "1.1.1", "2.0", "2.1")
    assert by_ini.seed is not None and set(by_ini.invariants) == {"1.1", "1.1.1", "2.0", "2.1"}
    assert isinstance(runner_for(by_ini), AlembicRunner)
    assert runner_for(by_ini).own_tables == frozenset({"alembic_version"})


def test_a_branch_release_is_a_prefix_and_the_release_after_the_merge_crosses_the_other_branch() -> None:
    history = read_history(COURIER)
    assert isinstance(history, AlembicHistory)
    revisions = history.revisions
    assert len(revisions) == 15
    # 1.1.1 ships the pricing branch only; 2.0 brings the addresses branch and the merge
    assert revisions.index("r08b_price_backfill") < revisions.index("r07a_addresses")
    assert history.parents["r09_merge_addresses_prices"] == ("r08a_address_placeholders", "r08b_price_backfill")
    assert history.heads_of("1.1.1") == ("r08b_price_backfill",)
    crossed = history.ancestors(history.heads_of("2.0")) - history.ancestors(history.heads_of("1.1.1"))
    assert crossed == {"r07a_addresses", "r08a_address_placeholders", "r09_merge_addresses_prices", "r10_parcel_events"}
    assert history.version_of_heads(("r08b_price_backfill",)) == "1.1.1"
    assert history.version_of_heads(("r08a_address_placeholders", "r08b_price_backfill")) == (
        "r08a_address_placeholders, r08b_price_backfill (inside 2.0)"
    )


def test_without_a_releases_file_every_revision_is_a_release(courier: Path) -> None:
    (courier / "releases.toml").unlink()
    history = read_history(courier)
    assert isinstance(history, AlembicHistory)
    assert history.versions == history.revisions
    # alembic's own base-to-heads order puts one branch before the other; a version between them has two heads
    two_heads = [version for version in history.versions if len(history.heads_of(version)) == 2]
    assert len(two_heads) == 2


@pytest.mark.parametrize(
    ("releases", "message"),
    [
        ('"1.0" = "r03_statuses"\n"1.1" = "r02_parcels"\n', "does not contain every revision of the releases before"),
        ('"1.0" = "r03_statuses"\n', "revisions after the last release: r04_tracking_code"),
        ('"1.0" = "r99_nothing"\n', "release '1.0'"),
        ('"1.0" = 3\n', "give its head revision"),
    ],
)
def test_a_wrong_releases_file_is_refused_with_the_line_to_fix(courier: Path, releases: str, message: str) -> None:
    (courier / "releases.toml").write_text(releases, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"releases\.toml") as raised:
        read_history(courier)
    assert message in str(raised.value)


def test_without_the_alembic_package_one_message_and_exit_2() -> None:
    blocked = (
        "import sys; sys.modules['alembic'] = None; from harness.cli import main; "
        f"sys.argv = ['upgrade-harness', 'plan', '--scenario', {str(COURIER / 'alembic.ini')!r}, "
        "'--engine', 'postgresql@15']; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2, result.stderr
    assert "pip install 'upgrade-harness[alembic]'" in result.stderr
    assert "Traceback" not in result.stderr
