"""Progress of the upgrade cases: a live rich bar on a terminal, plain lines in CI logs.

On a terminal the bar replaces pytest's dots (counts by outcome and the time left); failures are still reported
in pytest's summary. Elsewhere a line is written at every tenth of the run and at every failure, so a CI log shows
how far a long matrix has come without one line per case.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

OUTCOMES = ("passed", "failed", "skipped")


def format_seconds(seconds: float) -> str:
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"


class CaseProgress:
    """Counts finished cases; `live` draws a rich bar on `stream`, otherwise `write_line` gets plain lines."""

    def __init__(self, total: int, *, live: bool, write_line: Callable[[str], None], stream: TextIO = sys.stderr):
        self.total = total
        self.live = live
        self.counts: Counter[str] = Counter()
        self._write_line = write_line
        self._started = time.monotonic()
        self._next_tenth = 1
        self._bar: Progress | None = None
        self._task = None
        if live and total:
            self._bar = Progress(
                TextColumn("upgrade cases"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[counts]}"),
                TimeRemainingColumn(),
                console=Console(file=stream),
                transient=True,
            )
            self._task = self._bar.add_task("cases", total=total, counts=self._counts_text())
            self._bar.start()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def _counts_text(self) -> str:
        return ", ".join(f"{self.counts[outcome]} {outcome}" for outcome in OUTCOMES)

    def remaining_seconds(self) -> float | None:
        if not self.done:
            return None
        return (time.monotonic() - self._started) / self.done * (self.total - self.done)

    def status_line(self) -> str:
        left = self.remaining_seconds()
        eta = f", about {format_seconds(left)} left" if left is not None and self.done < self.total else ""
        return f"upgrade cases: {self.done}/{self.total} done ({self._counts_text()}){eta}"

    def finished(self, outcome: str, case_id: str) -> None:
        self.counts[outcome if outcome in OUTCOMES else "failed"] += 1
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self.done, counts=self._counts_text())
            return
        if outcome == "failed":
            self._write_line(f"FAILED {case_id}")
        if self.total and self.done * 10 >= self._next_tenth * self.total:
            while self.done * 10 >= self._next_tenth * self.total:
                self._next_tenth += 1
            self._write_line(self.status_line())

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
