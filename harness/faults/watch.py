"""Watching the runner from the server side: poll the sessions of one database until something is seen.

Injection acts exactly when the awaited state is observed on the server (a barrier statement running, a statement
waiting for a lock), never after a guessed delay. Every wait has a deadline and ends with a FaultError that says
what was awaited and what the server showed instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Protocol, TypeVar

from sqlalchemy import Connection

from harness.db import connect
from harness.engines.server_api import Server
from harness.faults.process import FaultError
from harness.faults.server_sql import FAULT_SQL, FaultSQL, ServerSession

T = TypeVar("T")
POLL_S = 0.01
DEADLINE_S = 90.0


class Watched(Protocol):
    """The runner being watched: a process of its own or a thread of this one (harness/faults/inject.py)."""

    label: str

    def exit_code(self) -> int | None: ...

    def output(self) -> str: ...


class Watch:
    """Harness-side connections to one scratch database: a poller, plus any lock holders opened through it."""

    def __init__(self, server: Server, database: str, stack: ExitStack) -> None:
        self.server = server
        self.database = database
        self.sql: FaultSQL = FAULT_SQL[server.dialect]
        self._stack = stack
        self._own: set[int] = set()
        self.poller = self.connection()
        # Sessions already there (the caller's own connections) are not the runner's: never waited for.
        self._before = {session.id for session in self.sessions()}

    def connection(self) -> Connection:
        """An autocommit connection of the harness's own; its session is never mistaken for the runner's."""
        connection = self._stack.enter_context(connect(self.server.url(self.database), autocommit=True))
        self._own.add(self.sql.own_id(connection))
        return connection

    def sessions(self) -> list[ServerSession]:
        return [s for s in self.sql.sessions(self.poller, self.database) if s.id not in self._own]

    def wait_for(
        self,
        what: str,
        found: Callable[[list[ServerSession]], T | None],
        process: Watched | None = None,
        deadline_s: float = DEADLINE_S,
    ) -> T:
        """Poll until `found` returns something; fail when the process exits first or the deadline passes."""
        end = time.monotonic() + deadline_s
        seen: list[ServerSession] = []
        while True:
            seen = self.sessions()
            result = found(seen)
            if result is not None:
                return result
            if process is not None and process.exit_code() is not None:
                raise RunnerExited(what, process)
            if time.monotonic() > end:
                shown = "\n".join(f"  session {s.id}: {' '.join(s.query.split())[:160]}" for s in seen) or "  (none)"
                raise FaultError(f"waited {deadline_s:g}s for {what}; the server showed:\n{shown}")
            time.sleep(POLL_S)

    def running(self, marker: str) -> Callable[[list[ServerSession]], ServerSession | None]:
        return lambda sessions: next((s for s in sessions if s.active and marker in s.query), None)

    def arrived(self, name: str) -> Callable[[list[ServerSession]], ServerSession | None]:
        """The runner's session once it holds the lock `name`: it has reached the barrier or gate taking it."""

        def holding(sessions: list[ServerSession]) -> ServerSession | None:
            holder = self.sql.holder(self.poller, name)
            return None if holder is None else next((s for s in sessions if s.id == holder), None)

        return holding

    def end_session(self, session: int, deadline_s: float = DEADLINE_S) -> None:
        """Terminate a session on the server and wait until it is gone."""
        self.sql.terminate(self.poller, session)
        self.wait_for(
            f"session {session} to end", lambda sessions: None if any(s.id == session for s in sessions) else True,
            deadline_s=deadline_s,
        )

    def wait_idle(self, deadline_s: float = DEADLINE_S) -> None:
        """Wait until every session that appeared since the watch began is gone (a killed runner's sessions)."""
        self.wait_for(
            "the killed runner's sessions to close",
            lambda sessions: None if any(s.id not in self._before for s in sessions) else True,
            deadline_s=deadline_s,
        )


class RunnerExited(FaultError):
    """The runner exited before the awaited state was seen."""

    def __init__(self, what: str, process: Watched) -> None:
        self.code = process.exit_code()
        self.output = process.output()
        super().__init__(f"the {process.label} exited with code {self.code} before {what}. Output:\n{self.output}")


@contextmanager
def watching(server: Server, database: str) -> Iterator[Watch]:
    with ExitStack() as stack:
        yield Watch(server, database, stack)
