"""pytest plugin for the benchmarks: when did the verify run's pytest start, finish collecting, finish its first case.

Loaded in the verify run's pytest child with `-- -p benchmarks.first_result --bench-first-result=FILE`; the file
gets epoch timestamps, rewritten as each becomes known.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

_MARKS: dict[str, float] = {}
_TARGET: list[Path] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--bench-first-result", default=None, help="benchmarks: write pytest's milestones here (JSON)")


def _mark(name: str) -> None:
    if name in _MARKS or not _TARGET:
        return
    _MARKS[name] = time.time()
    _TARGET[0].write_text(json.dumps(_MARKS))


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    target = config.getoption("--bench-first-result")
    if target:
        _TARGET[:] = [Path(target)]
        _mark("pytest_configured")


def pytest_collection_finish(session: pytest.Session) -> None:
    _mark("collected")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" or report.outcome != "passed":
        _mark("first_case")
