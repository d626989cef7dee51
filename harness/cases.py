"""The unit of verification: one check on one engine along one path (with one fault, for the fault checks), and
how a check declares which cases it wants (`CheckSpec`, `CaseKind`) and which shared databases they read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise
from pathlib import Path
from typing import Literal, get_args

from harness.dialects import Dialect
from harness.paths import UpgradePath
from harness.release_order import version_key

PAIR_SEPARATOR = "+"

FaultKind = Literal["sql-error", "crash", "disconnect", "lock-timeout"]
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)


def fault_kind(name: str) -> FaultKind:
    """`name` as a fault kind; ValueError naming the kinds for any other text."""
    for kind in FAULT_KINDS:
        if kind == name:
            return kind
    raise ValueError(f"unknown fault kind {name!r}; known: {', '.join(FAULT_KINDS)}")


@dataclass(frozen=True)
class Fault:
    """A fault just before statement `statement` of `version`'s upgrade; with `after_last`, `statement` is one past
    the version's last statement: the fault comes after every statement ran and before the runner records the
    version (the window of a crash between the last statement and the version-table write)."""

    kind: FaultKind
    version: str
    statement: int  # 1-based step of that version's upgrade script (the last step + 1 with `after_last`)
    after_last: bool = False

    @property
    def label(self) -> str:
        """`crash@v1.2.0#3` (before statement 3), `crash@v1.2.0#end` (after the last statement)."""
        return f"{self.kind}@{self.version}#{'end' if self.after_last else self.statement}"

    @property
    def boundary(self) -> str:
        """Where the fault strikes, for messages."""
        if self.after_last:
            return (
                f"after the last statement ({self.statement - 1}) of {self.version}, before the runner records "
                f"{self.version}"
            )
        return f"before statement {self.statement} of {self.version}"

    @property
    def marker(self) -> str:
        """`#3` (before statement 3) or `#end` (after the last statement), as in the case id."""
        return "#end" if self.after_last else f"#{self.statement}"

    @property
    def where(self) -> str:
        return "after the last statement" if self.after_last else f"statement {self.statement}"

    def as_json(self) -> dict[str, object]:
        made: dict[str, object] = {"kind": self.kind, "version": self.version, "statement": self.statement}
        if self.after_last:
            made["after_last"] = True
        return made


@dataclass(frozen=True)
class Case:
    """`engine` is the engine the case runs on; a parity case also names the `partner` it is compared with.

    Engines stay separate fields: an engine name may itself be a URL, so a joined label is never split again.
    """

    check: str
    engine: str
    path: UpgradePath
    fault: Fault | None = None
    partner: str | None = None

    @property
    def engines(self) -> tuple[str, ...]:
        return (self.engine,) if self.partner is None else (self.engine, self.partner)

    @property
    def engine_label(self) -> str:
        """How reports and test ids name the case's engines: `postgresql@15`, or `mariadb@10.11+postgresql@15`."""
        return PAIR_SEPARATOR.join(self.engines)

    @property
    def param_id(self) -> str:
        """The part inside the brackets of the test id: `postgresql@15-v7.0.0->v9.1.0`."""
        suffix = f"-{self.fault.label}" if self.fault else ""
        return f"{self.engine_label}-{self.path.label}{suffix}"


class CaseKind(Enum):
    """Which cases a check wants, from the selected engines and paths (see `generate_cases`)."""

    PATHS = "paths"  # every selected path on every engine
    MULTI_STOP = "multi-stop"  # the selected paths with stops (all stepwise paths when none has any)
    ENGINE_PAIRS = "engine-pairs"  # each direct path on each MySQL-family engine paired with each PostgreSQL one
    FAULTS = "faults"  # every selected fault boundary x every fault kind (harness/faults/boundaries.py)
    DIRECT = "direct"  # each selected path once, as a direct jump
    ENGINES = "engines"  # one case per engine over the whole selected range
    STEPS = "steps"  # every step between consecutive versions the selected paths visit


class Reads(Enum):
    """Which of the run's shared upgraded databases a check's case reads (built once, dropped after the last)."""

    PATH = "path"  # the upgrade along the case's path on each of its engines (a fault case: the fault-free one)
    PATH_AND_DIRECT = "path-and-direct"  # the path and its direct jump, to compare the two
    NOTHING = "nothing"  # the check builds its own databases


