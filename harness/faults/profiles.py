"""The explore check's hypothesis profiles, registered on import so `--hypothesis-profile` can name them.

- `upgrade-fast` (default, CI): a handful of short sequences, the same ones every run (derandomized), one fault each;
- `upgrade-thorough` (nightly): many longer random sequences with several faults each.

Select one with `pytest --hypothesis-profile upgrade-thorough`; `--hypothesis-seed N` replays a random run.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, settings

FAST = "upgrade-fast"
THOROUGH = "upgrade-thorough"
_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


@dataclass(frozen=True)
class ExploreBudget:
    profile: str
    faults_per_sequence: int


BUDGETS = {FAST: ExploreBudget(FAST, 1), THOROUGH: ExploreBudget(THOROUGH, 3)}

settings.register_profile(
    FAST, max_examples=8, stateful_step_count=6, deadline=None, derandomize=True, database=None,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    THOROUGH, max_examples=150, stateful_step_count=20, deadline=None, suppress_health_check=_SLOW_IS_FINE,
)


def chosen() -> tuple[settings, ExploreBudget]:
    """The thorough profile when it is loaded (`--hypothesis-profile upgrade-thorough`), else the fast one."""
    if settings.get_current_profile_name().startswith(THOROUGH):
        return settings(), BUDGETS[THOROUGH]  # as loaded, with any verbosity the command line added
    return settings.get_profile(FAST), BUDGETS[FAST]
