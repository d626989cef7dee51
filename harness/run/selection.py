"""What a run verifies: the one `Selection`, validated once, from pytest options or the command line alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from harness.checks import CHECKS, DEFAULT_CHECKS
from harness.faults.boundaries import FAULT_MODES

DEFAULT_ENGINES = ("postgresql@18", "mariadb@10.11")


class SelectionError(ValueError):
    """A bad selection value: one message naming the option and what to give (the CLI exits 2; pytest, a usage
    error)."""


@dataclass(frozen=True)
class Selection:
    scenario: str
    engines: tuple[str, ...]
    paths: str
    checks: tuple[str, ...]
    faults: str
    seed_size: int
    shard: tuple[int, int] | None
    report_dir: Path | None
    layout: str
    # Only cases whose id contains one of these (an exact id selects one case); empty selects every case.
    case_filters: tuple[str, ...] = ()
    # Requested engines that may be missing without failing the gate (the summary says so).
    allow_missing_engines: bool = False
    allowlist: Path | None = None
    # Seeded templates and fresh-install references kept between runs for local servers (template_cache).
    keep_templates: bool = False

    def __post_init__(self) -> None:
        """The one place a selection is validated, whether it came from pytest options or the command line."""
        unknown = [check for check in self.checks if check not in CHECKS]
        if unknown:
            raise SelectionError(f"--checks: unknown check(s) {', '.join(unknown)}; known: {', '.join(CHECKS)}")
        if self.faults not in FAULT_MODES:
            raise SelectionError(f"--faults: {self.faults!r} is not one of {', '.join(FAULT_MODES)}")
        if self.seed_size < 0:
            raise SelectionError(f"--seed-size: {self.seed_size} is negative; give a number of rows >= 0")

    def wants(self, case_id: str) -> bool:
        return not self.case_filters or any(text in case_id for text in self.case_filters)


def parse_checks(text: str) -> tuple[str, ...]:
    """`schema, data` -> ("schema", "data"); empty text -> the default checks (validated by Selection)."""
    return tuple(check.strip() for check in text.split(",") if check.strip()) or DEFAULT_CHECKS


def parse_shard(text: str, option: str = "--shard") -> tuple[int, int] | None:
    """`2/4` -> (2, 4); empty -> None."""
    if not text:
        return None
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise SelectionError(f"{option}: {text!r} must be I/N with 1 <= I <= N, e.g. 2/4")
    return int(match.group(1)), int(match.group(2))


def parse_seed_size(text: str, option: str = "--seed-size") -> int:
    if not text.isdigit():
        raise SelectionError(f"{option}: {text!r} is not a whole number of rows")
    return int(text)
