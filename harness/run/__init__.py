"""The run core, usable without pytest: Selection -> RunPlan (cases, their one id, order, shard, reads) -> Run
(the workbench; `execute` runs cases into their report.json records) -> report (report.json and the gate's verdict).

The pytest plugin, the `upgrade-harness` command, the defect catalogue's tests and the benchmarks all go through it.
"""

from __future__ import annotations

from harness.run.execute import case_record, execute, runner_seconds
from harness.run.plan import RunPlan, case_id, case_reads, order_key, shard
from harness.run.report import build_report, finish_report
from harness.run.selection import (
    DEFAULT_ENGINES,
    Selection,
    SelectionError,
    parse_checks,
    parse_seed_size,
    parse_shard,
)
from harness.run.state import Run

__all__ = [
    "DEFAULT_ENGINES",
    "Run",
    "RunPlan",
    "Selection",
    "SelectionError",
    "build_report",
    "case_id",
    "case_reads",
    "case_record",
    "execute",
    "finish_report",
    "order_key",
    "parse_checks",
    "parse_seed_size",
    "parse_shard",
    "runner_seconds",
    "shard",
]
