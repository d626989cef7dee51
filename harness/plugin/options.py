"""Command-line options and their ini keys, read in one place into a frozen Selection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.checks import CHECKS, DEFAULT_CHECKS

DEFAULT_ENGINES = ("postgresql@18", "mariadb@10.11")
FAULT_MODES = ("none", "sample", "every-statement")


class SelectionError(ValueError):
    """A bad option value: the plugin turns it into a pytest usage error (exit 4; the CLI maps it to 2)."""


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


OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("scenario", "scenario name or directory to verify (enables the upgrade checks)", ""),
    ("engine", "engine spec, repeatable (e.g. postgresql@15, mariadb@10.11:local, or a URL)", ""),
    ("paths", "to-head | all-pairs | stepwise | sample:N", "to-head"),
    ("checks", f"comma-separated checks: {', '.join(CHECKS)} (default: {','.join(DEFAULT_CHECKS)})", ""),
    ("faults", "none | sample | every-statement (fault-injection checks)", "none"),
    ("seed-size", "rows in the big seeded tables", "100"),
    ("shard", "run only shard I of N, written I/N (1-based)", ""),
    ("report-dir", "write report.json and friends here", ""),
    ("layout", "migration layout: auto, migrator, golang-migrate, flyway, dbmate, dialect-suffixed", "auto"),
)


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("upgrade-harness", "upgrade verification")
    for name, help_text, default in OPTIONS:
        dest = f"upgrade_{name.replace('-', '_')}"
        if name == "engine":
            group.addoption(f"--upgrade-{name}", action="append", dest=dest, default=None, help=help_text)
            parser.addini("upgrade_engines", help_text, type="linelist", default=[])
        else:
            group.addoption(f"--upgrade-{name}", dest=dest, default=None, help=help_text)
            parser.addini(dest, help_text, default=default)


def _value(config: pytest.Config, name: str) -> str:
    dest = f"upgrade_{name.replace('-', '_')}"
    given = config.getoption(dest)
    return str(given) if given is not None else str(config.getini(dest))


def read_selection(config: pytest.Config) -> Selection | None:
    scenario = _value(config, "scenario")
    if not scenario:
        return None
    engines = tuple(config.getoption("upgrade_engine") or config.getini("upgrade_engines") or DEFAULT_ENGINES)
    checks_text = _value(config, "checks")
    checks = tuple(c.strip() for c in checks_text.split(",") if c.strip()) or DEFAULT_CHECKS
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        raise SelectionError(f"--upgrade-checks: unknown check(s) {', '.join(unknown)}; known: {', '.join(CHECKS)}")
    faults = _value(config, "faults")
    if faults not in FAULT_MODES:
        raise SelectionError(f"--upgrade-faults: {faults!r} is not one of {', '.join(FAULT_MODES)}")
    seed_text = _value(config, "seed-size")
    if not seed_text.isdigit():
        raise SelectionError(f"--upgrade-seed-size: {seed_text!r} is not a whole number of rows")
    report_dir = _value(config, "report-dir")
    return Selection(
        scenario=scenario,
        engines=engines,
        paths=_value(config, "paths"),
        checks=checks,
        faults=faults,
        seed_size=int(seed_text),
        shard=parse_shard(_value(config, "shard")),
        report_dir=Path(report_dir) if report_dir else None,
        layout=_value(config, "layout"),
    )


def parse_shard(text: str) -> tuple[int, int] | None:
    if not text:
        return None
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise SelectionError(f"--upgrade-shard: {text!r} must be I/N with 1 <= I <= N, e.g. 2/4")
    return int(match.group(1)), int(match.group(2))
