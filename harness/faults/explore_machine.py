"""The explore check's hypothesis state machine over Explorer steps; failures shrink to a minimal sequence.

Rules: upgrade to a random later version, insert a batch of rows of the current shape, inject a random fault at a
random boundary of a later version (bounded per sequence by the profile's budget), restart the runner. Each rule
application is an Explorer step, which checks every invariant before the next one is drawn.

An insert draws its rows here, from the scenario's strategies for the tables the database has now (a few tables,
a few rows each, keys in a batch of their own), so hypothesis shrinks the rows along with the steps; the step
carries them, which is what makes the printed sequence replayable. Without strategies an insert is a seed batch.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test

from harness.cases import FAULT_KINDS, Fault
from harness.faults.boundaries import skip_reason
from harness.faults.explore_driver import Explorer, Step
from harness.faults.profiles import ExploreBudget
from harness.scenario import ColumnInfo, RowStrategies
from harness.workbench import Workbench

TABLES_PER_INSERT = 2
ROWS_PER_TABLE = 2


def draw_rows(
    data: st.DataObject, strategies: RowStrategies, columns: Mapping[str, Mapping[str, ColumnInfo]], batch: int
) -> str:
    """Rows of a few of the tables the database has, as the JSON an insert Step carries ("" when none fits)."""
    present = [table for table in strategies.tables if table in columns]
    if not present:
        return ""
    tables = data.draw(
        st.lists(st.sampled_from(present), min_size=1, max_size=TABLES_PER_INSERT, unique=True), label="tables"
    )
    drawn = {
        table: data.draw(strategies.rows(table, columns[table], batch=batch, max_rows=ROWS_PER_TABLE), label=table)
        for table in tables
    }
    return json.dumps(drawn, ensure_ascii=False)


def machine_for(bench: Workbench, engine: str, start: str, scenario_arg: str, budget: ExploreBudget) -> type:
    """A state machine class bound to one engine of the workbench, starting at the seeded `start`."""

    class UpgradeMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.explorer = Explorer(bench, engine, start, scenario_arg)
            self.faults = 0

        def teardown(self) -> None:
            self.explorer.close()

        def _not_at_head(self) -> bool:
            return bool(self.explorer.later_versions())

        @precondition(lambda self: self._not_at_head())
        @rule(data=st.data())
        def upgrade(self, data: st.DataObject) -> None:
            target = data.draw(st.sampled_from(self.explorer.later_versions()), label="target")
            self.explorer.apply(Step("upgrade", target))

        @rule(data=st.data())
        def insert(self, data: st.DataObject) -> None:
            explorer = self.explorer
            strategies = explorer.bench.scenario.strategies
            rows = "" if strategies is None else draw_rows(data, strategies, explorer.columns(), explorer.batch + 1)
            explorer.apply(Step("insert", rows=rows))

        @precondition(lambda self: self._not_at_head() and self.faults < budget.faults_per_sequence)
        @rule(data=st.data())
        def fault(self, data: st.DataObject) -> None:
            explorer = self.explorer
            with_steps = [v for v in explorer.later_versions() if explorer.history.steps(v, explorer.server.dialect)]
            if not with_steps:
                return
            version = data.draw(st.sampled_from(with_steps), label="version")
            count = len(explorer.history.steps(version, explorer.server.dialect))
            statement = data.draw(st.integers(1, count), label="statement")
            history, dialect = explorer.history, explorer.server.dialect
            kinds = [k for k in FAULT_KINDS if skip_reason(history, dialect, Fault(k, version, statement)) is None]
            kind = data.draw(st.sampled_from(kinds), label="kind")
            self.faults += 1
            explorer.apply(Step("fault", version, kind, statement))

        @rule()
        def restart(self) -> None:
            self.explorer.apply(Step("restart"))

    return UpgradeMachine


def explore(
    bench: Workbench, engine: str, start: str, scenario_arg: str, chosen: tuple[settings, ExploreBudget]
) -> None:
    """Run the machine under the chosen settings; the (shrunk) failure propagates as the explorer's CheckFailed."""
    configured, budget = chosen
    machine = machine_for(bench, engine, start, scenario_arg, budget)
    with warnings.catch_warnings():
        # Drawn rows hold strings of thousands of characters on purpose; the failure's replay command carries them.
        warnings.filterwarnings("ignore", "Generating overly large repr", HypothesisWarning)
        run_state_machine_as_test(machine, settings=configured)  # type: ignore[no-untyped-call]
