"""Adapters for the system under test: `migrator` (default), external commands, the replay of a foreign layout,
Alembic in-process.

Each takes the scenario's loaded history (`Scenario.history`); none reads the migration files again.
"""

from __future__ import annotations

from harness.layouts.history import MigratorHistory
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.scenario_model import Scenario
from harness.runners.system_under_test import Attempt, Runner, RunOutcome, StatementTime


def runner_for(scenario: Scenario) -> Runner:
    """The runner a scenario names; `command` runners are configured by the scenario's [runner_options]."""
    if scenario.runner == "migrator":
        from harness.runners.migrator_build import OPTION, MigratorBuild, MigratorBuildRunner
        from harness.runners.migrator_runner import MigratorRunner

        if OPTION in scenario.runner_options:
            manifest = f"scenario {scenario.name!r} ({scenario.root})"
            build = MigratorBuild.from_setting(scenario.runner_options[OPTION], scenario.root, manifest)
            return MigratorBuildRunner(scenario.migrations_dir, build)
        if not isinstance(scenario.history, MigratorHistory):
            raise ScenarioError(
                f"scenario {scenario.name!r}: the migrator runner reads migrator's layout, not {scenario.layout!r}"
            )
        return MigratorRunner(scenario.history)
    if scenario.runner == "command":
        from harness.runners.command_runner import CommandRunner

        return CommandRunner.from_options(scenario)
    if scenario.runner == "alembic":
        from harness.runners.alembic_runner import AlembicRunner

        return AlembicRunner(scenario)
    if scenario.runner == "replay":
        from harness.runners.replay import ReplayRunner

        return ReplayRunner(scenario)
    raise ScenarioError(
        f"scenario {scenario.name!r}: unknown runner {scenario.runner!r}; known: migrator, replay, command, alembic"
    )


__all__ = ["Attempt", "RunOutcome", "Runner", "StatementTime", "runner_for"]
