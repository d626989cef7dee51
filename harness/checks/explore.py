"""Check `explore`: a hypothesis state machine upgrades to random later versions, inserts rows of the current shape,
injects faults at random boundaries and restarts the runner; after every step the schema equals a fresh install of
the recorded version and the data is preserved as the scenario declares. A failure shrinks to a minimal sequence,
printed with a replay command. Profiles: `upgrade-fast` (default) and `upgrade-thorough` (see docs/faults.md).
"""

from __future__ import annotations

import pytest

from harness.cases import Case, CaseKind, CheckSpec, Reads
from harness.faults.explore_machine import explore
from harness.faults.profiles import chosen
from harness.faults.rollback import NotApplicable, runner_as_process
from harness.workbench import Workbench

SPEC = CheckSpec(
    __name__,
    "explore",
    CaseKind.ENGINES,
    "random upgrades, inserts and faults keep every invariant",
    reads=Reads.NOTHING,
)


def verify(bench: Workbench, case: Case) -> None:
    try:
        runner_as_process(bench)
    except NotApplicable as err:
        pytest.skip(str(err))
    explore(bench, case.engine, case.path.start, str(bench.scenario.root), chosen())


def test_explore(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
