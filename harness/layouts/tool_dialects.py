"""Dialect names as foreign tools spell them (directory names, file-name infixes) -> the harness's two dialects."""

from __future__ import annotations

from harness.dialects import Dialect

ToolDialect = str
"""A dialect as a foreign tool spells it (`postgres`, `pgx`, `mysql8`, `sqlite3`): a directory name or file-name
infix, mapped to a harness `Dialect` by `harness_dialect`."""

SUPPORTED: dict[ToolDialect, Dialect] = {
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

OTHER: frozenset[ToolDialect] = frozenset(
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


def harness_dialect(name: ToolDialect) -> Dialect | None:
    """`postgres` -> `postgresql`; None for a dialect the harness does not run (or an unknown name)."""
    return SUPPORTED.get(name.lower())


def is_dialect_name(name: ToolDialect) -> bool:
    return name.lower() in SUPPORTED or name.lower() in OTHER
