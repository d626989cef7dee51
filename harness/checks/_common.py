"""What several checks share: getting the upgraded database of a case, or stepping aside when there is none."""

from __future__ import annotations

import pytest

from harness.cases import Case
from harness.paths import UpgradePath
from harness.workbench import PathResult, Workbench


def upgraded_or_skip(bench: Workbench, engine: str, path: UpgradePath) -> PathResult:
    """The upgraded database; when the upgrade itself failed, the `upgrade` check reports it and this one skips."""
    result = bench.upgraded(engine, path)
    failure = result.failure
    if failure is not None:
        stop, outcome = failure
        pytest.skip(f"the upgrade to {stop} failed, so there is nothing to compare (see the upgrade check): "
                    f"{outcome.error.splitlines()[0] if outcome.error else 'no message'}")
    return result


def case_sections(case: Case) -> dict[str, str]:
    return {"engine": case.engine, "path": " -> ".join(case.path.stops)}
