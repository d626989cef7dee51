"""Interrupted runs: a child run that is told about Ctrl-C and SIGTERM exactly once, and the exit codes they end in.

`upgrade-harness verify` runs pytest as a child in a session of its own, so a Ctrl-C at the terminal reaches only
this process, which passes it on once: a second copy arriving while the child is stopping its servers would cut
that cleanup short. The child dies with its parent (SIGTERM on the parent's death), so a killed `verify` leaves no
run behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import subprocess
import threading
from collections.abc import Sequence
from types import FrameType
from typing import Any

INTERRUPT_EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}
"""128 + the signal number, as a shell reports a command a signal stopped."""

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in the child before exec: on Linux, SIGTERM when the parent dies; elsewhere nothing."""
    library = ctypes.util.find_library("c")
    if library is None:
        return
    try:
        ctypes.CDLL(library, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        return


def run_until_done(argv: Sequence[str]) -> int:
    """Run `argv` to its end and return its exit code; SIGINT and SIGTERM are passed on, and the child is waited for.

    A child stopped by a signal returns 128 + that signal's number.
    """
    child = subprocess.Popen(list(argv), start_new_session=True, preexec_fn=_die_with_parent)

    def pass_on(number: int, frame: FrameType | None) -> None:
        # To the child's whole group, as a terminal would: pytest and its xdist workers (servers run in their own).
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, number)

    previous = {number: signal.signal(number, pass_on) for number in INTERRUPT_EXIT}
    try:
        code = child.wait()
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
