"""Reproduce a customer's failed upgrade from their SQL dump (`upgrade-harness reproduce`, docs/reproduce.md).

    with Workspace(resolve("mariadb@10.11", "nightingale")) as workspace:
        prepared = prepare(workspace, read_dump(Path("customer.sql")), print)
        result = attempt(workspace, prepared, workspace.scenario.head, print)
        if result.signature is not None:
            write_bundle(workspace, result, Path("repro"), mask=True, progress=print)
"""

from __future__ import annotations

from harness.reproduce.bundle import write_bundle
from harness.reproduce.bundled import BundleResult
from harness.reproduce.diagnosis import Diagnosis, OffendingRow
from harness.reproduce.dumpfile import Dump, read_dump
from harness.reproduce.identify import Identification, identify
from harness.reproduce.load import LoadResult, load_dump
from harness.reproduce.mask import Masker, masked_column
from harness.reproduce.offenders import find_offenders
from harness.reproduce.pipeline import Attempt, Prepared, attempt, prepare
from harness.reproduce.problem import parse_problem
from harness.reproduce.reproduce_error import ReproduceError
from harness.reproduce.workspace import Environment, Workspace, resolve

__all__ = [
    "Attempt",
    "BundleResult",
    "Diagnosis",
    "Dump",
    "Environment",
    "Identification",
    "LoadResult",
    "Masker",
    "OffendingRow",
    "Prepared",
    "ReproduceError",
    "Workspace",
    "attempt",
    "find_offenders",
    "identify",
    "load_dump",
    "masked_column",
    "parse_problem",
    "prepare",
    "read_dump",
    "resolve",
    "write_bundle",
]
