"""Interrupted runs: a child run that is told about Ctrl-C and SIGTERM exactly once, and the exit codes they end in.

`upgrade-harness verify` runs pytest as a child in a session of its own, so a Ctrl-C at the terminal reaches only
this process, which passes it on once: a second copy arriving while the child is stopping its servers would cut
that cleanup short. The child dies with its parent (SIGTERM on the parent's death), so a killed `verify` leaves no
run behind.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Sequence
from types import FrameType
from typing import Any

from harness.child_process import ChildProcess

INTERRUPT_EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}
"""128 + the signal number, as a shell reports a command a signal stopped."""


def run_until_done(argv: Sequence[str]) -> int:
    """Run `argv` to its end and return its exit code; SIGINT and SIGTERM are passed on, and the child is waited for.

    A child stopped by a signal returns 128 + that signal's number.
    """
    child = ChildProcess(argv, output=None, die_with_parent=signal.SIGTERM)

    def pass_on(number: int, frame: FrameType | None) -> None:
        # To the child's whole group, as a terminal would: pytest and its xdist workers (servers run in their own).
        if child.running():
            child.signal_group(number)

    previous = {number: signal.signal(number, pass_on) for number in INTERRUPT_EXIT}
    try:
        code = child.popen.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 128 - code if code < 0 else code


class TerminationAsInterrupt:
    """While installed, SIGTERM stops the run the way Ctrl-C does (KeyboardInterrupt), so `finally` blocks and
    pytest's teardown stop the servers; by default SIGTERM ends Python without running any of them."""

    def __init__(self) -> None:
        self.signal: signal.Signals | None = None
        self._previous: Any = None
        self._installed = False

    def install(self) -> None:
        if self._installed or threading.current_thread() is not threading.main_thread():
            return
        self._previous = signal.signal(signal.SIGTERM, self._interrupt)
        self._installed = True

    def restore(self) -> None:
        if self._installed:
            signal.signal(signal.SIGTERM, self._previous)
            self._installed = False

    def _interrupt(self, number: int, frame: FrameType | None) -> None:
        self.signal = signal.Signals(number)
        raise KeyboardInterrupt(f"stopped by {self.signal.name}")
