"""One run's state: its plan, the workbench (servers, snapshots, shared upgraded databases) and the results so far.

`Run.execute` is the whole run without pytest (the defect catalogue and the benchmarks use it); the pytest plugin
keeps a Run too and lets pytest run the cases, announcing and releasing their reads through the same methods.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from harness.cases import Case
from harness.engines.server_api import Server
from harness.report.json_contract import CaseRecord
from harness.run.execute import execute, merged
from harness.run.plan import RunPlan, case_reads
from harness.workbench import Workbench


@dataclass
class Run:
    plan: RunPlan
    # Servers already running (engine name -> server), used instead of starting them; the run does not stop them.
    servers: Mapping[str, Server] | None = None
    started: float = field(default_factory=time.perf_counter)
    results: dict[str, CaseRecord] = field(default_factory=dict)
    # Under xdist the servers run in the workers; each reports the engines it started (spec -> description).
    worker_engines: dict[str, dict[str, str]] = field(default_factory=dict)
    # A failure many cases share (a fresh install, a seed) -> the id of the case that reports it.
    root_causes: dict[tuple[str, ...], str] = field(default_factory=dict)
    _workbench: Workbench | None = None

    @property
    def workbench(self) -> Workbench:
        if self._workbench is None:
            plan = self.plan
            servers = dict(self.servers) if self.servers is not None else None
            self._workbench = Workbench(
                plan.scenario, plan.runner, plan.engine_specs, plan.selection.seed_size, servers=servers,
                keep_templates=plan.selection.keep_templates,
            )
        return self._workbench

    def expect(self, cases: Iterable[Case]) -> None:
        """Announce the cases that will run, so each shared upgraded database is dropped after its last reader."""
        for case in cases:
            for engine, path in case_reads(case):
                self.workbench.expect(engine, path)

    def release(self, case: Case) -> None:
        """The case is done with the shared databases it reads."""
        for engine, path in case_reads(case):
            self.workbench.release(engine, path)

    def record(self, result: CaseRecord) -> None:
        existing = self.results.get(result.id)
        self.results[result.id] = result if existing is None else merged(existing, result)

    def execute(self, cases: Iterable[Case] | None = None) -> list[CaseRecord]:
        """Run the cases (default: the plan's) in the plan's order, each shared database built once and dropped
        after its last reader; returns their results in that order."""
        ordered = self.plan.order(self.plan.cases() if cases is None else cases)
        self.expect(ordered)
        done: list[CaseRecord] = []
        for case in ordered:
            try:
                result = execute(self.workbench, case)
            finally:
                self.release(case)
            self.record(result)
            done.append(result)
        return done

    def close(self) -> None:
        if self._workbench is not None:
            self._workbench.close()
