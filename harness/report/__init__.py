"""Report outputs of a run (report.json, report.html, matrix.png, summary.md), release gate, shards, merge.

Rendering and merging import matplotlib, so they load on first use: collecting tests with `--shard` or
reading a report stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from harness.report.gate import (
    AllowEntry,
    AllowList,
    AllowListError,
    GateResult,
    apply_gate,
    decide,
    gate_exit_code,
    load_allowlist,
)
from harness.report.json_contract import (
    CaseRecord,
    EngineInfo,
    Report,
    ReportError,
    Statement,
    Summary,
    WorkloadImpact,
)
from harness.report.shard import assign_shards, estimate_duration, expected_costs, select_shard
from harness.report.verdict import GateVerdict

if TYPE_CHECKING:
    from harness.report.merge import MergeError, merge_junit, merge_report_dirs, merge_reports
    from harness.report.write import OutputConfig, load_output_config, write_reports

_LAZY = {
    "MergeError": "harness.report.merge",
    "merge_junit": "harness.report.merge",
    "merge_report_dirs": "harness.report.merge",
    "merge_reports": "harness.report.merge",
    "OutputConfig": "harness.report.write",
    "load_output_config": "harness.report.write",
    "write_reports": "harness.report.write",
}

__all__ = [
    "AllowEntry",
    "AllowList",
    "AllowListError",
    "CaseRecord",
    "EngineInfo",
    "GateResult",
    "GateVerdict",
    "MergeError",
    "OutputConfig",
    "Report",
    "ReportError",
    "Statement",
    "Summary",
    "WorkloadImpact",
    "apply_gate",
    "assign_shards",
    "decide",
    "estimate_duration",
    "expected_costs",
    "gate_exit_code",
    "load_allowlist",
    "load_output_config",
    "merge_junit",
    "merge_report_dirs",
    "merge_reports",
    "select_shard",
    "write_reports",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'harness.report' has no attribute {name!r}")
