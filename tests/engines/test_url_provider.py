"""The URL provider on a real server: it drops only databases it created itself and never shows the password."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL

from harness.engines import EngineUnavailable, ScratchDatabaseError, Server, start_server
from harness.engines.url import UrlServer
from tests.engines.helpers import connected

PASSWORD = "Pw-" + secrets.token_hex(8)


@pytest.fixture
def account_url(server: Server) -> Iterator[URL]:
    """A URL with a password for `server`: a new MariaDB account, or (trust auth) the PostgreSQL superuser."""
    if server.dialect == "postgresql":
        yield server.url().set(password=PASSWORD)
        return
    user = "uh_user_" + secrets.token_hex(4)
    with connected(server, None) as connection:
        connection.exec_driver_sql(f"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'")
        connection.exec_driver_sql(f"GRANT ALL PRIVILEGES ON *.* TO '{user}'@'127.0.0.1'")
    try:
        yield server.url().set(drivername="mysql", username=user, password=PASSWORD)
    finally:
        with connected(server, None) as connection:
            connection.exec_driver_sql(f"DROP USER '{user}'@'127.0.0.1'")


def _exists(server: Server, name: str) -> bool:
    sql = {
        "postgresql": "SELECT COUNT(*) FROM pg_database WHERE datname = :n",
        "mysql": "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = :n",
    }[server.dialect]
    with connected(server, None) as connection:
        return bool(connection.execute(text(sql), {"n": name}).scalar_one())


def test_url_server_drops_only_its_own_databases(server: Server, account_url: URL) -> None:
    text_url = account_url.render_as_string(hide_password=False)
    foreign = server.create_database()  # scratch-named, but made by someone else
    with connected(server, None, autocommit=True) as connection:
        connection.exec_driver_sql(f"CREATE DATABASE keep_{foreign}")
    try:
        existing = start_server(text_url)
        assert isinstance(existing, UrlServer) and existing.provider == "url"
        assert existing.server_version == server.server_version
        assert PASSWORD not in f"{existing!r} {existing.spec!r} {existing.spec.name} {existing.detail}"
        own = existing.create_database()
        copy = existing.clone_database(own)
        left = existing.create_database()
        existing.drop_database(own)
        assert not _exists(server, own) and _exists(server, copy)
        for name in (foreign, f"keep_{foreign}"):
            with pytest.raises(ScratchDatabaseError) as refused:
                existing.drop_database(name)
            assert "refusing to drop" in str(refused.value) and PASSWORD not in str(refused.value)
        existing.stop()
        existing.stop()  # idempotent
        assert not _exists(server, copy) and not _exists(server, left)
        assert _exists(server, foreign) and _exists(server, f"keep_{foreign}")
    finally:
        with connected(server, None, autocommit=True) as connection:
            connection.exec_driver_sql(f"DROP DATABASE keep_{foreign}")
        server.drop_database(foreign)


def test_unreachable_url_is_unavailable_without_the_password(server: Server, account_url: URL) -> None:
    closed = account_url.set(port=1).render_as_string(hide_password=False)
    with pytest.raises(EngineUnavailable) as raised:
        start_server(closed)
    message = str(raised.value)
    assert "cannot connect to the server" in message
    assert PASSWORD not in message and PASSWORD not in repr(raised.value)
    assert "***" in raised.value.spec


def test_wrong_password_or_database_is_unavailable_without_the_password(server: Server, account_url: URL) -> None:
    wrong = account_url.set(database="uh_no_such_database")
    if server.dialect == "mysql":
        wrong = account_url.set(password=PASSWORD + "-wrong")
    with pytest.raises(EngineUnavailable) as raised:
        start_server(wrong.render_as_string(hide_password=False))
    assert PASSWORD not in str(raised.value)
    assert "\n" not in str(raised.value)
