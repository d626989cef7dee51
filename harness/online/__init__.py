"""Online upgrade verification: the previous release keeps working while, and after, the upgrade runs.

- `measure_online`: upgrade a seeded database while worker threads run the start version's workload and a sampler
  reads lock waits from the server; returns per-statement impact (`OnlineRun`).
- `run_compat`: the start version's workload once per query against the upgraded schema.
- `load_workload` / `online_settings`: the scenario's `workload.py` and `[online]` table.
See docs/online.md.
"""

from harness.online.compat import CompatFailure, run_compat
from harness.online.findings import Latency, OnlineRun, StatementImpact, WaitEpisode
from harness.online.measure import WorkloadError, measure_online, seeded_database
from harness.online.settings import OnlineSettings, online_settings, parse_settings
from harness.online.workload import Workload, WorkloadQuery, load_workload

__all__ = [
    "CompatFailure",
    "Latency",
    "OnlineRun",
    "OnlineSettings",
    "StatementImpact",
    "WaitEpisode",
    "Workload",
    "WorkloadError",
    "WorkloadQuery",
    "load_workload",
    "measure_online",
    "online_settings",
    "parse_settings",
    "run_compat",
    "seeded_database",
]