@dataclass(frozen=True)
class CheckSpec:
    """A check's declaration, made once in its own module (`SPEC = CheckSpec(__name__, ...)`)."""

    qualified_module: str  # the declaring module's __name__, e.g. harness.checks.schema_matches_fresh_install
    name: str
    cases: CaseKind
    description: str
    reads: Reads = Reads.PATH

    @property
    def module(self) -> str:
        return self.qualified_module.rsplit(".", 1)[-1]

    @property
    def file(self) -> Path:
        return Path(__file__).parent / "checks" / f"{self.module}.py"

    @property
    def node_prefix(self) -> str:
        """The module part of the check's case ids; the same wherever the package is installed."""
        return f"harness/checks/{self.module}.py"

    @property
    def function(self) -> str:
        return f"test_{self.name}"


CaseGenerator = Callable[[str, dict[str, Dialect], list[UpgradePath], list[UpgradePath]], list[Case]]


def _on_paths(check: str, engines: dict[str, Dialect], paths: list[UpgradePath], _: list[UpgradePath]) -> list[Case]:
    return [Case(check, engine, path) for engine in engines for path in paths]


def _on_multi_stop(
    check: str, engines: dict[str, Dialect], _: list[UpgradePath], multi_stop: list[UpgradePath]
) -> list[Case]:
    return [Case(check, engine, path) for engine in engines for path in multi_stop]


def _on_engine_pairs(
    check: str, engines: dict[str, Dialect], paths: list[UpgradePath], _: list[UpgradePath]
) -> list[Case]:
    mysql_family = [name for name, dialect in engines.items() if dialect == "mysql"]
    postgres = [name for name, dialect in engines.items() if dialect == "postgresql"]
    direct = [path for path in paths if path.is_direct]
    return [Case(check, m, path, partner=p) for m in mysql_family for p in postgres for path in direct]


def _on_direct(check: str, engines: dict[str, Dialect], paths: list[UpgradePath], _: list[UpgradePath]) -> list[Case]:
    return [Case(check, engine, path) for engine in engines for path in dict.fromkeys(p.direct for p in paths)]


def _on_engines(check: str, engines: dict[str, Dialect], paths: list[UpgradePath], _: list[UpgradePath]) -> list[Case]:
    start = min((p.start for p in paths), key=version_key, default=None)
    target = max((p.target for p in paths), key=version_key, default=None)
    return [Case(check, engine, UpgradePath((start, target))) for engine in engines] if start and target else []


def _on_steps(check: str, engines: dict[str, Dialect], paths: list[UpgradePath], _: list[UpgradePath]) -> list[Case]:
    stops = sorted({version for path in paths for version in path.stops}, key=version_key)
    return [Case(check, engine, UpgradePath(step)) for engine in engines for step in pairwise(stops)]


# Every kind but FAULTS, which needs the scenario's scripts (harness/faults/boundaries.py; the run plan calls it).
PATH_CASE_GENERATORS: dict[CaseKind, CaseGenerator] = {
    CaseKind.PATHS: _on_paths,
    CaseKind.MULTI_STOP: _on_multi_stop,
    CaseKind.ENGINE_PAIRS: _on_engine_pairs,
    CaseKind.DIRECT: _on_direct,
    CaseKind.ENGINES: _on_engines,
    CaseKind.STEPS: _on_steps,
}


def generate_cases(
    check: str,
    kind: CaseKind,
    engines: dict[str, Dialect],
    paths: list[UpgradePath],
    multi_stop: list[UpgradePath],
) -> list[Case]:
    """Cases of one check. `engines` maps display name -> dialect; `kind` comes from the check's CheckSpec."""
    generator = PATH_CASE_GENERATORS.get(kind)
    if generator is None:
        raise ValueError(f"check {check!r}: {kind.value} cases come from the fault plan, not from paths")
    return generator(check, engines, paths, multi_stop)


def reads(case: Case, spec: CheckSpec) -> list[tuple[str, UpgradePath]]:
    """The shared upgraded databases a case of the check `spec` reads, so each is dropped after its last reader."""
    if spec.reads is Reads.NOTHING:
        return []
    if spec.reads is Reads.PATH_AND_DIRECT:
        return [(case.engine, case.path), (case.engine, case.path.direct)]
    if case.fault is not None:  # fault cases compare with the fault-free upgrade of their path, on their engine
        return [(case.engine, case.path)]
    return [(engine, case.path) for engine in case.engines]
