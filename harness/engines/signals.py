"""SIGINT and SIGTERM while servers run: both become an interrupt that unwinds, so every `finally` stops its server.

Python turns SIGINT into KeyboardInterrupt, but its default for SIGTERM kills the process on the spot: no fixture
teardown, no report, servers left to the parent-death signal and their directories to the next run's reaper. While
at least one hold is taken (every running server takes one), SIGTERM raises `Terminated`, a KeyboardInterrupt, so
pytest and plain scripts shut down the same way for both signals. When the last hold is released the previous
handlers are put back.

Inside `shielded()` (creating a server's directory and process, stopping it) a signal is held back and raised when
the block ends: an interrupt there would leave a started server nobody knows about, or a half-removed directory.

The process that decides the exit status (the pytest plugin, the CLI) asks `interrupt_exit_code` or
`interrupted_by`: 130 after SIGINT, 143 after SIGTERM.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: shut down as for Ctrl-C."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        super().__init__(f"terminated by {signal.Signals(signum).name}")
        self.signum = signum


def interrupt_exit_code(error: BaseException) -> int:
    """The exit status a shell shows for the signal behind `error`: 143 for Terminated, 130 for KeyboardInterrupt."""
    if isinstance(error, Terminated):
        return 128 + error.signum
    return 128 + signal.SIGINT


class _SignalGuard:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._holds = 0
        self._previous: dict[int, Any] = {}
        self._shield_depth = 0
        self._pending: int | None = None
        self.received: int | None = None

    def hold(self) -> None:
        """Take a hold; the first one installs the handlers (only possible from the main thread)."""
        with self._lock:
            self._holds += 1
            if not self._previous:
                self._install()

    def release(self) -> None:
        with self._lock:
            self._holds = max(0, self._holds - 1)
            if self._holds == 0 and self._previous:
                self._restore()

    @property
    def installed(self) -> bool:
        return bool(self._previous)

    def _install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # a later hold from the main thread installs them
        for signum in _SIGNALS:
            current = signal.getsignal(signum)
            if current in (signal.SIG_IGN, None):
                continue  # ignored on purpose by whoever started us (or set outside Python): leave it so
            self._previous[signum] = current
            signal.signal(signum, self._on_signal)

    def _restore(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # the handlers stay until a release from the main thread; they only chain
        for signum, previous in self._previous.items():
            if signal.getsignal(signum) == self._on_signal:  # someone else's handler on top stays
                signal.signal(signum, previous)
        self._previous.clear()

    @contextmanager
    def shielded(self) -> Iterator[None]:
        """Hold SIGINT/SIGTERM back while the block runs (main thread only); raise it when the block ends."""
        if threading.current_thread() is not threading.main_thread():
            yield  # signals are handled in the main thread: this thread is never interrupted by them
            return
        self._shield_depth += 1
        try:
            yield
        finally:
            self._shield_depth -= 1
        if self._shield_depth == 0 and self._pending is not None:
            signum, self._pending = self._pending, None
            self._deliver(signum, None)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        if self._shield_depth:
            self._pending = signum
            return
        self._deliver(signum, frame)

    def _deliver(self, signum: int, frame: FrameType | None) -> None:
        previous: Callable[[int, FrameType | None], Any] | int | None = self._previous.get(signum, signal.SIG_DFL)
        if callable(previous):
            previous(signum, frame)  # Python's default for SIGINT raises KeyboardInterrupt here
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Terminated(signum)


GUARD = _SignalGuard()
shielded = GUARD.shielded


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """SIGTERM raises `Terminated` inside the block, also while no server runs (e.g. a whole pytest session)."""
    GUARD.hold()
    try:
        yield
    finally:
        GUARD.release()


def interrupted_by() -> int | None:
    """The signal (SIGINT or SIGTERM) that interrupted this process while the handlers were in place, if any."""
    return GUARD.received
