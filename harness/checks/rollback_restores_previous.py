"""Check `rollback`: a fault at statement k of version V (sql-error, crash, disconnect, lock-timeout) leaves the
database exactly at the previous version, the failed attempt in the history, and the next run completes to the same
state as an upgrade that never failed. Cases come from `--upgrade-faults` (see docs/faults.md); any runner that runs
as a process takes part: the migrator, a `command` runner, the replay of a foreign layout.
"""

from __future__ import annotations

import pytest

from harness.cases import Case, CaseKind, CheckSpec
from harness.faults import scripts_of, skip_reason
from harness.faults.rollback import NotApplicable, verify_rollback
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "rollback", CaseKind.FAULTS, "a fault mid-version leaves the old version")


def verify(bench: Workbench, case: Case) -> None:
    assert case.fault is not None
    reason = skip_reason(scripts_of(bench.scenario), bench.server(case.engine).dialect, case.fault)
    if reason is not None:
        pytest.skip(reason)
    try:
        verify_rollback(bench, case)
    except NotApplicable as err:
        pytest.skip(str(err))


def test_rollback(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
