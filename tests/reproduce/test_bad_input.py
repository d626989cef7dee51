"""Bad input or environment: exit 2 with exactly one message on stderr, naming what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path

from harness.engines import Server
from tests.reproduce.helpers import DUMPS, engine_url, run_reproduce


def _one_message(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("upgrade-harness: error: ")
    return lines[0]


def test_a_missing_dump(tmp_path: Path) -> None:
    result = run_reproduce("--dump", str(tmp_path / "customer.sql"), "--engine", "postgresql@15")
    assert result.exit_code == 2
    assert "customer.sql: no such file" in _one_message(result.stderr)
    assert result.stdout == ""


def test_a_dump_of_another_product(mariadb_server: Server) -> None:
    result = run_reproduce("--dump", str(DUMPS / "other-product.mariadb.sql"), "--engine", engine_url(mariadb_server))
    assert result.exit_code == 2
    message = _one_message(result.stderr)
    assert "not a database of this scenario's product" in message
    assert "check --scenario" in message


def test_a_dump_of_the_other_dialect(tmp_path: Path) -> None:
    result = run_reproduce("--dump", str(DUMPS / "other-product.mariadb.sql"), "--engine", "postgresql@15")
    assert result.exit_code == 2
    message = _one_message(result.stderr)
    assert "is a mysqldump dump of a MySQL/MariaDB database" in message
    assert "--engine mariadb@10.11" in message


def test_an_engine_that_cannot_run_here() -> None:
    # Nothing listens on port 1: the engine is valid but unavailable.
    result = run_reproduce("--dump", str(DUMPS / "other-product.mariadb.sql"),
                           "--engine", "mysql://root:secret@127.0.0.1:1/mysql")
    assert result.exit_code == 2
    message = _one_message(result.stderr)
    assert "cannot connect to the server" in message
    assert "secret" not in result.stderr


def test_an_engine_spec_that_is_not_understood() -> None:
    result = run_reproduce("--dump", str(DUMPS / "other-product.mariadb.sql"), "--engine", "oracle@19")
    assert result.exit_code == 2
    assert "unknown database family 'oracle'" in _one_message(result.stderr)


def test_mask_without_a_bundle() -> None:
    result = run_reproduce("--dump", str(DUMPS / "other-product.mariadb.sql"), "--engine", "mariadb@10.11", "--mask")
    assert result.exit_code == 2
    assert "--bundle" in _one_message(result.stderr)
