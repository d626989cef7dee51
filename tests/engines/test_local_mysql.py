"""MySQL proper from a root filesystem: found where documented, run unprivileged, checked against its spec."""

from __future__ import annotations

import os
import pwd
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from harness.engines import EngineUnavailable, Server, SqlServer, local_mysql, parse_spec, start_server
from harness.engines.availability import local_availability
from harness.engines.local_mysql import ROOT_VARIABLE, find_install, install_hint
from harness.engines.specs import known_engine, version_mismatch
from tests.engines.helpers import connected

MYSQL = "mysql@9.7:local"


@pytest.fixture(scope="module")
def mysql_server(engine_server: Callable[[str], Server]) -> Server:
    return engine_server(MYSQL)


def test_the_server_is_mysql_9_7_run_by_an_unprivileged_account(mysql_server: Server) -> None:
    assert mysql_server.provider == "local"
    with connected(mysql_server, None) as connection:
        version = str(connection.exec_driver_sql("SELECT VERSION()").scalar_one())
        comment = str(connection.exec_driver_sql("SELECT @@version_comment").scalar_one())
        pid_file = str(connection.exec_driver_sql("SELECT @@pid_file").scalar_one())
        lock_waits = connection.exec_driver_sql(
            "SELECT COUNT(*) FROM performance_schema.data_lock_waits"
        ).scalar_one()
    assert version.startswith("9.7.") and "mariadb" not in comment.lower()
    assert lock_waits == 0  # performance_schema is on: the online checks read row-lock waits from it
    server_pid = int(Path(pid_file).read_text().strip())
    owner = os.stat(f"/proc/{server_pid}").st_uid
    assert owner != 0, f"mysqld runs as {pwd.getpwuid(owner).pw_name}"


def test_reserved_words_of_mysql_9_are_reserved_there(mysql_server: Server) -> None:
    with connected(mysql_server, None) as connection:
        reserved = {
            str(word).lower() for (word,) in connection.exec_driver_sql(
                "SELECT WORD FROM information_schema.KEYWORDS WHERE RESERVED = 1"
            )
        }
    assert {"external", "library", "tablesample"} <= reserved


def test_a_spec_answered_by_another_version_is_refused(mysql_server: Server) -> None:
    with pytest.raises(EngineUnavailable, match=r"reports mysql 9\.7\.\d+ .*not mysql 8\.4"):
        SqlServer(parse_spec("mysql@8.4"), "local", "test", mysql_server.url())
    with pytest.raises(EngineUnavailable, match=r"reports mysql 9\.7\.\d+ .*not mariadb 10\.11"):
        SqlServer(parse_spec("mariadb@10.11"), "local", "test", mysql_server.url())


@pytest.mark.parametrize(
    ("spec", "reported", "expected"),
    [
        ("mysql@9.7", "9.7.4-2", None),
        ("mysql@8.4", "8.4.3", None),
        ("mysql@8.4", "9.7.4-2", "the server reports mysql 9.7.4 ('9.7.4-2'), not mysql 8.4"),
        ("mysql@8.0", "8.0", None),
        ("mysql@8.0", "8.0.40-0ubuntu0.24.04.1", None),
        ("mysql@8.0", "8.01.2", "the server reports mysql 8.01.2 ('8.01.2'), not mysql 8.0"),
        ("mysql@8.0", "10.11.19-MariaDB-0+deb12u1", "the server reports mariadb 10.11.19"),
        ("mariadb@10.11", "10.11.19-MariaDB-0+deb12u1", None),
        ("mariadb@10.11", "8.0.36", "the server reports mysql 8.0.36"),
        ("postgresql@15", "15.18", None),
        ("postgresql@15", "18.1 (Debian 18.1-1)", "the server reports postgresql 18.1"),
        ("mysql://root@127.0.0.1/x", "9.7.4", None),
    ],
)
def test_version_mismatch(spec: str, reported: str, expected: str | None) -> None:
    found = version_mismatch(parse_spec(spec), reported)
    if expected is None:
        assert found is None
    else:
        assert found is not None and found.startswith(expected), found


def test_a_root_named_by_the_variable_is_used_for_its_version_only(
    mysql_server: Server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    found = find_install("9.7")
    assert found is not None and found.root is not None
    monkeypatch.setenv(ROOT_VARIABLE, f"{tmp_path / 'missing'}{os.pathsep}{found.root}")
    assert find_install("9.7") == found
    assert find_install("8.4") is None or find_install("8.4") != found
    hint = install_hint("8.4")
    assert f"{tmp_path / 'missing'}: does not exist" in hint
    assert f"{found.server}: MySQL {found.version}, not 8.4" in hint
    assert ROOT_VARIABLE in hint
    with pytest.raises(EngineUnavailable, match=r"no local MySQL 8\.4"):
        start_server("mysql@8.4:local")


def test_engines_says_where_it_looked_and_what_to_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-root"
    empty.mkdir()
    monkeypatch.setenv(ROOT_VARIABLE, str(empty))
    monkeypatch.setattr(local_mysql, "ROOTFS_CACHE", tmp_path / "cache")
    local = local_availability(known_engine("mysql", "9.7"))
    assert isinstance(local, str)
    assert f"{empty}: no usr/sbin/mysqld" in local
    assert f"{tmp_path / 'cache' / 'mysql-9.7'}: does not exist" in local
    assert ".ci/build-mysql-rootfs" in local and ROOT_VARIABLE in local



def test_a_password_account_authenticates_with_caching_sha2_without_tls(mysql_server: Server) -> None:
    """MySQL 8+'s default authentication sends the password RSA-encrypted on a plain connection: PyMySQL needs
    `cryptography` for that (a dependency of the project)."""
    user = "uh_sha2_user"
    with connected(mysql_server, None, autocommit=True) as admin:
        admin.exec_driver_sql(f"DROP USER IF EXISTS '{user}'@'127.0.0.1'")
        admin.exec_driver_sql(f"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY 'S3cret-pw'")
        plugin = admin.exec_driver_sql(f"SELECT plugin FROM mysql.user WHERE user = '{user}'").scalar_one()
    assert plugin == "caching_sha2_password"
    engine = create_engine(mysql_server.url().set(username=user, password="S3cret-pw"), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT CURRENT_USER()").scalar_one() == f"{user}@127.0.0.1"
    finally:
        engine.dispose()
        with connected(mysql_server, None, autocommit=True) as admin:
            admin.exec_driver_sql(f"DROP USER '{user}'@'127.0.0.1'")
