"""The statement timeout where the server does not enforce it for every statement (MySQL family).

A timer armed around each migration statement cancels it from a second connection when it runs too long, and the
statement then fails with the dialect's timeout code, whatever the server answered to the cancel (an interrupted
`SLEEP()` returns normally; interrupted DDL fails with "query execution was interrupted").
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

from migrator.errors import DatabaseError
from migrator.session import Session

log = logging.getLogger("migrator")


class StatementWatchdog:
    def __init__(self, session: Session, timeout_s: float) -> None:
        self.session = session
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._armed = False
        self._fired = False
        self._session_id: tuple[int, int] | None = None  # (reconnect count, id): a new connection has a new id

    @classmethod
    def for_session(cls, session: Session, timeout_s: float | None) -> StatementWatchdog | None:
        """A watchdog when a timeout is set and the server does not bound every statement by itself."""
        if timeout_s is None or session.dialect.server_bounds_statements:
            return None
        return cls(session, timeout_s)

    def _current_id(self) -> int:
        if self._session_id is None or self._session_id[0] != self.session.reconnects:
            self._session_id = (self.session.reconnects, int(self.session.scalar(self.session.dialect.session_id_sql)))
        return self._session_id[1]

    @contextlib.contextmanager
    def guard(self, sql: str) -> Iterator[None]:
        """Run the block as one statement bounded by the timeout; raises DatabaseError when it was stopped."""
        session_id = self._current_id()
        timer = threading.Timer(self.timeout_s, self._cancel, args=(session_id,))
        timer.daemon = True
        with self._lock:
            self._armed, self._fired = True, False
        timer.start()
        try:
            yield
        except DatabaseError as err:
            if self._disarm(timer):
                raise self._timeout(sql) from err
            raise
        if self._disarm(timer):
            raise self._timeout(sql)

    def _disarm(self, timer: threading.Timer) -> bool:
        timer.cancel()
        # Taking the lock waits for a cancel in flight, so it can never reach the connection's next statement.
        with self._lock:
            self._armed = False
            return self._fired

    def _cancel(self, session_id: int) -> None:
        with self._lock:
            if not self._armed:
                return
            self._fired = True
            try:
                canceller = Session(self.session.url, self.session.dialect)
                try:
                    canceller.run(self.session.dialect.cancel_sql(session_id))
                finally:
                    canceller.close()
            except DatabaseError as err:
                log.warning("could not stop the statement past its timeout: %s", err)

    def _timeout(self, sql: str) -> DatabaseError:
        return DatabaseError(
            f"the statement ran longer than the statement timeout ({self.timeout_s:g} s) and was stopped",
            self.session.dialect.statement_timeout_code(self.session.server), sql,
        )
