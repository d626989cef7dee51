"""Child processes the harness starts and must be able to end completely: a runner under test, an external migration
program, a database server.

Every child leads a session, and so a process group, of its own: a Ctrl-C at the terminal reaches only the harness,
which decides what to stop and when, and a kill reaches everything the child started (what a wrapper script or
`sh -c` spawned, a server's backends), as on a crashed host. Output goes to a file or a pipe and is read back as
printable text with the secrets masked.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import signal
import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, quote_plus

MASK = "***"
FINAL_KILL_WAIT_S = 10.0
"""After SIGKILL to the group: how long to wait for the leader to be reaped before giving up on its output."""

Output = IO[bytes] | int | None  # an open file, subprocess.PIPE, subprocess.DEVNULL, or None: the harness's own

_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)


class ChildProcess:
    """One started child, leader of its own process group; every signal sent through it reaches the whole group.

    `output` receives stdout and stderr; None leaves the child the harness's own terminal (stdin too), for a child
    that is the run the user watches. `env` adds to the harness's environment; `user` is (uid, gid) to run as, None
    for the harness's own account; `die_with_parent` is the signal the kernel sends the child when the harness dies,
    even by SIGKILL (Linux).
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        output: Output,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        user: tuple[int, int] | None = None,
        die_with_parent: signal.Signals | None = None,
    ) -> None:
        self.argv = list(argv)
        streams: dict[str, Any] = (
            {} if output is None else {"stdin": subprocess.DEVNULL, "stdout": output, "stderr": subprocess.STDOUT}
        )
        options: dict[str, Any] = {
            **streams,
            "env": {**os.environ, **env} if env else None,
            "cwd": cwd,
            "start_new_session": True,
        }
        if user is not None:
            options.update(user=user[0], group=user[1], extra_groups=[])
        if die_with_parent is not None:
            options["preexec_fn"] = _die_with(os.getpid(), die_with_parent)

        def start() -> subprocess.Popen[bytes]:
            return subprocess.Popen(self.argv, **options)

        self.popen = start() if die_with_parent is None else _SPAWNER.spawn(start)

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def returncode(self) -> int | None:
        """None while it runs; negative: the signal that ended it."""
        return self.popen.poll()

    def running(self) -> bool:
        return self.popen.poll() is None

    def signal_group(self, number: int) -> None:
        signal_group(self.popen.pid, number)

    def kill(self) -> bool:
        """SIGKILL to the whole group, then reap the leader; True when it was still running."""
        was_running = self.running()
        if was_running:
            self.signal_group(signal.SIGKILL)
        self.popen.wait()
        return was_running

    def stop(self, first: int, grace_s: float) -> None:
        """`first` to the group, SIGKILL to the group after `grace_s` if the leader has not exited by then."""
        if not self.running():
            return
        self.signal_group(first)
        if self.wait(grace_s) is None:
            self.kill()

    def wait(self, deadline_s: float) -> int | None:
        """The exit code, or None when it is still running after `deadline_s` (it is left running)."""
        try:
            return self.popen.wait(timeout=deadline_s)
        except subprocess.TimeoutExpired:
            return None

    def communicate(self, deadline_s: float, grace_s: float) -> tuple[bytes, int | None]:
        """Piped output and exit code; past `deadline_s` the group gets SIGTERM, SIGKILL after `grace_s`, and the
        exit code is None. The output is whatever it wrote until then."""
        try:
            output, _ = self.popen.communicate(timeout=deadline_s)
            return output, self.popen.returncode
        except subprocess.TimeoutExpired:
            pass
        for number, wait_s in ((signal.SIGTERM, grace_s), (signal.SIGKILL, FINAL_KILL_WAIT_S)):
            self.signal_group(number)
            try:
                output, _ = self.popen.communicate(timeout=wait_s)
                return output, None
            except subprocess.TimeoutExpired:
                continue
        return b"", None


def signal_group(leader: int, number: int) -> None:
    """`number` to the process group `leader` leads; nothing when the group is gone already."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(leader, number)


# -- reading output back


def secret_forms(password: str) -> tuple[str, ...]:
    """A password as it may appear in output: as given, as SQLAlchemy writes it into a URL (space and + kept), and
    fully URL-encoded both ways."""
    if not password:
        return ()
    forms = {password, quote(password, safe=" +"), quote(password, safe=""), quote_plus(password)}
    return tuple(sorted(forms, key=len, reverse=True))


def mask(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced by ***; the longest first, so a secret holding another is masked whole."""
    for secret in sorted({secret for secret in secrets if secret}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def printable(output: bytes) -> str:
    """A program's output as text; binary garbage is shown as escapes rather than passed on raw."""
    decoded = output.decode("utf-8", errors="backslashreplace")
    return "".join(ch if ch.isprintable() or ch in "\n\t" else repr(ch)[1:-1] for ch in decoded)


def masked_output(raw: bytes, secrets: Iterable[str]) -> str:
    return mask(printable(raw), secrets)


def masked_log(path: Path, secrets: Iterable[str], limit: int | None = None) -> str:
    """A child's log file as printable text, secrets masked, cut to its last `limit` characters."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ""
    text = masked_output(raw, secrets)
    return text if limit is None or len(text) <= limit else "…" + text[-limit:]


# -- dying with the harness


class _Spawner:
    """Starts children that die with the harness from one long-lived thread.

    The kernel's parent-death signal fires when the *thread* that forked the child exits, so a child started from a
    short-lived worker thread would die with that thread; this thread lives as long as the process.
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


def _die_with(parent: int, number: signal.Signals) -> Callable[[], None]:
    def preexec() -> None:
        # Runs in the child after the uid switch (which would clear the setting), before exec.
        _LIBC.prctl(_PR_SET_PDEATHSIG, int(number), 0, 0, 0)
        if os.getppid() != parent:  # the harness died before prctl took effect
            os._exit(1)

    return preexec
