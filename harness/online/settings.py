"""The online checks' knobs, read once from the scenario's `[online]` table.

[online]
max_blocking_s = 1.0        # longest a migration statement may keep a workload query waiting for a lock
seed_size = 100000          # `size` given to the scenario's seed for the database the upgrade runs on
workers = 3                 # threads running the previous release's workload during the upgrade
sample_interval_s = 0.02    # how often lock waits and the runner's statement are read from the server
think_s = 0.005             # pause between two queries of one worker
warmup_s = 0.5              # workload time before the upgrade starts (the baseline latency)
cooldown_s = 0.3            # workload time after the upgrade ends
query_timeout_s = 60.0      # a workload query running longer is cancelled and counted as failed
production_rows = {alert_his_event = 50_000_000}   # rows a table has in production (write-blocking scans
                            # are scaled to it)
production_scale = 1        # a table not in production_rows: its seeded row count times this (1: as seeded)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from harness.scenario import Scenario, ScenarioError


@dataclass(frozen=True)
class OnlineSettings:
    max_blocking_s: float = 1.0
    seed_size: int = 100_000
    workers: int = 3
    sample_interval_s: float = 0.02
    think_s: float = 0.005
    warmup_s: float = 0.5
    cooldown_s: float = 0.3
    query_timeout_s: float = 60.0
    production_rows: Mapping[str, int] = field(default_factory=dict)
    production_scale: float = 1.0

    def rows_in_production(self, table: str, seeded_rows: int) -> tuple[int, bool]:
        """The row count `table` is assumed to have in production, and whether the scenario declared it."""
        declared = self.production_rows.get(table)
        if declared is not None:
            return declared, True
        return round(seeded_rows * self.production_scale), False

    def replace(self, **changes: Any) -> OnlineSettings:
        return parse_settings({**self.as_dict(), **changes}, "the given settings")

    def as_dict(self) -> dict[str, Any]:
        return {item.name: getattr(self, item.name) for item in fields(self)}


_INTEGERS = frozenset({"seed_size", "workers"})
_AT_LEAST_ONE = frozenset({"workers", "sample_interval_s", "query_timeout_s", "production_scale"})


def online_settings(scenario: Scenario) -> OnlineSettings:
    return parse_settings(scenario.online, f"{scenario.root / 'scenario.toml'} [online]")


def parse_settings(table: Mapping[str, Any], where: str) -> OnlineSettings:
    known = {item.name for item in fields(OnlineSettings)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ScenarioError(f"{where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    values: dict[str, Any] = {}
    for name, value in table.items():
        if name == "production_rows":
            values[name] = _production_rows(value, f"{where}: production_rows")
            continue
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if not numeric or value < 0 or (name in _INTEGERS and not isinstance(value, int)):
            kind = "a whole number" if name in _INTEGERS else "a number of seconds"
            raise ScenarioError(f"{where}: {name} must be {kind} >= 0, got {value!r}")
        if name in _AT_LEAST_ONE and value <= 0:
            raise ScenarioError(f"{where}: {name} must be greater than 0, got {value!r}")
        values[name] = int(value) if name in _INTEGERS else float(value)
    return OnlineSettings(**values)


def _production_rows(value: object, where: str) -> dict[str, int]:
    example = "e.g. production_rows = {alert_his_event = 50_000_000}"
    if not isinstance(value, Mapping):
        raise ScenarioError(f"{where} must be a table of table name -> row count ({example}), got {value!r}")
    rows: dict[str, int] = {}
    for table, count in value.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ScenarioError(f"{where}: {table} must be a whole number of rows >= 0 ({example}), got {count!r}")
        rows[str(table)] = count
    return rows
