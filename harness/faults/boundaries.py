"""Which faults a run injects: every statement boundary of every crossed version, or a deterministic sample.

A boundary is (version V, step k): the fault goes just before step k of V's upgrade script, so steps 1..k-1 have
run. Every version also has its end boundary, after its last step N (k = N + 1, `V#end`): every step ran and the
runner has not recorded V yet, the window where a crash leaves the whole version to undo. Every boundary gets
every fault kind; a kind that cannot apply at a boundary (a lock-timeout where no existing table is touched, or
where no statement follows) is still a case, skipped with the reason, so the count always equals boundaries x kinds.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from harness.cases import FAULT_KINDS, Case, Fault
from harness.dialects import Dialect
from harness.faults.scripts import ScriptHistory, scripts_of
from harness.faults.tables import LockTarget, lock_target
from harness.paths import UpgradePath
from harness.scenario import Scenario

FAULT_MODES = ("none", "sample", "every-statement")


@dataclass(frozen=True)
class Boundary:
    version: str
    previous: str
    step: int  # the fault goes before this step (1-based); the last step + 1 for the end boundary
    statement: str  # the step's forward statement ("" for the end boundary)
    after_last: bool = False  # the end boundary: after the last step, before the version is recorded


def boundaries(history: ScriptHistory, dialect: Dialect, versions: Iterable[str] | None = None) -> list[Boundary]:
    """Every boundary of the given versions (default: every version with an upgrade script), oldest first: one
    before each step, then the end boundary after the last."""
    wanted = set(versions) if versions is not None else None
    found: list[Boundary] = []
    for version in history.versions[1:]:
        if wanted is not None and version not in wanted:
            continue
        previous = history.previous(version)
        steps = history.steps(version, dialect)
        found.extend(Boundary(version, previous, s.step, s.sql) for s in steps)
        if steps:
            found.append(Boundary(version, previous, len(steps) + 1, "", after_last=True))
    return found


def select(found: list[Boundary], mode: str, dialect: Dialect) -> list[Boundary]:
    """`every-statement`: all; `sample`: per version the first, the last, the end and one seeded pick; `none`:
    nothing."""
    if mode == "every-statement":
        return list(found)
    if mode == "none":
        return []
    if mode != "sample":
        raise ValueError(f"unknown fault selection {mode!r}; choose one of: {', '.join(FAULT_MODES)}")
    by_version: dict[str, list[Boundary]] = {}
    for boundary in found:
        by_version.setdefault(boundary.version, []).append(boundary)
    chosen: list[Boundary] = []
    for version, at_version in by_version.items():
        steps = [b for b in at_version if not b.after_last]
        if steps:
            pick = random.Random(f"upgrade-faults:{dialect}:{version}").randrange(len(steps))
            chosen.extend(steps[i] for i in sorted({0, len(steps) - 1, pick}))
        chosen.extend(b for b in at_version if b.after_last)
    return chosen


def cases(
    check: str,
    scenario: Scenario,
    engine_dialects: dict[str, Dialect],
    mode: str,
    versions: Iterable[str] | None = None,
) -> list[Case]:
    """Fault cases per engine: (selected boundary) x (every kind), on the path previous -> version."""
    if mode == "none":
        return []
    history = scripts_of(scenario)
    crossed = list(versions) if versions is not None else None
    made: list[Case] = []
    for engine, dialect in engine_dialects.items():
        for boundary in select(boundaries(history, dialect, crossed), mode, dialect):
            path = UpgradePath((boundary.previous, boundary.version))
            made.extend(
                Case(check, engine, path, Fault(kind, boundary.version, boundary.step, boundary.after_last))
                for kind in FAULT_KINDS
            )
    return made


def lock_target_of(history: ScriptHistory, dialect: Dialect, fault: Fault) -> LockTarget | str:
    """The table a lock-timeout at `fault` holds a lock on, or why the boundary has none."""
    if fault.after_last:
        return "no statement of the version follows the boundary, so none can wait for a lock"
    previous = history.previous(fault.version)
    steps = history.steps(fault.version, dialect)
    earlier = [step.sql for step in steps[: fault.statement - 1]]
    return lock_target(steps[fault.statement - 1].sql, history.install(previous, dialect), earlier)


def skip_reason(history: ScriptHistory, dialect: Dialect, fault: Fault) -> str | None:
    """Why `fault` cannot be injected at its boundary (known without a server), or None."""
    if fault.kind != "lock-timeout":
        return None
    if fault.version not in history.versions:
        # a unit of an in-process runner (an Alembic revision, harness/faults/statement_faults.py): whether its
        # statement can wait for a lock is only known when it runs, and injecting it says so
        return None
    target = lock_target_of(history, dialect, fault)
    if isinstance(target, str):
        where = f"{fault.version}#end" if fault.after_last else f"{fault.version} step {fault.statement}"
        return f"lock-timeout not applicable at {where}: {target}"
    return None
