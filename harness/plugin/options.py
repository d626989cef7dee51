"""Command-line options and their ini keys, read in one place into the run core's frozen Selection."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from harness.checks import CHECKS, DEFAULT_CHECKS
from harness.engines.docker_images import ENGINE_IMAGES_VARIABLE, parse_engine_images
from harness.engines.template_cache import disabled_by_environment
from harness.run.selection import (
    DEFAULT_ENGINES,
    Selection,
    SelectionError,
    parse_checks,
    parse_seed_size,
    parse_shard,
)

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


FLAGS: tuple[tuple[str, str], ...] = (
    ("only", "collect only the upgrade cases, not the project's own tests"),
    ("allow-missing-engine", "a requested engine that cannot run here does not fail the run (the summary says so)"),
    ("no-cache", "neither use nor keep seeded templates between runs (also: UPGRADE_HARNESS_NO_CACHE=1)"),
)


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("upgrade-harness", "upgrade verification")
    for name, help_text in FLAGS:
        group.addoption(
            f"--upgrade-{name}",
            action="store_true",
            dest=f"upgrade_{name.replace('-', '_')}",
            default=False,
            help=help_text,
        )
    parser.addini("upgrade_allow_missing_engine", FLAGS[1][1], type="bool", default=False)
    group.addoption(
        "--upgrade-case",
        action="append",
        dest="upgrade_case_filters",
        default=[],
        metavar="ID",
        help="run only the cases whose id contains ID (repeatable); a case id from report.json selects "
        "that case, `crash@v7.0.0#3` every case of that fault",
    )
    group.addoption(
        "--upgrade-engine-image",
        action="append",
        dest="upgrade_engine_image",
        default=[],
        metavar="SPEC=IMAGE",
        help="the Docker image for an engine spec (repeatable), e.g. "
        "mysql@9.7=local/mysql:9.7; adds to UPGRADE_HARNESS_ENGINE_IMAGES",
    )
    parser.addini(
        "upgrade_engine_images", "Docker images per engine spec, SPEC=IMAGE one per line", type="linelist", default=[]
    )
    group.addoption(
        "--upgrade-allowlist",
        dest="upgrade_allowlist",
        default=None,
        metavar="FILE",
        help="TOML file of known failures (path, check, reason, expires); validated before anything runs",
    )
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
    report_dir = _value(config, "report-dir")
    allowlist = config.getoption("upgrade_allowlist")
    return Selection(
        scenario=scenario,
        engines=engines,
        paths=_value(config, "paths"),
        checks=parse_checks(_value(config, "checks")),
        faults=_value(config, "faults"),
        seed_size=parse_seed_size(_value(config, "seed-size"), "--upgrade-seed-size"),
        shard=parse_shard(_value(config, "shard"), "--upgrade-shard"),
        report_dir=Path(report_dir) if report_dir else None,
        layout=_value(config, "layout"),
        case_filters=tuple(config.getoption("upgrade_case_filters") or ()),
        allow_missing_engines=bool(
            config.getoption("upgrade_allow_missing_engine") or config.getini("upgrade_allow_missing_engine")
        ),
        allowlist=Path(allowlist) if allowlist else None,
        keep_templates=not (config.getoption("upgrade_no_cache") or disabled_by_environment()),
    )


def engine_images(config: pytest.Config, environ: Mapping[str, str]) -> str:
    """The run's image overrides as UPGRADE_HARNESS_ENGINE_IMAGES text: the variable, then the ini key, then the
    options (a later one wins for the same spec). Raises SelectionError on a bad entry."""
    given = [
        environ.get(ENGINE_IMAGES_VARIABLE, ""),
        *config.getini("upgrade_engine_images"),
        *config.getoption("upgrade_engine_image"),
    ]
    merged: dict[str, str] = {}
    for text in given:
        try:
            merged.update(parse_engine_images(text))
        except ValueError as err:
            raise SelectionError(f"engine image: {err}") from err
    return " ".join(f"{spec}={image}" for spec, image in merged.items())
