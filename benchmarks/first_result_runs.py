"""Time to first result, cold and warm: `python -m harness verify` on Nightingale to-head, each engine alone, twice.

Cold: an empty template cache (the machine's binary copies and initialised data directories are kept: they are
built once per machine, not per scenario). Warm: the same command again, which finds the seeded templates and the
fresh-install references the cold run kept. Each run has a cache directory of its own under the work directory,
so nothing a user's runs keep is read or changed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.cli_run import run_verify
from harness.engines.template_cache import CACHE_DIR_VARIABLE, NO_CACHE_VARIABLE

Result = dict[str, Any]
SCENARIO = "nightingale"
TEMPERATURES = ("cold", "warm")


@contextlib.contextmanager
def _cache_at(directory: Path) -> Iterator[None]:
    """The verify child inherits this process's environment: point its cache at `directory`, with the cache on."""
    saved = {name: os.environ.get(name) for name in (CACHE_DIR_VARIABLE, NO_CACHE_VARIABLE)}
    os.environ[CACHE_DIR_VARIABLE] = str(directory)
    os.environ.pop(NO_CACHE_VARIABLE, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def first_result(engines: Sequence[str], work_dir: Path, seed_size: int) -> Result:
    runs: Result = {}
    for engine in engines:
        cache = work_dir / "template-cache" / engine.replace("@", "-").replace(":", "-")
        shutil.rmtree(cache, ignore_errors=True)
        with _cache_at(cache):
            for temperature in TEMPERATURES:
                report_dir = work_dir / "reports" / f"first-result-{len(runs)}"
                run = run_verify(SCENARIO, [engine], "to-head", report_dir, seed_size).as_json()
                runs[f"{engine} {temperature}"] = {**run, "engine": engine, "temperature": temperature}
        shutil.rmtree(cache, ignore_errors=True)
    return runs
