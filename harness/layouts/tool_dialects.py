"""Dialect names as foreign tools spell them (directory names, file-name infixes) -> the harness's two dialects."""

from __future__ import annotations

DIALECTS = ("mysql", "postgresql")
"""The harness's two dialects: the MySQL family and PostgreSQL."""

SUPPORTED: dict[str, str] = {
    "mysql": "mysql",
    "mariadb": "mysql",
    "mysql8": "mysql",
    "postgres": "postgresql",
    "postgresql": "postgresql",
    "pgx": "postgresql",
    "pg": "postgresql",
    "pgsql": "postgresql",
}
"""Spellings the harness can verify, mapped to `mysql` (the MySQL family) or `postgresql`."""

OTHER: frozenset[str] = frozenset(
    {
        "sqlite",
        "sqlite3",
        "cockroach",
        "cockroachdb",
        "crdb",
        "mssql",
        "sqlserver",
        "clickhouse",
        "spanner",
        "snowflake",
        "oracle",
        "h2",
        "hsqldb",
        "redshift",
        "firebird",
        "cassandra",
        "yugabyte",
        "tidb",
        "db2",
    }
)
"""Dialects foreign histories carry that no engine here runs: recognised (so the layout is), then set aside."""


def harness_dialect(name: str) -> str | None:
    """`postgres` -> `postgresql`; None for a dialect the harness does not run (or an unknown name)."""
    return SUPPORTED.get(name.lower())


def is_dialect_name(name: str) -> bool:
    return name.lower() in SUPPORTED or name.lower() in OTHER
