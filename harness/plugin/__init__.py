"""pytest plugin (registered through `pytest11`): it only wires options, collection, fixtures and results.

Enabled by `--upgrade-scenario` (or the `upgrade_scenario` ini key): then `pytest_configure` opens the run core's
Run and registers an `UpgradeRunPlugin` for it, which generates the cases of the check modules under
`harness/checks/` per engine x path (x fault) and records their results. The fixtures in `harness.plugin.fixtures`
are always available, so a product's own tests can use them too.
"""

from __future__ import annotations

from harness.plugin.fixtures import (
    database_at,
    upgrade_case_engines_available,
    upgrade_runner,
    upgrade_scenario,
    upgrade_server,
    upgrade_session,
    upgrade_workbench,
)
from harness.plugin.hooks import UpgradeRunPlugin, pytest_addoption, pytest_configure

__all__ = [
    "UpgradeRunPlugin",
    "database_at",
    "pytest_addoption",
    "pytest_configure",
    "upgrade_case_engines_available",
    "upgrade_runner",
    "upgrade_scenario",
    "upgrade_server",
    "upgrade_session",
    "upgrade_workbench",
]
