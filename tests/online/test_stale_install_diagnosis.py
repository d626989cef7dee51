"""Check `schema` names a stale install script of a middle version instead of leaving the blame on the upgrade.

The shop history's v1.1.0 install script forgets the index on orders.status that its upgrade creates. A path that
starts from a fresh install of v1.1.0 then lacks the index at v2.0.0, and the schema check used to say only that
the upgraded schema differs from a fresh install of v2.0.0. Now it also compares each version's fresh install with
the first version upgraded to it, and names v1.1.0's install script.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.cases import Case
from harness.checks import schema_matches_fresh_install
from harness.engines.server_api import Server
from harness.failures import CheckFailed
from harness.paths import UpgradePath
from harness.runners import runner_for
from harness.scenario import load_scenario
from harness.workbench import Workbench

SHOP = Path(__file__).resolve().parents[1] / "defects" / "shop"
FROM_MIDDLE = UpgradePath(("v1.1.0", "v2.0.0"))
FORGOTTEN = {
    "postgresql.install.sql": "CREATE INDEX idx_orders_status ON orders (status);\n",
    "mysql.install.sql": ",\n    KEY idx_orders_status (status)",
}


def _bench(root: Path, server: Server) -> Workbench:
    scenario = load_scenario(root)
    name = server.spec.name
    return Workbench(scenario, runner_for(scenario), {name: name}, 40, servers={name: server})


def test_a_stale_middle_install_script_is_named(server: Server, tmp_path: Path) -> None:
    root = Path(shutil.copytree(SHOP, tmp_path / "shop"))
    for name, line in FORGOTTEN.items():
        script = root / "migrations" / "v1.1.0" / name
        assert line in script.read_text()
        script.write_text(script.read_text().replace(line, ""))
    bench = _bench(root, server)
    try:
        with pytest.raises(CheckFailed) as raised:
            schema_matches_fresh_install.verify(bench, Case("schema", server.spec.name, FROM_MIDDLE))
    finally:
        bench.close()
    failure = raised.value
    assert failure.headline.startswith("upgraded schema differs from a fresh install of v2.0.0"), failure.headline
    assert (
        "the fresh install of v1.1.0 already differs from the upgrade to it (this path starts from its fresh "
        "install): a stale install script or a wrong upgrade of v1.1.0" in failure.headline
    ), failure.headline
    drift = failure.sections[
        "install script of v1.1.0 vs the upgrade v1.0.0 -> ... -> v1.1.0 (expected = fresh install)"
    ]
    assert "idx_orders_status" in drift
    assert not any("v1.2.0" in title for title in failure.sections), "v1.2.0's install script is right"


def test_the_correct_history_passes_from_a_middle_version(server: Server) -> None:
    bench = _bench(SHOP, server)
    try:
        schema_matches_fresh_install.verify(bench, Case("schema", server.spec.name, FROM_MIDDLE))
    finally:
        bench.close()
