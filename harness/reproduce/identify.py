"""Which version of the product a loaded dump is at: what the runner's version table says, checked against the
schema itself, and, when the table is missing or lies, the version whose fresh install the schema is closest to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from harness.inspect import Schema
from harness.reproduce.fingerprint import SAME_PRODUCT_SIMILARITY, Fingerprint, closest, compare
from harness.reproduce.reproduce_error import ReproduceError

SHOWN_DRIFT = 30


@dataclass(frozen=True)
class Identification:
    """`version` is where the upgrade starts; `stamp` says the runner's version table must be written first."""

    version: str
    recorded: str | None  # what the runner's version table says; None when there is none
    fingerprint: Fingerprint  # the dump's schema against the fresh install of `closest_version`
    stamp: bool
    ties: tuple[str, ...] = ()  # other versions exactly as close (their schemas are the same)
    against_recorded: Fingerprint | None = None  # the schema against the recorded version, when that is not closest

    @property
    def closest_version(self) -> str:
        return self.fingerprint.version

    @property
    def consistent(self) -> bool:
        return self.recorded is not None and self.recorded == self.closest_version and self.fingerprint.exact

    def describe(self) -> str:
        lines = [self._headline()]
        if self.against_recorded is not None:
            lines.append(f"differences from the fresh install of {self.against_recorded.version}:")
            lines += _drift_lines(self.against_recorded)
            if self.fingerprint.drift:
                lines.append(f"differences from the fresh install of {self.closest_version}:")
        lines += _drift_lines(self.fingerprint)
        if self.ties:
            lines.append(f"  the schemas of {', '.join(self.ties)} are the same: the schema cannot tell them apart")
        return "\n".join(lines)

    def _headline(self) -> str:
        closest_version, drift = self.closest_version, self.fingerprint.drift
        summary = f"{len(drift)} difference{'s' if len(drift) != 1 else ''}"
        if self.recorded is None:
            exact = "matches its fresh install exactly" if not drift else f"is closest to it ({summary})"
            return (f"version {closest_version}: no version table in the dump; the schema {exact}; the version is "
                    f"stamped before upgrading")
        if self.consistent:
            return f"version {self.recorded}: from the version table, and the schema matches its fresh install"
        if self.recorded == closest_version:
            return (f"version {self.recorded}: from the version table; the schema is closest to it but drifted "
                    f"({summary}):")
        return (f"version {self.recorded} according to the version table, but the schema is closest to "
                f"{closest_version} ({summary}); the upgrade starts from {self.recorded}, as the customer's did")


FreshSchema = Callable[[str], Schema]


def identify(actual: Schema, recorded: str | None, versions: tuple[str, ...], fresh: FreshSchema) -> Identification:
    """Compare `actual` with fresh installs; the recorded version is checked first, so a truthful table costs one
    install. Raises ReproduceError when no version is close enough to be the same product."""
    if recorded in versions:
        assert recorded is not None
        first = compare(recorded, fresh(recorded), actual)
        if first.exact:
            return Identification(recorded, recorded, first, stamp=False)
    fingerprints = [compare(version, fresh(version), actual) for version in versions]
    best = closest(fingerprints)
    if best.similarity < SAME_PRODUCT_SIMILARITY:
        raise ReproduceError(_unknown_product(best, len(actual.tables)))
    ties = tuple(f.version for f in fingerprints if f.distance == best.distance and f.version != best.version)
    if recorded is not None and recorded not in versions:
        raise ReproduceError(
            f"the dump's version table says {recorded!r}, which the scenario does not have (its versions: "
            f"{versions[0]} .. {versions[-1]}); the schema is closest to {best.version}: check --scenario, or "
            "that the dump comes from this product"
        )
    start = recorded if recorded is not None else best.version
    against = None
    if recorded is not None and recorded != best.version:
        against = next(f for f in fingerprints if f.version == recorded)
    return Identification(start, recorded, best, stamp=recorded is None, ties=ties, against_recorded=against)


def _drift_lines(fingerprint: Fingerprint) -> list[str]:
    """Drift items one per line; whole tables are listed on one line each way when there are many of them."""
    lines: list[str] = []
    items = list(fingerprint.drift)
    for kind in ("missing table", "extra table"):
        tables = [item for item in items if item.kind == kind]
        if len(tables) > 3:
            names = ", ".join(item.table for item in tables[:8])
            more = f" and {len(tables) - 8} more" if len(tables) > 8 else ""
            lines.append(f"  {len(tables)} {kind}s: {names}{more}")
            items = [item for item in items if item.kind != kind]
    lines += [f"  {item.render()}" for item in items[:SHOWN_DRIFT]]
    if len(items) > SHOWN_DRIFT:
        lines.append(f"  ... {len(items) - SHOWN_DRIFT} more differences")
    return lines


def _unknown_product(best: Fingerprint, tables: int) -> str:
    missing = [item.table for item in best.drift if item.kind == "missing table"]
    sample = ", ".join(missing[:5])
    return (
        f"the dump is not a database of this scenario's product: its {tables} tables share only "
        f"{best.similarity:.0%} of their columns with the closest version ({best.version}, which has tables such as "
        f"{sample or 'none in common'}); check --scenario, or that the dump is the product's database"
    )
