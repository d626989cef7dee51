"""Helpers for the runner's tests: the sample history, seeds, independent catalog and data snapshots, the CLI.

Snapshots here use their own catalog queries (information_schema, pg_indexes), not the runner's, so a bug in the
runner's inspection cannot hide a bug in its migrations.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.pool import NullPool

from harness.engines import Server
from migrator import load_source

HISTORIES = Path(__file__).parent / "histories"
ACCOUNTS = HISTORIES / "accounts"
VERSIONS = ("v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v2.0.0")
HEAD = VERSIONS[-1]
REPO = Path(__file__).resolve().parents[2]
RUNNER_TABLES = ("schema_migrations", "schema_migrations_history", "schema_migrations_journal")


@dataclass(frozen=True)
class Database:
    """A scratch database of a test: its server, name, URL (with credentials) and dialect."""

    server: Server
    name: str
    url: URL
    dialect: str


@contextmanager
def connect(url: URL) -> Iterator[Connection]:
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def rows(url: URL, sql: str, **params: object) -> list[tuple[Any, ...]]:
    with connect(url) as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def execute(url: URL, *statements: str) -> None:
    with connect(url) as connection:
        for sql in statements:
            connection.exec_driver_sql(sql)


# -- snapshots ------------------------------------------------------------------------------------------------------

_HERE = {"postgresql": "table_schema = current_schema()", "mysql": "table_schema = DATABASE()"}
_INDEXES = {
    "postgresql": "SELECT i.tablename, i.indexname, i.indexdef, x.indisvalid FROM pg_indexes i "
    "JOIN pg_class c ON c.relname = i.indexname JOIN pg_namespace n ON n.oid = c.relnamespace "
    "AND n.nspname = i.schemaname JOIN pg_index x ON x.indexrelid = c.oid "
    "WHERE i.schemaname = current_schema()",
    "mysql": "SELECT table_name, index_name, GROUP_CONCAT(column_name ORDER BY seq_in_index), MIN(non_unique) "
    "FROM information_schema.statistics WHERE table_schema = DATABASE() GROUP BY table_name, index_name",
}


@dataclass(frozen=True)
class DatabaseState:
    """Schema (columns, indexes), data (every row of every table) and the runner's version rows."""

    columns: tuple[tuple[str, ...], ...]
    indexes: tuple[tuple[str, ...], ...]
    data: dict[str, tuple[tuple[str, ...], ...]]
    versions: tuple[tuple[str, ...], ...]


def schema_state(url: URL, dialect: str) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """Columns (table, column, type, length, nullable, default) and indexes, without the runner's tables.

    Column order is left out: PostgreSQL cannot put back a column at its old position after an undo drops it.
    """
    runner = ", ".join(f"'{t}'" for t in RUNNER_TABLES)
    columns = rows(
        url,
        "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default "
        f"FROM information_schema.columns WHERE {_HERE[dialect]} AND table_name NOT IN ({runner})",
    )
    indexes = [r for r in rows(url, _INDEXES[dialect]) if not str(r[0]).startswith("schema_migrations")]
    return _normal(columns), _normal(indexes)


