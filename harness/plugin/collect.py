"""Where the upgrade cases come from: the check modules, collected by name next to the project's own tests.

The check modules are imported from the installed package and given ids that do not depend on where it is installed
(`harness/checks/<module>.py::test_<check>[...]`). They are never collected as files, so no conftest.py around the
package (a checkout's, for an editable install) is loaded, and the project's own test paths stay as they are.
"""

from __future__ import annotations

import importlib
import re
import types
from collections.abc import Sequence
from pathlib import Path

import pytest

from harness.checks import CHECKS

UMBRELLA_MARKER = "upgrade_harness"
"""Every upgrade case carries it: `-m upgrade_harness` runs only the cases, `-m "not upgrade_harness"` only the rest."""

_CASE_ARGUMENT = re.compile(
    r"^(?:.*/)?harness/checks/(?P<module>[a-z_]+)\.py(?:::(?P<function>test_[a-z_]+)(?P<params>\[.*\])?)?$"
)


class CheckModule(pytest.Module):
    """A check module imported by its module name, not from a file path (no sys.path or conftest changes)."""

    def _getobj(self) -> types.ModuleType:
        return importlib.import_module(f"harness.checks.{self.path.stem}")


def split_case_arguments(args: Sequence[str]) -> tuple[list[str], list[str]]:
    """Command-line arguments naming check cases (`harness/checks/x.py::test_x[...]`, or a whole check module) are
    case filters, wherever the package lives; the other arguments stay paths. Returns (paths, case filters)."""
    paths: list[str] = []
    filters: list[str] = []
    modules = {spec.module: spec for spec in CHECKS.values()}
    for arg in args:
        match = _CASE_ARGUMENT.match(arg)
        spec = modules.get(match["module"]) if match else None
        if match is None or spec is None:
            paths.append(arg)
        elif match["params"]:
            filters.append(f"{spec.node_prefix}::{match['function']}{match['params']}")
        else:
            filters.append(f"{spec.node_prefix}::{spec.function}[")
    return paths, filters


def collect_check_items(session: pytest.Session, checks: Sequence[str]) -> list[pytest.Item]:
    """The items of the selected checks (parametrized by the plugin's pytest_generate_tests)."""
    items: list[pytest.Item] = []
    for check in checks:
        spec = CHECKS[check]
        module = CheckModule.from_parent(session, path=Path(spec.file), nodeid=spec.node_prefix)
        for item in session.genitems(module):
            item.add_marker(UMBRELLA_MARKER)
            item.add_marker(spec.name)  # `-m schema`: the check's own marker, from its declaration
            items.append(item)
    return items
