"""The plugin's per-run state: the scenario, the runner, the cases, the workbench and the collected results."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from harness.cases import Case, generate_cases
from harness.checks import CHECKS, case_id
from harness.engines import parse_spec
from harness.paths import UpgradePath, enumerate_paths
from harness.plugin.options import Selection
from harness.runners import Runner, runner_for
from harness.scenario import Scenario, load_scenario
from harness.workbench import Workbench


@dataclass
class UpgradeSession:
    selection: Selection
    scenario: Scenario
    runner: Runner
    engine_specs: dict[str, str]  # display name (no password) -> spec as given
    engine_dialects: dict[str, str]
    started: float = field(default_factory=time.perf_counter)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Under xdist the servers run in the workers; each reports the engines it started (spec -> description).
    worker_engines: dict[str, dict[str, str]] = field(default_factory=dict)
    # A failure many cases share (a fresh install, a seed) -> the id of the case that reports it.
    root_causes: dict[tuple[str, ...], str] = field(default_factory=dict)
    _workbench: Workbench | None = None

    @classmethod
    def open(cls, selection: Selection) -> UpgradeSession:
        scenario = load_scenario(selection.scenario, selection.layout)
        specs: dict[str, str] = {}
        dialects: dict[str, str] = {}
        for text in selection.engines:
            spec = parse_spec(text)
            specs[spec.name] = text
            dialects[spec.name] = spec.dialect
        return cls(selection, scenario, runner_for(scenario), specs, dialects)

    @property
    def workbench(self) -> Workbench:
        if self._workbench is None:
            self._workbench = Workbench(self.scenario, self.runner, self.engine_specs, self.selection.seed_size)
        return self._workbench

    def paths(self) -> list[UpgradePath]:
        return enumerate_paths(self.scenario.versions, self.selection.paths)

    def multi_stop_paths(self) -> list[UpgradePath]:
        chosen = [path for path in self.paths() if not path.is_direct]
        return chosen or [p for p in enumerate_paths(self.scenario.versions, "stepwise") if not p.is_direct]

    def cases_for(self, check: str) -> list[Case]:
        if check not in self.selection.checks:
            return []
        spec = CHECKS[check]
        if spec.cases == "faults":
            from harness.faults import fault_cases

            return fault_cases(self, check)
        return generate_cases(check, spec.cases, self.engine_dialects, self.paths(), self.multi_stop_paths())

    def selected_cases(self, check: str) -> list[Case]:
        """The check's cases that the selection's case filters keep."""
        return [case for case in self.cases_for(check) if self.selection.wants(case_id(case))]

    def close(self) -> None:
        if self._workbench is not None:
            self._workbench.close()
