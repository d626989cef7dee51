"""pytest plugin (registered through `pytest11`): it only wires options, collection, fixtures and results.

Enabled by `--upgrade-scenario` (or the `upgrade_scenario` ini key): the check modules under `harness/checks/` are
collected and parametrized per engine x path (x fault). The fixtures in `harness.plugin.fixtures` are always
available, so a product's own tests can use them too.
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
from harness.plugin.hooks import (
    pytest_addoption,
    pytest_collection_finish,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_generate_tests,
    pytest_keyboard_interrupt,
    pytest_report_teststatus,
    pytest_runtest_logfinish,
    pytest_runtest_logreport,
    pytest_runtest_makereport,
    pytest_sessionfinish,
    pytest_terminal_summary,
    pytest_testnodedown,
    pytest_unconfigure,
    pytest_xdist_node_collection_finished,
)

__all__ = [
    "database_at",
    "pytest_addoption",
    "pytest_collection_finish",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_generate_tests",
    "pytest_keyboard_interrupt",
    "pytest_report_teststatus",
    "pytest_runtest_logfinish",
    "pytest_runtest_logreport",
    "pytest_runtest_makereport",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
    "pytest_testnodedown",
    "pytest_unconfigure",
    "pytest_xdist_node_collection_finished",
    "upgrade_case_engines_available",
    "upgrade_runner",
    "upgrade_scenario",
    "upgrade_server",
    "upgrade_session",
    "upgrade_workbench",
]
