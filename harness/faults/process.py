"""The runner as a separate process: started from its RunnerCommand, killed for real, its output kept (masked).

Each runner leads a process group of its own and a kill hits the whole group (harness/child_process.py): a runner
started through a wrapper (a shell script, `sh -c`) dies with everything it started, as on a crashed host.
"""

from __future__ import annotations

import time
from pathlib import Path
from types import TracebackType

from harness.child_process import ChildProcess, masked_log
from harness.runners.system_under_test import RunnerCommand


class FaultError(Exception):
    """Injection could not do what it meant to (the runner never reached the fault, a deadline passed)."""


class RunnerProcess:
    """One started runner process; its combined output goes to `log` (passwords masked when read back)."""

    def __init__(self, command: RunnerCommand, log: Path, label: str = "runner") -> None:
        self.command = command
        self.label = label
        self.log = log
        self.killed = False
        # The child writes through its own copy of the descriptor; the harness only reads the file back.
        with log.open("wb") as output:
            try:
                self._child = ChildProcess(command.argv, output=output, env=command.env, cwd=command.cwd)
            except OSError as err:
                raise FaultError(f"cannot start the {label} ({command.argv[0]}): {err}") from err
        self.pid = self._child.pid

    def exit_code(self) -> int | None:
        """None while it runs."""
        return self._child.returncode

    def kill(self) -> None:
        """SIGKILL: no cleanup, no goodbye to the server, exactly like a crashed host or an OOM kill."""
        if self._child.kill():
            self.killed = True

    def wait(self, deadline_s: float) -> int:
        """Its exit code; killed and reported as a FaultError when it runs longer than `deadline_s`."""
        code = self._child.wait(deadline_s)
        if code is None:
            self.kill()
            raise FaultError(
                f"the {self.label} did not exit within {deadline_s:g}s; it was killed. Output:\n{self.output()}"
            )
        return code

    def output(self, limit: int = 4000) -> str:
        return masked_log(self.log, self.command.secrets, limit)

    def close(self) -> None:
        self.kill()

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
