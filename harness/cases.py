"""The unit of verification: one check on one engine along one path (with one fault, for the fault checks)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from harness.paths import UpgradePath
from harness.versions import version_key

PAIR_SEPARATOR = "+"


@dataclass(frozen=True)
class Fault:
    """A fault just before statement `statement` of `version`'s upgrade; with `after_last`, `statement` is one past
    the version's last statement: the fault comes after every statement ran and before the runner records the
    version (the window of a crash between the last statement and the version-table write)."""

    kind: str  # sql-error | crash | disconnect | lock-timeout
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


def generate_cases(
    check: str,
    kind: str,
    engines: dict[str, str],
    paths: list[UpgradePath],
    multi_stop: list[UpgradePath],
) -> list[Case]:
    """Cases of one check. `engines` maps display name -> dialect; `kind` comes from the check's CheckSpec."""
    if kind == "paths":
        return [Case(check, engine, path) for engine in engines for path in paths]
    if kind == "multi-stop":
        return [Case(check, engine, path) for engine in engines for path in multi_stop]
    if kind == "engine-pairs":
        mysql_family = [name for name, dialect in engines.items() if dialect == "mysql"]
        postgres = [name for name, dialect in engines.items() if dialect == "postgresql"]
        direct = [path for path in paths if path.is_direct]
        return [Case(check, m, path, partner=p) for m in mysql_family for p in postgres for path in direct]
    if kind == "direct":  # each selected path once, as a direct jump
        return [Case(check, engine, path) for engine in engines for path in dict.fromkeys(p.direct for p in paths)]
    if kind == "engines":  # one case per engine over the whole selected range
        start = min((p.start for p in paths), key=version_key, default=None)
        target = max((p.target for p in paths), key=version_key, default=None)
        return [Case(check, engine, UpgradePath((start, target))) for engine in engines] if start and target else []
    if kind == "steps":  # every step between consecutive versions the selected paths visit
        stops = sorted({version for path in paths for version in path.stops}, key=version_key)
        return [Case(check, engine, UpgradePath(step)) for engine in engines for step in pairwise(stops)]
    raise ValueError(f"check {check!r}: unknown case kind {kind!r}")


def reads(case: Case) -> list[tuple[str, UpgradePath]]:
    """The shared upgraded databases a case reads, so they can be dropped once their last reader is done."""
    if case.check == "path":
        return [(case.engine, case.path), (case.engine, case.path.direct)]
    if case.fault is not None:  # fault cases compare with the fault-free upgrade of their path
        return [(case.engine, case.path)]
    if case.check == "explore":
        return []
    return [(engine, case.path) for engine in case.engines]
