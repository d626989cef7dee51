"""The one API every database server offers the harness, whatever provides it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from sqlalchemy.engine import URL

from harness.dialects import Dialect, Family, dialect_of

Provider = Literal["local", "docker", "url"]

SCRATCH_PREFIX = "uh_"
"""Every database the harness creates starts with this; only such databases are ever dropped."""


class EngineError(Exception):
    """Bad engine input or environment: the CLI prints the message and exits 2."""


class EngineSpecError(EngineError):
    """The engine spec cannot be understood (unknown family, unsupported version, malformed URL)."""


class EngineUnavailable(EngineError):
    """The engine is valid but cannot run here; `reason` says what to install or start."""

    def __init__(self, spec: str, reason: str) -> None:
        super().__init__(f"{spec}: {reason}")
        self.spec = spec
        self.reason = reason


@dataclass(frozen=True)
class EngineSpec:
    """`postgresql@15`, `mariadb@10.11:local`, or an existing server's URL."""

    text: str
    family: Family
    version: str
    provider: Provider | None = None
    url: URL | None = None

    @property
    def dialect(self) -> Dialect:
        return dialect_of(self.family)

    @property
    def name(self) -> str:
        """The spec without its provider suffix, as used in test ids and reports.

        A URL is named by its backend (`mysql://user:***@host:3306/db`), without the driver the harness connects
        through, and never with its password.
        """
        if self.url is not None:
            return self.url.set(drivername=self.url.get_backend_name()).render_as_string(hide_password=True)
        return f"{self.family}@{self.version}"

    @property
    def text_without_password(self) -> str:
        if self.url is None:
            return self.text
        return self.url.render_as_string(hide_password=True)


@runtime_checkable
class Server(Protocol):
    """A running database server the harness may create, clone and drop scratch databases on."""

    spec: EngineSpec
    provider: Provider
    server_version: str
    detail: str  # binary path, image name or host — shown by `upgrade-harness engines`

    @property
    def dialect(self) -> Dialect: ...

    def url(self, database: str | None = None) -> URL:
        """URL with credentials for `database` (the server's default database when None)."""
        ...

    def create_database(self, prefix: str = SCRATCH_PREFIX) -> str:
        """Create an empty, uniquely named database and return its name."""
        ...

    def clone_database(self, source: str, prefix: str = SCRATCH_PREFIX) -> str:
        """Create a uniquely named copy (schema and data) of `source` and return its name."""
        ...

    def drop_database(self, name: str) -> None:
        """Drop a database this harness created; refuses names without the scratch prefix."""
        ...

    def stop(self) -> None:
        """Drop what this harness created (url provider) or stop the server (local, docker). Idempotent."""
        ...
