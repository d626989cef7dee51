"""The concurrency check on real servers: 8 racing migrator processes and a killed lock holder."""

from __future__ import annotations

import pytest

from harness.cases import Case
from harness.checks.concurrent_runners import verify
from harness.paths import UpgradePath
from harness.workbench import Workbench

from .support import MYSQL_FAMILY_ENGINE, PG, describe, run


@pytest.mark.parametrize("engine", [PG, MYSQL_FAMILY_ENGINE])
def test_racing_runners_apply_each_version_once_and_a_killed_holder_blocks_nobody(
    engine: str, ledger_bench: Workbench
) -> None:
    case = Case("concurrency", engine, UpgradePath(("v1.0.0", "v1.2.0")))
    outcome = run(verify, ledger_bench, case)
    assert outcome.outcome == "passed", describe([outcome])
