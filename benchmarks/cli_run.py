"""The harness as users run it: `python -m harness verify ...` in a child process, timed from launch to exit.

Besides the wall time it reads the run's report.json (the floor is the sum of `runner_s` over the distinct upgraded
paths) and the first-result milestones written by `benchmarks.first_result`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.timing import Lap, measure

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class CliRun:
    lap: Lap
    exit_code: int
    paths: int
    floor_s: float
    pytest_s: float  # report.json duration_s: pytest's session, configure to report
    summary: dict[str, int]
    milestones: dict[str, float]  # seconds from launch: pytest_configured, collected, first_case
    stderr_tail: str

    def as_json(self) -> dict[str, object]:
        per_path = self.lap.wall_s / self.paths if self.paths else 0.0
        return {
            **self.lap.as_json(),
            "exit_code": self.exit_code,
            "paths": self.paths,
            "floor_s": round(self.floor_s, 4),
            "pytest_s": round(self.pytest_s, 4),
            "per_path_s": round(per_path, 4),
            "overhead_per_path_s": round((self.lap.wall_s - self.floor_s) / self.paths, 4) if self.paths else 0.0,
            "summary": self.summary,
            "milestones_s": {name: round(value, 4) for name, value in self.milestones.items()},
            **({"stderr_tail": self.stderr_tail} if self.exit_code else {}),
        }


def floor_from_report(report: dict[str, Any]) -> tuple[int, float]:
    """(distinct upgraded paths, their runner seconds): every check of a path reports the same `runner_s`."""
    per_path: dict[tuple[str, tuple[str, ...]], float] = {}
    for case in report.get("cases", []):
        key = (str(case["engine"]), tuple(case["path"]))
        per_path[key] = max(per_path.get(key, 0.0), float(case.get("runner_s") or 0.0))
    return len(per_path), sum(per_path.values())


def verify_command(
    scenario: Path | str, engines: Sequence[str], mode: str, report_dir: Path, seed_size: int,
    checks: str = "schema,data", keyword: str | None = None, milestones: Path | None = None,
) -> list[str]:
    command = [
        sys.executable, "-m", "harness", "verify", "--scenario", str(scenario),
        *(f"--engine={engine}" for engine in engines),
        "--paths", mode, "--checks", checks, "--seed-size", str(seed_size), "--report-dir", str(report_dir),
    ]
    extra = []
    if milestones is not None:
        extra += ["-p", "benchmarks.first_result", f"--bench-first-result={milestones}"]
    if keyword is not None:
        extra += ["-k", keyword]
    return command + (["--", *extra] if extra else [])


def run_verify(
    scenario: Path | str, engines: Sequence[str], mode: str, report_dir: Path, seed_size: int,
    checks: str = "schema,data", keyword: str | None = None,
) -> CliRun:
    report_dir.mkdir(parents=True, exist_ok=True)
    milestones_file = report_dir / "milestones.json"
    milestones_file.unlink(missing_ok=True)
    command = verify_command(scenario, engines, mode, report_dir, seed_size, checks, keyword, milestones_file)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}
    launched = time.time()
    lap, process = measure(lambda: subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True))
    report_file = report_dir / "report.json"
    report: dict[str, Any] = json.loads(report_file.read_text()) if report_file.exists() else {}
    paths, floor = floor_from_report(report)
    marks = json.loads(milestones_file.read_text()) if milestones_file.exists() else {}
    return CliRun(
        lap=lap,
        exit_code=process.returncode,
        paths=paths,
        floor_s=floor,
        pytest_s=float(report.get("duration_s", 0.0)),
        summary=dict(report.get("summary", {})),
        milestones={name: stamp - launched for name, stamp in marks.items()},
        stderr_tail=(process.stderr or process.stdout)[-2000:],
    )
