"""Foreign migration layouts read as scenarios (golang-migrate, dialect-suffixed, Flyway, dbmate)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harness.scenario import Scenario

KNOWN_LAYOUTS: dict[str, str] = {
    "migrator": "a scenario.toml beside version directories v1.2.3/{mysql,postgresql}.{install,upgrade}.sql",
}


def load_foreign_scenario(root: Path, layout: str, name: str | None = None) -> Scenario:
    from harness.scenario import ScenarioError

    known = "\n".join(f"  {key}: {text}" for key, text in KNOWN_LAYOUTS.items())
    raise ScenarioError(f"{root}: not a layout this harness knows (asked for {layout!r}). Known layouts:\n{known}")
