"""The release gate's verdict on a run, as report.json's optional `gate` records it.

The verdict is computed once (harness.report.gate.decide) and every rendering reads it from here, so the
summary, the page and the exit code cannot tell different stories.
"""

from __future__ import annotations

from dataclasses import dataclass

GATE_PASSED = 0
GATE_FAILED = 1


@dataclass(frozen=True)
class GateVerdict:
    code: int  # GATE_PASSED or GATE_FAILED: the exit code a release gate uses
    reasons: tuple[str, ...] = ()  # why it failed, one line each; empty when it passed
    allowed_missing: tuple[str, ...] = ()  # requested engines that did not run, accepted by the user
    interrupted: bool = False  # the run was stopped before its end: the report is partial

    def __post_init__(self) -> None:
        if self.code not in (GATE_PASSED, GATE_FAILED):
            raise ValueError(f"gate verdict code must be {GATE_PASSED} (pass) or {GATE_FAILED} (fail), got {self.code}")
        if self.code == GATE_PASSED and (self.reasons or self.interrupted):
            raise ValueError("a passing gate verdict has no failure reasons and was not interrupted")
        if self.code == GATE_FAILED and not self.reasons:
            raise ValueError("a failing gate verdict needs at least one reason")

    @property
    def passed(self) -> bool:
        return self.code == GATE_PASSED
