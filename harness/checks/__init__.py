"""One module per check; each is a pytest test module generated per (engine, path[, fault]) by the plugin.

`CHECKS` is the registry the plugin, the CLI's `plan` and the report read: name -> module and which cases it wants.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import harness.faults.profiles  # noqa: F401  registers explore's hypothesis profiles before --hypothesis-profile is read

if TYPE_CHECKING:
    from harness.cases import Case


@dataclass(frozen=True)
class CheckSpec:
    name: str
    module: str
    cases: str  # "paths": every selected path | "multi-stop": paths with stops | "engine-pairs" | "faults"
    # | "direct": each selected path as a direct jump | "engines": one per engine over the selected range
    # | "steps": every step between consecutive versions of the selected paths
    description: str

    @property
    def file(self) -> Path:
        return Path(__file__).parent / f"{self.module}.py"

    @property
    def node_prefix(self) -> str:
        """The module part of the check's case ids; the same wherever the package is installed."""
        return f"harness/checks/{self.module}.py"

    @property
    def function(self) -> str:
        return f"test_{self.name}"


CHECKS: dict[str, CheckSpec] = {
    spec.name: spec
    for spec in (
        CheckSpec("upgrade", "upgrade_succeeds", "paths", "the runner succeeds and records the target"),
        CheckSpec("schema", "schema_matches_fresh_install", "paths", "upgraded schema equals a fresh install"),
        CheckSpec("data", "data_is_preserved", "paths", "seeded rows survive; declared invariants hold"),
        CheckSpec("path", "stepwise_equals_direct", "multi-stop", "stepwise and direct upgrades agree"),
        CheckSpec("parity", "dialects_agree", "engine-pairs", "MySQL-family and PostgreSQL agree on the data"),
        CheckSpec("idempotent", "second_run_changes_nothing", "paths", "a second run at the target is a no-op"),
        CheckSpec("rollback", "rollback_restores_previous", "faults", "a fault mid-version leaves the old version"),
        CheckSpec("concurrency", "concurrent_runners", "direct", "8 runners at once apply each version exactly once"),
        CheckSpec("explore", "explore", "engines", "random upgrades, inserts and faults keep every invariant"),
        CheckSpec("down_up", "down_up_consistent", "paths", "up, down, up again gives the same schema and data"),
        CheckSpec("online", "online_no_blocking", "steps", "the previous release's workload is not blocked by a step"),
        CheckSpec(
            "compat", "previous_release_compatible", "steps", "the previous release's workload runs after a step"
        ),
        CheckSpec("rerun", "step_rerun_changes_nothing", "steps", "each data step run twice changes nothing"),
    )
}
DEFAULT_CHECKS = ("upgrade", "schema", "data", "path", "parity", "idempotent")


def case_id(case: Case) -> str:
    """The one id of a case: its pytest node id, report.json's and junit.xml's id, and what `--case` selects.

    `harness/checks/schema_matches_fresh_install.py::test_schema[postgresql@15-v7.0.0->v9.1.0]`
    """
    spec = CHECKS[case.check]
    return f"{spec.node_prefix}::{spec.function}[{case.param_id}]"
