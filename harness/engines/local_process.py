"""Ephemeral server processes: unprivileged, tied to the harness's life, and reaped if a run was killed.

Three layers of cleanup, because a run can end in any way:
- normal exit, Ctrl-C and SIGTERM: both signals raise an interrupt while a server runs (interrupts.py), the
  callers' `finally` blocks stop their servers, and atexit stops whatever is still live and removes every
  directory this process made; creating and stopping a server is shielded from the interrupt;
- SIGKILL of the harness: the kernel sends the server SIGKILL too (the parent-death signal, child_process.py);
- whatever is still left (a directory, a server that outlived a crash): each server is recorded in a state
  directory with its owner's pid, and every start reaps the entries whose owner is gone (local_state.py).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import time
import warnings
from collections.abc import Callable

from harness.child_process import ChildProcess
from harness.engines.local_state import Account, Workspace, remove_open_workspaces
from harness.engines.signals import GUARD


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """A server binary run directly (the harness is its parent) in a workspace, logging to a file there.

    It runs as `account`, leads a process group of its own (so Ctrl-C in the terminal reaches the harness, which
    stops the server, and a stop reaches its backends too) and gets SIGKILL from the kernel if the harness dies.
    """

    def __init__(self, argv: list[str], workspace: Workspace, account: Account, stop_signal: signal.Signals) -> None:
        self.argv = argv
        self.workspace = workspace
        self.stop_signal = stop_signal
        self.log_path = workspace.path / "server.log"
        self._owner = os.getpid()
        # Between fork and registration an interrupt would leave a server nobody stops before exit.
        with GUARD.shielded(), open(self.log_path, "ab") as log:
            self._child = ChildProcess(
                argv, output=log, cwd=workspace.path, user=account.ids, die_with_parent=signal.SIGKILL
            )
            _LIVE.add(self)
            GUARD.hold()
            workspace.record(self._child.pid)

    @property
    def pid(self) -> int:
        return self._child.pid

    @property
    def returncode(self) -> int | None:
        return self._child.returncode

    def exited(self) -> bool:
        return not self._child.running()

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"

    def stop(
        self, timeout_s: float = 10, how: signal.Signals | None = None, keep: Callable[[], None] | None = None
    ) -> None:
        """Stop the server (with `how`, default its stop signal) and remove its directory, after `keep` has read
        what it wants from it. Idempotent; does nothing in a forked child."""
        if os.getpid() != self._owner or self not in _LIVE:
            return
        with GUARD.shielded():  # a second Ctrl-C must not leave the directory half removed
            self._child.stop(how or self.stop_signal, timeout_s)
            try:
                if keep is not None and self._child.returncode == 0:  # a clean shutdown: a consistent directory
                    keep()
                elif keep is not None:  # a directory that may be inconsistent is never kept, and never silently
                    warnings.warn(
                        f"the server's data directory was not kept for the next run: its clean stop ended with "
                        f"exit code {self._child.returncode} instead of 0 (killed after {timeout_s:g} s when it "
                        f"is negative -9); server log:\n{self.log_tail()}",
                        RuntimeWarning, stacklevel=2,
                    )
            finally:
                self.workspace.remove()
            _LIVE.discard(self)
            GUARD.release()


def wait_ready(server: ServerProcess, probe: Callable[[], None], what: str, timeout_s: float = 30) -> None:
    """Call `probe` (a real query) until it succeeds; raise RuntimeError with the log tail otherwise."""
    deadline = time.monotonic() + timeout_s
    last: Exception | None = None
    while time.monotonic() < deadline:
        if server.exited():
            raise RuntimeError(
                f"{what} exited during start (exit code {server.returncode}); server log:\n"
                f"{server.log_tail()}"
            )
        try:
            probe()
            return
        except Exception as err:  # not ready yet: connection refused, starting up, ...
            last = err
            time.sleep(0.03)
    raise RuntimeError(
        f"{what} was not ready after {timeout_s:.0f} s (last error: {last}); server log:\n{server.log_tail()}"
    )


_LIVE: set[ServerProcess] = set()
_handlers_installed = False


def stop_all() -> None:
    """Stop every server this process started and remove every directory it made; for exit and interrupts."""
    for server in list(_LIVE):
        with contextlib.suppress(Exception):
            server.stop()
    remove_open_workspaces()


def install_handlers() -> None:
    """Once per process: stop every server at exit (the signal handlers come with each running server)."""
    global _handlers_installed
    if _handlers_installed:
        return
    _handlers_installed = True
    atexit.register(stop_all)
