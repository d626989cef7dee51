"""One module per check; each declares itself (`SPEC`), holds `verify(bench, case)` and a one-line `test_<check>`.

`CHECKS` is the registry the run core, the plugin, the CLI's `plan` and the report read, collected from the modules'
declarations in the order below (the order of markers, `plan` rows and of cases that read one upgraded database).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from harness.cases import Case, CheckSpec
from harness.checks import (
    concurrent_runners,
    data_is_preserved,
    dialects_agree,
    down_up_consistent,
    explore,
    models_match_migrations,
    online_no_blocking,
    previous_release_compatible,
    rollback_restores_previous,
    schema_matches_fresh_install,
    second_run_changes_nothing,
    step_rerun_changes_nothing,
    stepwise_equals_direct,
    upgrade_succeeds,
)
from harness.workbench import Workbench

Verify = Callable[[Workbench, Case], None]

_MODULES: tuple[ModuleType, ...] = (
    upgrade_succeeds,
    schema_matches_fresh_install,
    data_is_preserved,
    stepwise_equals_direct,
    dialects_agree,
    second_run_changes_nothing,
    rollback_restores_previous,
    concurrent_runners,
    explore,
    down_up_consistent,
    models_match_migrations,
    online_no_blocking,
    previous_release_compatible,
    step_rerun_changes_nothing,
)


def _declared(module: ModuleType) -> tuple[CheckSpec, Verify]:
    spec, verify = getattr(module, "SPEC", None), getattr(module, "verify", None)
    if not isinstance(spec, CheckSpec) or not callable(verify) or spec.qualified_module != module.__name__:
        raise TypeError(f"{module.__name__} must declare SPEC = CheckSpec(__name__, ...) and verify(bench, case)")
    return spec, verify


CHECKS: dict[str, CheckSpec] = {}
VERIFIERS: dict[str, Verify] = {}
for _module in _MODULES:
    _spec, _verify = _declared(_module)
    CHECKS[_spec.name] = _spec
    VERIFIERS[_spec.name] = _verify

DEFAULT_CHECKS = ("upgrade", "schema", "data", "path", "parity", "idempotent")

__all__ = ["CHECKS", "DEFAULT_CHECKS", "VERIFIERS", "Verify"]
