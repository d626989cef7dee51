"""Fault injection: sql-error, crash, disconnect and lock-timeout at statement k of version V, for any runner that
can run as a process on a rewritten copy of the scripts (see docs/faults.md)."""

from __future__ import annotations

from harness.cases import FAULT_KINDS
from harness.faults.boundaries import FAULT_MODES, Boundary, boundaries, cases, select, skip_reason
from harness.faults.scripts import Insertion, ScriptHistory, StepText, scripts_of

__all__ = [
    "FAULT_KINDS",
    "FAULT_MODES",
    "Boundary",
    "Insertion",
    "ScriptHistory",
    "StepText",
    "boundaries",
    "cases",
    "scripts_of",
    "select",
    "skip_reason",
]
