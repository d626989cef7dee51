"""Ephemeral server processes: unprivileged, tied to the harness's life, and reaped if a run was killed.

Three layers of cleanup, because a run can end in any way:
- normal exit, Ctrl-C and SIGTERM: both signals raise an interrupt while a server runs (interrupts.py), the
  callers' `finally` blocks stop their servers, and atexit stops whatever is still live and removes every
  directory this process made; creating and stopping a server is shielded from the interrupt;
- SIGKILL of the harness: the kernel sends the server SIGKILL too (PR_SET_PDEATHSIG, set in the child);
- whatever is still left (a directory, a server that outlived a crash): each server is recorded in a state
  directory with its owner's pid, and every start reaps the entries whose owner is gone (local_state.py).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import queue
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness.engines.local_state import Account, Workspace, remove_open_workspaces
from harness.engines.signals import GUARD

_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_as(account: Account, argv: list[str], cwd: Path, timeout_s: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a helper (initdb, mariadb-install-db) as the service account; output captured for error messages."""
    return subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, timeout=timeout_s, check=False,
        user=account.uid if account.switch else None, group=account.gid if account.switch else None,
        extra_groups=[] if account.switch else None,
    )


class _Spawner:
    """Starts servers from one long-lived thread.

    The kernel's parent-death signal fires when the *thread* that forked the child exits, so a server started
    from a short-lived worker thread would die with that thread; this thread lives as long as the process.
    """

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Callable[[], subprocess.Popen[bytes]], queue.Queue[Any]]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def spawn(self, start: Callable[[], subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="upgrade-harness-spawner", daemon=True)
                self._thread.start()
        answer: queue.Queue[Any] = queue.Queue()
        self._jobs.put((start, answer))
        result = answer.get()
        if isinstance(result, BaseException):
            raise result
        assert isinstance(result, subprocess.Popen)
        return result

    def _serve(self) -> None:
        while True:
            start, answer = self._jobs.get()
            try:
                answer.put(start())
            except BaseException as err:  # handed back to the caller's thread
                answer.put(err)


_SPAWNER = _Spawner()


def _die_with(parent: int) -> Callable[[], None]:
    def preexec() -> None:
        # Runs in the child after the uid switch (which would clear the setting), before exec.
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the harness died before prctl took effect
            os._exit(1)

    return preexec


class ServerProcess:
    """A server binary run directly (the harness is its parent) in a workspace, logging to a file there."""

    def __init__(self, argv: list[str], workspace: Workspace, account: Account, stop_signal: int) -> None:
        self.argv = argv
        self.workspace = workspace
        self.stop_signal = stop_signal
        self.log_path = workspace.path / "server.log"
        self._owner = os.getpid()
        # Between fork and registration an interrupt would leave a server nobody stops before exit.
        with GUARD.shielded(), open(self.log_path, "ab") as log:
            self.process = _SPAWNER.spawn(lambda: subprocess.Popen(
                argv, cwd=workspace.path, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C in the terminal reaches the harness, which stops the server
                user=account.uid if account.switch else None, group=account.gid if account.switch else None,
                extra_groups=[] if account.switch else None, preexec_fn=_die_with(os.getpid()),
            ))
            _LIVE.add(self)
            GUARD.hold()
            workspace.record(self.process.pid)

    @property
    def pid(self) -> int:
        return self.process.pid

    def exited(self) -> bool:
        return self.process.poll() is not None

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"

    def stop(self, timeout_s: float = 10) -> None:
        """Stop the server and remove its directory. Idempotent; does nothing in a forked child."""
        if os.getpid() != self._owner or self not in _LIVE:
            return
        with GUARD.shielded():  # a second Ctrl-C must not leave the directory half removed
            if self.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    self.process.send_signal(self.stop_signal)
                try:
                    self.process.wait(timeout_s)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
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
                f"{what} exited during start (exit code {server.process.returncode}); server log:\n"
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
