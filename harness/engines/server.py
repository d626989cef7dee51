"""The one Server implementation: scratch databases over an admin connection; providers supply start and stop."""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from harness.dialects import Dialect
from harness.engines.ops import OPS, DatabaseOps
from harness.engines.server_api import SCRATCH_PREFIX, EngineError, EngineSpec, EngineUnavailable, Provider
from harness.engines.signals import GUARD
from harness.engines.specs import version_mismatch

_PREFIX = re.compile(r"^[a-z0-9_]{1,40}$")


class ScratchDatabaseError(EngineError):
    """A database operation was refused (not a scratch database) or failed on the server."""


def connect_args(url: URL, timeout_s: int) -> dict[str, object]:
    return {"connect_timeout": max(2, timeout_s)}


def admin_engine(url: URL, timeout_s: int = 5) -> Engine:
    """An autocommit engine for CREATE/DROP DATABASE; no pool, so nothing lingers on a template database."""
    return create_engine(
        url, poolclass=NullPool, isolation_level="AUTOCOMMIT", connect_args=connect_args(url, timeout_s)
    )


def scratch_name(prefix: str = SCRATCH_PREFIX) -> str:
    """`uh_` + prefix + random suffix; a prefix not starting with `uh_` gets it prepended so it stays droppable."""
    if not _PREFIX.match(prefix):
        raise ScratchDatabaseError(f"database name prefix {prefix!r} is invalid: use 1-40 characters of a-z, 0-9 and _")
    if not prefix.startswith(SCRATCH_PREFIX):
        prefix = SCRATCH_PREFIX + prefix
    return f"{prefix}{secrets.token_hex(5)}"


class SqlServer:
    """A running server reached through `admin_url`; `on_stop` releases whatever the provider started.

    While it runs, SIGTERM interrupts the process like Ctrl-C (interrupts.py), so the owner's `finally` stops it.
    """

    def __init__(
        self,
        spec: EngineSpec,
        provider: Provider,
        detail: str,
        admin_url: URL,
        on_stop: Callable[[], None] = lambda: None,
        ops: DatabaseOps | None = None,
        connect_timeout_s: int = 5,
    ) -> None:
        self.spec = spec
        self.provider = provider
        self.detail = detail
        self._admin_url = admin_url
        self._ops = ops or OPS[spec.dialect]
        self._engine = admin_engine(admin_url, connect_timeout_s)
        self._on_stop = on_stop
        self._lock = threading.Lock()
        self._created: set[str] = set()
        self._stopped = False
        try:
            with self._admin() as connection:
                self.server_version = self._ops.server_version(connection)
            mismatch = version_mismatch(spec, self.server_version)
            if mismatch is not None:
                raise EngineUnavailable(spec.name, f"{mismatch}; {detail} is not the server this spec asks for")
        except BaseException:
            self._engine.dispose()
            raise
        GUARD.hold()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec.name} ({self.provider}) {self.server_version}>"

    @property
    def dialect(self) -> Dialect:
        return self.spec.dialect

    @property
    def ops(self) -> DatabaseOps:
        """The SQL this server uses for database-level operations (and, for MySQL-family, how rows are copied)."""
        return self._ops

    @property
    def created_databases(self) -> frozenset[str]:
        """Scratch databases created here and not dropped yet."""
        return frozenset(self._created)

    def url(self, database: str | None = None) -> URL:
        if database is None:
            return self._admin_url
        return self._admin_url.set(database=database)

    @contextmanager
    def _admin(self) -> Iterator[Connection]:
        with self._engine.connect() as connection:
            yield connection

    def _run(self, what: str, action: Callable[[Connection], None]) -> None:
        if self._stopped:
            raise ScratchDatabaseError(f"{self.spec.name}: cannot {what}: the server was stopped")
        try:
            with self._admin() as connection:
                action(connection)
        except DBAPIError as err:
            raise ScratchDatabaseError(f"{self.spec.name}: cannot {what}: {err.orig}") from err
        except OSError as err:  # a local clone copies tablespace files
            raise ScratchDatabaseError(f"{self.spec.name}: cannot {what}: {err}") from err

    def create_database(self, prefix: str = SCRATCH_PREFIX) -> str:
        name = scratch_name(prefix)
        with self._lock:
            self._created.add(name)
        self._run(f"create database {name}", lambda c: self._ops.create(c, name))
        return name

    def clone_database(self, source: str, prefix: str = SCRATCH_PREFIX) -> str:
        name = scratch_name(prefix)
        with self._lock:
            self._created.add(name)
        try:
            self._run(f"clone database {source} into {name}", lambda c: self._ops.clone(c, source, name))
        except BaseException:
            # A half-made copy (MySQL-family clones are not atomic) must not linger.
            self.drop_database(name)
            raise
        return name

    def drop_database(self, name: str) -> None:
        self._check_droppable(name)
        self._run(f"drop database {name}", lambda c: self._ops.drop(c, name))
        with self._lock:
            self._created.discard(name)

    def _check_droppable(self, name: str) -> None:
        if not name.startswith(SCRATCH_PREFIX):
            raise ScratchDatabaseError(
                f"{self.spec.name}: refusing to drop database {name!r}: only scratch databases "
                f"(named {SCRATCH_PREFIX}...) created by the harness are ever dropped"
            )

    def stop(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        try:
            self._engine.dispose()
        finally:
            try:
                self._on_stop()
            finally:
                GUARD.release()

    def __enter__(self) -> SqlServer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()
