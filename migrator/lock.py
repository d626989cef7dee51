"""Cluster-wide mutual exclusion between runners, held by the database server, never by a row.

Two named locks:
- the cluster lock, on a dedicated idle session: a killed runner's session closes at once, releasing it;
- the work lock, on the session that runs migration statements: a new runner takes it before touching anything, so
  a statement still running for a killed runner (the server finishes it even though its client is gone) completes
  before recovery looks at the database.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import URL

from migrator.dialects import Dialect
from migrator.session import Session

log = logging.getLogger("migrator")
POLL_S = 0.2


def take(session: Session, purpose: str) -> None:
    """Take the `purpose` lock on `session`, waiting as long as another session holds it."""
    dialect = session.dialect
    key = dialect.lock_key(purpose, session.server.database)
    if _taken(session.scalar(dialect.lock_try_sql, (key,))):
        return
    holder = session.scalar(dialect.lock_holder_sql, (key,))
    log.info(
        "waiting for the %s lock on %s, held by connection %s",
        purpose,
        session.server.database,
        holder if holder is not None else "(released meanwhile)",
    )
    while True:
        if dialect.lock_wait_sql is None:
            time.sleep(POLL_S * (0.5 + random.random()))
            taken = session.scalar(dialect.lock_try_sql, (key,))
        else:
            taken = session.scalar(dialect.lock_wait_sql, (key,))
        if _taken(taken):
            return


def _taken(value: object) -> bool:
    return value is not None and bool(value) and value != 0


@contextmanager
def cluster_lock(url: URL, dialect: Dialect) -> Iterator[Session]:
    """Hold the cluster lock for the duration of the block, on a session of its own."""
    session = Session(url, dialect)
    try:
        session.run_all(dialect.lock_session_sql)
        take(session, "cluster")
        yield session
    finally:
        session.close()
