"""An existing server given by URL (e.g. a CI service container): the harness only adds and removes its own databases.

A database is dropped only if this process created it (scratch prefix plus a random suffix, remembered here);
`stop()` drops the ones still left and leaves the server running.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from harness.engines.server import ScratchDatabaseError, SqlServer
from harness.engines.server_api import EngineSpec, EngineUnavailable

CONNECT_TIMEOUT_S = 5


class UrlServer(SqlServer):
    def _check_droppable(self, name: str) -> None:
        super()._check_droppable(name)
        if name not in self.created_databases:
            raise ScratchDatabaseError(
                f"{self.spec.name}: refusing to drop database {name!r}: it was not created by this run "
                "(on an existing server only databases the harness created itself are dropped)"
            )

    def stop(self) -> None:
        errors: list[str] = []
        for name in sorted(self.created_databases):
            try:
                self.drop_database(name)
            except ScratchDatabaseError as err:
                errors.append(str(err))
        super().stop()
        if errors:
            raise ScratchDatabaseError("; ".join(errors))


def without_password(message: str, password: str | None) -> str:
    """Driver messages do not quote passwords today; this keeps it that way whatever the driver does."""
    message = " ".join(message.split())  # driver messages span lines; a reason is one line
    return message.replace(password, "***") if password else message


def start(spec: EngineSpec) -> UrlServer:
    assert spec.url is not None, "the url provider needs a spec parsed from a URL"
    url = spec.url
    detail = f"{url.host}:{url.port}" if url.port else str(url.host)
    try:
        return UrlServer(spec, "url", detail, url, connect_timeout_s=CONNECT_TIMEOUT_S)
    except DBAPIError as err:
        reason = without_password(str(err.orig), url.password if isinstance(url.password, str) else None)
        raise EngineUnavailable(
            spec.name,
            f"cannot connect to the server ({reason}); check that it is running and reachable, "
            "and the user, password and database in the URL",
        ) from None
