"""migrator's own layout: version directories `v1.2.3/{mysql,postgresql}.{install,upgrade}.sql`.

Read by the migrator's loader (see docs/migrator.md), so the whole history is validated before any server starts: a
step without an undo or unbalanced SQL stops the run with the loader's message. Never detected: a migrator history is
named by the scenario.toml beside it, which also holds its seed and semantics.
"""

from __future__ import annotations

from pathlib import Path

from harness.layouts.history import MigratorHistory
from harness.layouts.scenario_error import ScenarioError
from migrator import MigratorError, load_source

NAME = "migrator"
SUMMARY = "a scenario.toml beside version directories v1.2.3/{mysql,postgresql}.{install,upgrade}.sql"


def read(root: Path) -> MigratorHistory:
    try:
        return MigratorHistory(root, load_source(root))
    except MigratorError as err:
        raise ScenarioError(str(err)) from err
