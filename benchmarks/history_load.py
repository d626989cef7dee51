"""How long a runner process takes to load the Nightingale history: what every fault case pays, twice for a crash.

Each figure is a fresh `python -c` process timing `migrator.load_source` alone (imports excluded):
- cold: an empty parse cache, every script lexed;
- warm: the same history again;
- changed copy: a copy with one step inserted into v7.0.0 (PostgreSQL and MySQL scripts), as a fault case writes
  it; with chunked caching only the inserted chunks are lexed;
- whole-script lex of the changed scripts: what the changed copy costs without the chunk cache, measured in this
  process by lexing the two changed scripts whole.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from migrator.loader import _scanned_sections, _steps

HISTORY = Path(__file__).resolve().parent.parent / "scenarios" / "nightingale" / "migrations"
CHANGED_VERSION = "v7.0.0"
_TIMED_LOAD = (
    "import sys, time; from migrator import load_source; "
    "t = time.perf_counter(); load_source(sys.argv[1]); print(time.perf_counter() - t)"
)


def _load_seconds(root: Path, cache: Path) -> float:
    environment = {**os.environ, "MIGRATOR_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", _TIMED_LOAD, str(root)], capture_output=True, text=True,
                          env=environment, check=True, cwd=HISTORY.parent.parent.parent)
    return float(done.stdout.strip())


def _insert_step(script: Path, position: int) -> None:
    lines = script.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("-- migrator:step")]
    at = starts[min(position, len(starts) - 1)]
    block = f"-- migrator:step\nSELECT '{secrets.token_hex(6)}' AS fault_here;\n-- migrator:undo noop\n\n"
    script.write_text("".join([*lines[:at], block, *lines[at:]]), encoding="utf-8")


def measure(repeats: int) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-history-load-"))
    try:
        cache = work / "cache"
        cold = _load_seconds(HISTORY, cache)
        warm = [_load_seconds(HISTORY, cache) for _ in range(repeats)]
        changed, whole = [], []
        for attempt in range(repeats):
            copy = work / f"copy-{attempt}"
            shutil.copytree(HISTORY, copy)
            scripts = [copy / CHANGED_VERSION / f"{dialect}.upgrade.sql" for dialect in ("postgresql", "mysql")]
            for script in scripts:
                _insert_step(script, 100 + attempt)
            changed.append(_load_seconds(copy, cache))
            started = time.perf_counter()
            for script in scripts:
                _steps(_scanned_sections(script.read_text(encoding="utf-8"), script), script)
            whole.append(time.perf_counter() - started)
        return {
            "cold_s": round(cold, 3),
            "warm_s": round(statistics.median(warm), 3),
            "changed_copy_s": round(statistics.median(changed), 3),
            "changed_scripts_whole_lex_s": round(statistics.median(whole), 3),
            "repeats": repeats,
            "cache_entries": sum(1 for _ in cache.glob("*.pickle")),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
