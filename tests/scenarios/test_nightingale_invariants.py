"""Each invariant of the Nightingale semantics can fail: a realistic defect planted in the upgrade it guards is
caught by the `data` check (harness.checks.data_is_preserved) on real servers, through that invariant, while the
correct history passes the same case."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.cases import Case
from harness.checks.data_is_preserved import verify
from harness.engines.server_api import Server
from harness.failures import CheckFailed
from harness.paths import UpgradePath
from harness.runners import runner_for
from harness.scenario import Scenario, load_scenario
from harness.workbench import Workbench
from tests.scenarios import n9e_apply
from tests.scenarios.n9e_support import SEED_SIZE


@dataclass(frozen=True)
class Defect:
    """A text replacement in one upgrade script per dialect, and what the invariant must then report."""

    what: str
    edits: dict[str, tuple[str, str]]  # dialect -> (correct text, defective text)
    reported: str


DEFECTS = {
    "v7.0.0": Defect(
        "the boolean conversion of datasource.is_default tests the wrong way round",
        {"postgresql": ("USING is_default <> 0", "USING is_default = 0")},
        "is_default: 1 became 0",
    ),
    "v7.4.0": Defect(
        "the target_busi_group backfill copies only the targets seen recently, and group_id is cleared for all",
        {
            "postgresql": ("FROM target WHERE group_id > 0 ORDER BY id;", "FROM target WHERE group_id > 0 "
                           "AND update_at > 1717200010 ORDER BY id;"),
            "mysql": ("FROM `target` WHERE `group_id` > 0 ORDER BY `id`;", "FROM `target` WHERE `group_id` > 0 "
                      "AND `update_at` > 1717200010 ORDER BY `id`;"),
        },
        "busi groups [], expected ['",
    ),
    "v8.0.0": Defect(
        "the embedded products backfill reads the configs entry under a misspelt key, so nothing is copied",
        {
            "postgresql": ("WHERE ckey = 'embedded-dashboards'", "WHERE ckey = 'embedded_dashboards'"),
            "mysql": ("WHERE `ckey` = 'embedded-dashboards'", "WHERE `ckey` = 'embedded_dashboards'"),
        },
        "embedded_product holds [], the embedded-dashboards config listed [",
    ),
}


def planted_copy(version: str, dialect: str, target: Path) -> Path:
    """A copy of the scenario whose `version` upgrade script for `dialect` carries the defect."""
    shutil.copytree(n9e_apply.SCENARIO, target, ignore=shutil.ignore_patterns("tools", "__pycache__"))
    correct, defective = DEFECTS[version].edits[dialect]
    script = target / "migrations" / version / f"{dialect}.upgrade.sql"
    text = script.read_text(encoding="utf-8")
    assert text.count(correct) == 1, f"{script}: {correct!r} found {text.count(correct)} times"
    script.write_text(text.replace(correct, defective), encoding="utf-8")
    return target


def data_case(scenario: Scenario, server: Server, version: str) -> Case:
    previous = scenario.versions[scenario.index(version) - 1]
    return Case("data", server.spec.name, UpgradePath((previous, version)))


def test_every_invariant_has_a_planted_defect(n9e_scenario: Scenario) -> None:
    assert set(n9e_scenario.invariants) == set(DEFECTS)


@pytest.mark.parametrize("version", sorted(DEFECTS))
def test_the_correct_upgrade_keeps_the_invariant(
    server: Server, n9e_scenario: Scenario, n9e_bench: Workbench, version: str
) -> None:
    verify(n9e_bench, data_case(n9e_scenario, server, version))  # a CheckFailed here carries the diagnosis


@pytest.mark.parametrize("version", sorted(DEFECTS))
def test_a_planted_defect_breaks_the_invariant(server: Server, tmp_path: Path, version: str) -> None:
    defect = DEFECTS[version]
    if server.dialect not in defect.edits:
        pytest.skip(f"{version} on {server.dialect}: {defect.what} has no {server.dialect} counterpart here")
    scenario = load_scenario(planted_copy(version, server.dialect, tmp_path / "planted"))
    name = server.spec.name
    bench = Workbench(scenario, runner_for(scenario), {name: name}, SEED_SIZE, servers={name: server})
    try:
        with pytest.raises(CheckFailed) as caught:
            verify(bench, data_case(scenario, server, version))
    finally:
        bench.close()
    violations = caught.value.sections["invariants"].splitlines()
    assert violations, caught.value.render()
    assert all(line.startswith(f"{version}: ") for line in violations), violations
    assert any(defect.reported in line for line in violations), violations
    assert "rows (before -> after)" not in caught.value.sections, "only the invariant should see this defect"
