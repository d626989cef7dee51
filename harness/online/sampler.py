"""A thread that reads, every few milliseconds, what each session on the database runs and which lock it waits for.

Server times are turned into this process's clock (`time.time()`) with the offset measured when sampling starts,
so they line up with the workload's own timings even when the server's clock differs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqlalchemy import Connection
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from harness.db import connect
from harness.online.server_activity import OnlineDialect, SessionState


@dataclass(frozen=True)
class Sample:
    at: float
    sessions: tuple[SessionState, ...]
    labels: tuple[tuple[int, str], ...] = ()  # workload session -> the query it was running at that moment


class LockSampler:
    def __init__(
        self, url: URL, dialect: OnlineDialect, interval_s: float, label: Callable[[int], str | None]
    ) -> None:
        """`label(session)` names the workload query a session runs (None for sessions that are not workload)."""
        self.url = url
        self.dialect = dialect
        self.interval_s = interval_s
        self.label = label
        self.samples: list[Sample] = []
        self.session_id = -1
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="online-lock-sampler", daemon=True)

    @contextmanager
    def running(self) -> Iterator[LockSampler]:
        self._thread.start()
        self._ready.wait()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        try:
            with connect(self.url, autocommit=True) as connection:
                self.session_id = int(connection.exec_driver_sql(self.dialect.session_id_sql).scalar_one())
                before = time.time()
                server_now = float(connection.exec_driver_sql(self.dialect.now_sql).scalar_one())
                offset = (before + time.time()) / 2 - server_now
                self._ready.set()
                while not self._stop.is_set():
                    self._take(connection, offset)
                    self._stop.wait(self.interval_s)
        except BaseException as err:  # handed to the caller when sampling stops
            self.error = err
        finally:
            self._ready.set()

    def _take(self, connection: Connection, offset: float) -> None:
        try:
            server_now, states = self.dialect.sample(connection)
        except DBAPIError:
            return  # a sample lost to a busy catalog is not worth failing the run for
        sessions = tuple(_shift(state, offset) for state in states)
        labels = tuple(
            (state.session, name) for state in sessions if (name := self.label(state.session)) is not None
        )
        self.samples.append(Sample(server_now + offset, sessions, labels))


def _shift(state: SessionState, offset: float) -> SessionState:
    def moved(value: float | None) -> float | None:
        return None if value is None else value + offset

    return replace(
        state,
        started=moved(state.started),
        transaction_started=moved(state.transaction_started),
        wait_started=moved(state.wait_started),
    )
