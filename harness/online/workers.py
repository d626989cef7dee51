"""Threads that run a release's workload without pause, timing every query on the client side."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from harness.db import connect
from harness.online.params import ParamValues, first_line
from harness.online.server_activity import OnlineDialect
from harness.online.workload import WorkloadQuery


@dataclass(frozen=True)
class QueryRun:
    """One execution of a workload query, as its client saw it (`started` on this process's `time.time()`)."""

    query: str
    worker: int
    started: float
    seconds: float
    error: str | None = None

    @property
    def ended(self) -> float:
        return self.started + self.seconds


class WorkloadWorkers:
    def __init__(
        self,
        url: URL,
        dialect: OnlineDialect,
        queries: Sequence[WorkloadQuery],
        values: ParamValues,
        *,
        workers: int,
        think_s: float,
        timeout_s: float,
    ) -> None:
        self.url = url
        self.dialect = dialect
        self.queries = tuple(queries)
        self.values = values
        self.think_s = think_s
        self.timeout_s = timeout_s
        self.runs: list[QueryRun] = []
        self.error: BaseException | None = None
        self._sessions: dict[int, int] = {}  # server session -> worker
        self._current: dict[int, str] = {}  # worker -> query it runs now
        self._session_of: dict[int, int] = {}  # worker -> its server session now
        self._running_since: dict[int, tuple[int, float]] = {}  # worker -> (its session, perf_counter at start)
        self._watch_lock = threading.Lock()  # a cancel is never sent once its query has ended
        self._stop = threading.Event()
        self._ready = threading.Barrier(workers + 1)
        self._threads = [
            threading.Thread(target=self._run, args=(index,), name=f"online-worker-{index}", daemon=True)
            for index in range(workers)
        ]

    def label(self, session: int) -> str | None:
        """The query a workload session runs now ('' between queries); None when it is not a workload session."""
        worker = self._sessions.get(session)
        return None if worker is None else self._current.get(worker, "")

    def is_workload(self, session: int) -> bool:
        return session in self._sessions

    @contextmanager
    def running(self) -> Iterator[WorkloadWorkers]:
        for thread in self._threads:
            thread.start()
        try:
            self._ready.wait()
        except threading.BrokenBarrierError:
            self._stop_all()
            raise self.error or RuntimeError("a workload worker could not start") from None
        watch: threading.Thread | None = None
        with connect(self.url, autocommit=True) as connection:
            if not self.dialect.server_bounds_statements(connection):
                watch = threading.Thread(target=self._watch, name="online-workload-watch", daemon=True)
                watch.start()
        try:
            yield self
        finally:
            self._stop_all()
            if watch is not None:
                watch.join()
        if self.error is not None:
            raise self.error

    def _watch(self) -> None:
        """Cancel workload statements past the timeout that the server's own settings do not stop (MySQL: all
        but SELECTs); such a statement then fails like one the server stopped."""
        try:
            with connect(self.url, autocommit=True) as connection:
                while not self._stop.wait(min(0.1, self.timeout_s / 4)):
                    now = time.perf_counter()
                    with self._watch_lock:
                        overdue = [session for session, since in self._running_since.values()
                                   if now - since > self.timeout_s]
                        for session in overdue:
                            connection.exec_driver_sql(self.dialect.cancel_sql(session))
        except BaseException as err:  # handed to the caller like a worker's error
            if self.error is None:
                self.error = err
            self._stop.set()

    def _stop_all(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _run(self, index: int) -> None:
        rng = random.Random(f"online-worker:{index}")
        first = True
        try:
            while not self._stop.is_set():
                with connect(self.url, autocommit=True) as connection:
                    self._prepare(connection, index)
                    if first:
                        first = False
                        self._ready.wait()
                    self._loop(connection, index, rng)
        except BaseException as err:  # handed to the caller when the workload stops; the first one is the cause
            if self.error is None:
                self.error = err
            self._stop.set()
        finally:
            if first:
                self._ready.abort()

    def _prepare(self, connection: Connection, index: int) -> None:
        raw = connection.connection.dbapi_connection
        if raw is not None and hasattr(raw, "prepare_threshold"):
            # psycopg 3 prepares a statement on the server after its fifth run; after a column type change such a
            # statement fails with "cached plan must not change result type" for as long as the connection lives.
            # That depends on the driver, not on the migration, so the workload sends every query unprepared.
            raw.prepare_threshold = None
        # A setting the server refuses fails the run: an unbounded workload could wait out the whole check.
        for setting in self.dialect.session_settings(connection, self.timeout_s):
            connection.exec_driver_sql(setting)
        session = int(connection.exec_driver_sql(self.dialect.session_id_sql).scalar_one())
        self._sessions[session] = index
        self._session_of[index] = session

    def _loop(self, connection: Connection, index: int, rng: random.Random) -> None:
        """Run queries round-robin until stopped; return early when the connection broke (the caller reconnects)."""
        position = index
        while not self._stop.is_set():
            query = self.queries[position % len(self.queries)]
            position += 1
            params = self.values.draw(query, rng)
            self._current[index] = query.name
            started, clock = time.time(), time.perf_counter()
            error: str | None = None
            broken = False
            self._running_since[index] = (self._session_of[index], clock)
            try:
                result = connection.execute(text(query.sql), params)
                if result.returns_rows:
                    result.fetchall()
            except DBAPIError as err:
                error, broken = first_line(err), err.connection_invalidated
            finally:
                with self._watch_lock:
                    del self._running_since[index]
            self.runs.append(QueryRun(query.name, index, started, time.perf_counter() - clock, error))
            self._current[index] = ""
            if broken:
                return
            self._stop.wait(self.think_s)
