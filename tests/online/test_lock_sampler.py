"""The lock sampler on real servers: a session waiting for a row lock another session holds is seen waiting, with
its holder, however often the sampler reads (InnoDB's lock views keep a snapshot that a reader polling more often
than every 0.1 s would never see refreshed)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from harness.db import connect
from harness.engines.server_api import Server
from harness.online.sampler import LockSampler
from harness.online.server_activity import SessionState, online_dialect


def _first_wait(sampler: LockSampler, session: int, polls: int = 500) -> SessionState | None:
    """The first sample of `session` waiting for a lock; polls are a bound for a broken sampler, not a timing."""
    for _ in range(polls):
        for sample in list(sampler.samples):
            for state in sample.sessions:
                if state.session == session and state.lock is not None:
                    return state
        time.sleep(0.02)
    return None


def test_a_row_lock_wait_is_seen_with_the_session_holding_the_lock(scratch_database: tuple[Server, str]) -> None:
    server, name = scratch_database
    url = server.url(name)
    dialect = online_dialect(server.dialect)
    with connect(url, autocommit=True) as setup:
        setup.execute(text("CREATE TABLE host (id int PRIMARY KEY, seen int NOT NULL)"))
        setup.execute(text("INSERT INTO host (id, seen) VALUES (1, 0), (2, 0)"))
    waiter_session: list[int] = []
    done = threading.Event()

    def wait_for_the_row() -> None:
        with connect(url, autocommit=True) as waiter:
            waiter_session.append(int(waiter.exec_driver_sql(dialect.session_id_sql).scalar_one()))
            waiter.execute(text("UPDATE host SET seen = 2 WHERE id = 1"))
        done.set()

    sampler = LockSampler(url, dialect, 0.02, lambda session: None)
    with sampler.running(), connect(url) as holder:
        holder_session = int(holder.exec_driver_sql(dialect.session_id_sql).scalar_one())
        holder.execute(text("UPDATE host SET seen = 1 WHERE id = 1"))  # the row stays locked until the rollback
        thread = threading.Thread(target=wait_for_the_row)
        thread.start()
        while not waiter_session:
            time.sleep(0.01)
        seen = _first_wait(sampler, waiter_session[0])
        holder.rollback()
        thread.join()
    assert done.is_set(), "the waiter got the row once the holder rolled back"
    assert seen is not None, "the sampler never saw the waiting session"
    assert seen.blockers == (holder_session,)
    assert seen.lock in ("a row lock", "a transactionid lock (ShareLock)")
    assert "UPDATE host SET seen = 2" in seen.statement
