"""Check `concurrency`: 8 runner processes released at the same moment on one database apply every version exactly
once, all succeed, and end where a single runner ends; a runner SIGKILLed while holding the lock does not block the
next one (see docs/faults.md)."""

from __future__ import annotations

import pytest

from harness.cases import Case, CaseKind, CheckSpec
from harness.faults.concurrency import verify_concurrency
from harness.faults.rollback import NotApplicable
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "concurrency", CaseKind.DIRECT, "8 runners at once apply each version exactly once")


def verify(bench: Workbench, case: Case) -> None:
    try:
        verify_concurrency(bench, case)
    except NotApplicable as err:
        pytest.skip(str(err))


def test_concurrency(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
