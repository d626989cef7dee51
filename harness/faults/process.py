"""The runner as a separate process: started from its RunnerCommand, killed for real, its output kept (masked).

Each runner starts a process group of its own, and a kill hits the whole group: a runner started through a wrapper
(a shell script, `sh -c`) dies with everything it started, as on a crashed host.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType

from harness.runners.system_under_test import RunnerCommand


class FaultError(Exception):
    """Injection could not do what it meant to (the runner never reached the fault, a deadline passed)."""


class RunnerProcess:
    """One started runner process; its combined output goes to `log` (passwords masked when read back)."""

    def __init__(self, command: RunnerCommand, log: Path, label: str = "runner") -> None:
        self.command = command
        self.label = label
        self.log = log
        self._output = log.open("wb")
        self.killed = False
        try:
            self._process = subprocess.Popen(
                list(command.argv),
                env={**os.environ, **command.env},
                cwd=command.cwd,
                stdin=subprocess.DEVNULL,
                stdout=self._output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as err:
            self._output.close()
            raise FaultError(f"cannot start the {label} ({command.argv[0]}): {err}") from err
        self.pid = self._process.pid

    def exit_code(self) -> int | None:
        """None while it runs."""
        return self._process.poll()

    def kill(self) -> None:
        """SIGKILL: no cleanup, no goodbye to the server, exactly like a crashed host or an OOM kill."""
        if self._process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self.killed = True
        self._process.wait()

    def wait(self, deadline_s: float) -> int:
        """Its exit code; killed and reported as a FaultError when it runs longer than `deadline_s`."""
        try:
            return self._process.wait(timeout=deadline_s)
        except subprocess.TimeoutExpired:
            self.kill()
            raise FaultError(
                f"the {self.label} did not exit within {deadline_s:g}s; it was killed. Output:\n{self.output()}"
            ) from None

    def output(self, limit: int = 4000) -> str:
        self._output.flush()
        text = self.log.read_bytes().decode("utf-8", errors="replace")
        for secret in self.command.secrets:
            text = text.replace(secret, "***")
        return text if len(text) <= limit else "…" + text[-limit:]

    def close(self) -> None:
        self.kill()
        self._output.close()

    def __enter__(self) -> RunnerProcess:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def wait_all(processes: list[RunnerProcess], deadline_s: float) -> list[int]:
    """Exit codes of all processes; every one still running at the deadline is killed and reported."""
    end = time.monotonic() + deadline_s
    codes: list[int] = []
    for process in processes:
        codes.append(process.wait(max(0.1, end - time.monotonic())))
    return codes