def data_state(url: URL, dialect: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    runner = ", ".join(f"'{t}'" for t in RUNNER_TABLES)
    tables = rows(
        url,
        f"SELECT table_name FROM information_schema.tables WHERE {_HERE[dialect]} AND table_name NOT IN ({runner}) "
        "AND table_type = 'BASE TABLE'",
    )
    return {str(t[0]): _table_rows(url, str(t[0])) for t in tables}


def _table_rows(url: URL, table: str) -> tuple[tuple[str, ...], ...]:
    """Every row as values in column-name order (an undo may put a column back at another position)."""
    with connect(url) as connection:
        result = connection.exec_driver_sql(f"SELECT * FROM {table}")
        names = list(result.keys())
        order = sorted(range(len(names)), key=lambda i: names[i])
        return _normal([tuple(f"{names[i]}={row[i]}" for i in order) for row in result])


def column(table_rows: tuple[tuple[str, ...], ...], name: str) -> list[str]:
    """The values of column `name` in rows from `data_state`, in row order."""
    prefix = f"{name}="
    return [next(v[len(prefix) :] for v in row if v.startswith(prefix)) for row in table_rows]


def version_rows(url: URL) -> tuple[tuple[str, ...], ...]:
    return _normal(rows(url, "SELECT version, description, checksum, installed_by, status FROM schema_migrations"))


def state(url: URL, dialect: str) -> DatabaseState:
    columns, indexes = schema_state(url, dialect)
    return DatabaseState(columns, indexes, data_state(url, dialect), version_rows(url))


def history(url: URL) -> list[tuple[str, str, str, Any, Any, Any]]:
    return [
        (str(r[0]), str(r[1]), str(r[2]), r[3], r[4], r[5])
        for r in rows(
            url, "SELECT version, operation, status, step, statement, error FROM schema_migrations_history ORDER BY id"
        )
    ]


def _normal(found: list[tuple[Any, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(tuple("" if v is None else str(v) for v in row) for row in found))


# -- seeds ----------------------------------------------------------------------------------------------------------

ACCOUNTS_ROWS = [(1, "ann", 3, "ann@example.org"), (2, "bob", 0, ""), (3, "cy", 7, "cy@example.org"), (4, "dee", 3, "")]
EVENTS_ROWS = [(1, 1, "login"), (2, 1, "debug"), (3, 2, "login"), (4, 3, "debug"), (5, 4, "logout")]


def seed(url: URL, version: str) -> None:
    """Rows as the application writes them at `version` (a fresh install of `version`, then usage)."""
    at = VERSIONS.index(version)
    statements = []
    for account_id, name, group, email in ACCOUNTS_ROWS:
        values = {"id": str(account_id), "name": f"'{name}'"}
        if at < 4:
            values["group_id"] = str(group if at < 2 else 0)
        if at >= 1:
            values["email"] = f"'{email}'"
        if at >= 2:
            values["status"] = "'dormant'" if not email else "'active'"
        statements.append(f"INSERT INTO accounts ({', '.join(values)}) VALUES ({', '.join(values.values())})")
        if at >= 2 and group:
            statements.append(f"INSERT INTO account_groups (account_id, group_id) VALUES ({account_id}, {group})")
    for event_id, account_id, kind in EVENTS_ROWS:
        if at >= 4 and kind == "debug":
            statements.append(
                f"INSERT INTO events_archive (id, account_id, kind) VALUES ({event_id}, {account_id}, '{kind}')"
            )
            continue
        values = {"id": str(event_id), "account_id": str(account_id), "kind": f"'{kind}'"}
        if at == 3:
            values["created_at"] = str(event_id * 1000)
        statements.append(f"INSERT INTO events ({', '.join(values)}) VALUES ({', '.join(values.values())})")
    execute(url, *statements)


# -- history copies -------------------------------------------------------------------------------------------------


def copy_history(directory: Path, versions: tuple[str, ...] = VERSIONS) -> Path:
    target = directory / "migrations"
    target.mkdir()
    for version in versions:
        shutil.copytree(ACCOUNTS / version, target / version)
    return target


def replace_step(migrations: Path, version: str, dialect: str, step: int, new_sql: str) -> str:
    """Replace the forward statement of `step` in a copy; returns the statement it replaced."""
    script = load_source(migrations).get(version).for_dialect(dialect)
    old = script.steps[step - 1].forward.sql
    assert script.upgrade_path is not None
    text = script.upgrade_path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not unique in {script.upgrade_path}"
    script.upgrade_path.write_text(text.replace(old, new_sql), encoding="utf-8")
    return old


# -- command line ---------------------------------------------------------------------------------------------------


def url_text(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def cli_command(url: URL, migrations: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "migrator", "--url", url_text(url), "--migrations", str(migrations), *args]


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def run_cli(
    url: URL, migrations: Path, *args: str, timeout: float = 120, columns: int | None = None
) -> subprocess.CompletedProcess[str]:
    """The command's result; `columns` sets the terminal width it is told of (COLUMNS), else it inherits ours."""
    env = cli_env() if columns is None else {**cli_env(), "COLUMNS": str(columns)}
    return subprocess.run(
        cli_command(url, migrations, *args), capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
