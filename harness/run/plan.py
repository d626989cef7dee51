"""From a Selection to the cases of a run: which cases, their one id, their order, a shard of them, and which shared
upgraded databases each reads (so the workbench builds each once and drops it after its last reader)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from harness.cases import Case, CaseKind, generate_cases, reads
from harness.checks import CHECKS
from harness.dialects import Dialect
from harness.engines import parse_spec
from harness.engines.server_api import Server
from harness.faults.boundaries import cases as fault_cases
from harness.faults.statement_faults import cases as statement_fault_cases
from harness.faults.statement_faults import supports_statement_faults
from harness.paths import UpgradePath, enumerate_paths
from harness.report.shard import select_shard
from harness.run.selection import Selection
from harness.runners import Runner, runner_for
from harness.scenario import Scenario, load_scenario

CHECK_ORDER = {name: position for position, name in enumerate(CHECKS)}


def case_id(case: Case) -> str:
    """The one id of a case: its pytest node id, report.json's and junit.xml's id, what `plan` and the shards count
    and what `--case` selects.

    `harness/checks/schema_matches_fresh_install.py::test_schema[postgresql@15-v7.0.0->v9.1.0]`
    """
    spec = CHECKS[case.check]
    return f"{spec.node_prefix}::{spec.function}[{case.param_id}]"


def case_reads(case: Case) -> list[tuple[str, UpgradePath]]:
    """The shared upgraded databases (engine, path) the case reads, as its check declares."""
    return reads(case, CHECKS[case.check])


@dataclass(frozen=True)
class RunPlan:
    """A selection opened: the scenario loaded, the runner chosen, the engine specs parsed. No server is started."""

    selection: Selection
    scenario: Scenario
    runner: Runner
    engine_specs: dict[str, str]  # display name (no password) -> spec as given
    engine_dialects: dict[str, Dialect]
    # Paths given directly (a benchmark's sample), instead of enumerating `selection.paths`.
    chosen_paths: tuple[UpgradePath, ...] | None = None
    # Servers already running (on_servers); statement fault cases are counted on them.
    servers: Mapping[str, Server] | None = None

    @classmethod
    def open(cls, selection: Selection) -> RunPlan:
        """Raises ScenarioError (the scenario) or EngineError (an engine spec): bad input, one message each."""
        scenario = load_scenario(selection.scenario, selection.layout)
        specs: dict[str, str] = {}
        dialects: dict[str, Dialect] = {}
        for text in selection.engines:
            spec = parse_spec(text)
            specs[spec.name] = text
            dialects[spec.name] = spec.dialect
        return cls(selection, scenario, runner_for(scenario), specs, dialects)

    @classmethod
    def on_servers(
        cls,
        selection: Selection,
        scenario: Scenario,
        servers: Mapping[str, Server],
        runner: Runner | None = None,
        paths: Sequence[UpgradePath] | None = None,
    ) -> RunPlan:
        """A plan for servers already running, named as in `servers` (a scenario and runner built in code)."""
        dialects: dict[str, Dialect] = {name: server.dialect for name, server in servers.items()}
        chosen = tuple(paths) if paths is not None else None
        return cls(
            selection, scenario, runner or runner_for(scenario), {n: n for n in servers}, dialects, chosen, servers
        )

    @cached_property
    def _paths(self) -> list[UpgradePath]:
        if self.chosen_paths is not None:
            return list(self.chosen_paths)
        return enumerate_paths(self.scenario.versions, self.selection.paths)

    def paths(self) -> list[UpgradePath]:
        """The selected upgrade paths; raises PathSelectionError on a bad `--paths`."""
        return list(self._paths)

    def multi_stop_paths(self) -> list[UpgradePath]:
        chosen = [path for path in self.paths() if not path.is_direct]
        return chosen or [p for p in enumerate_paths(self.scenario.versions, "stepwise") if not p.is_direct]

    def cases_for(self, check: str) -> list[Case]:
        """Every case of a selected check (the case filters aside), as its CheckSpec declares."""
        if check not in self.selection.checks:
            return []
        kind = CHECKS[check].cases
        if kind is CaseKind.FAULTS:
            crossed = {v for path in self.paths() for v in self.scenario.crossed(path.start, path.target)}
            if supports_statement_faults(self.runner):
                # an in-process runner's statements are only known by running them: counted on each engine
                return statement_fault_cases(
                    check, self.scenario, self.runner, self.engine_specs, self.engine_dialects, self.selection.faults,
                    crossed, self.selection.seed_size, dict(self.servers) if self.servers is not None else None,
                    self.selection.keep_templates,
                )  # fmt: skip
            return fault_cases(check, self.scenario, self.engine_dialects, self.selection.faults, crossed)
        return generate_cases(check, kind, self.engine_dialects, self.paths(), self.multi_stop_paths())

    def selected_cases(self, check: str) -> list[Case]:
        """The check's cases that the selection's case filters keep."""
        return [case for case in self.cases_for(check) if self.selection.wants(case_id(case))]

    def cases(self) -> list[Case]:
        """Every selected case, check by check, then this run's shard of them (when the selection names one)."""
        return shard(
            [case for check in self.selection.checks for case in self.selected_cases(check)], self.selection.shard
        )

    def order(self, cases: Iterable[Case]) -> list[Case]:
        """The order cases run in (see `order_key`)."""
        rank = self.version_rank()
        return sorted(cases, key=lambda case: order_key(case, rank))

    def version_rank(self) -> dict[str, int]:
        return {version: position for position, version in enumerate(self.scenario.versions)}


def order_key(case: Case, rank: dict[str, int]) -> tuple[str | int, ...]:
    """Cases reading the same upgraded database run together, so it is built once and dropped early; the newest
    start versions come first, so the first result arrives after one short upgrade, not the longest one."""
    fault = case.fault.label if case.fault else ""
    start, target = -rank.get(case.path.start, 0), rank.get(case.path.target, 0)
    return (case.engines[0], start, target, len(case.path.stops), fault, CHECK_ORDER[case.check])


def shard(cases: list[Case], chosen: tuple[int, int] | None) -> list[Case]:
    """Shard I of N of the cases (by their ids, each case counted as one), in the given order; all when None."""
    if chosen is None:
        return cases
    kept = set(select_shard([(case_id(case), 1.0) for case in cases], *chosen))
    return [case for case in cases if case_id(case) in kept]
