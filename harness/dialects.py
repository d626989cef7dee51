"""The harness's two dialects in one table: which one a URL, a backend, an engine family or a connection is, what
each can do, and how each quotes a name.

A dialect is what a migration script is written for: `postgresql`, or `mysql` for the whole MySQL family. MariaDB and
MySQL proper are two *variants* (engine families) of `mysql`; what differs between them is declared once, in
`VARIANTS`, and looked up by family (`variant_of`), never tested for with `"mariadb" in version` elsewhere.

Facts the migrator already declares about a database (transactional DDL, identifier quoting) are taken from its
dialect classes rather than written a second time: they are properties of the server, not of the runner.
Concern-specific SQL (catalog readers, lock samplers, clone and fault SQL) stays in its own room, one class per
dialect in a registry keyed by `Dialect`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import Connection
from sqlalchemy.engine import URL

from migrator.dialects import DIALECTS as RUNNER_DIALECTS
from migrator.dialects import Dialect as RunnerDialect

Dialect = Literal["postgresql", "mysql"]
"""What a migration script is written for: PostgreSQL, or the MySQL family (MySQL and MariaDB)."""

Family = Literal["postgresql", "mariadb", "mysql"]
"""An engine family: the server product; `mariadb` and `mysql` are the two variants of the `mysql` dialect."""

DIALECTS: tuple[Dialect, ...] = ("mysql", "postgresql")
"""Every dialect, in the order they are listed to users."""

FAMILIES: tuple[Family, ...] = get_args(Family)

_DIALECT_OF_NAME: dict[str, Dialect] = {"postgresql": "postgresql", "mysql": "mysql", "mariadb": "mysql"}
"""SQLAlchemy backend names and engine families (they are spelled alike) -> dialect."""


class UnknownDialect(ValueError):
    """A backend or family name that is neither PostgreSQL nor of the MySQL family."""


def dialect_of(source: str | URL | Connection) -> Dialect:
    """The dialect of a SQLAlchemy backend name or engine family (`postgresql`, `mysql`, `mariadb`), a URL
    (`mariadb+pymysql://…` -> `mysql`) or a connection. A `Server` and an `EngineSpec` say theirs (`.dialect`)."""
    if isinstance(source, URL):
        name = source.get_backend_name()
    elif isinstance(source, Connection):
        name = source.dialect.name
    else:
        name = source
    try:
        return _DIALECT_OF_NAME[name]
    except KeyError:
        known = ", ".join(_DIALECT_OF_NAME)
        raise UnknownDialect(f"{name!r} is not a database the harness runs; known: {known}") from None


@dataclass(frozen=True)
class DialectTraits:
    """What holds for every server of one dialect."""

    name: Dialect
    title: str  # how messages name it
    example_engine: str  # an engine spec to suggest to a user who needs one of this dialect
    schema_function: str  # SQL naming where unqualified names go: the current schema or database
    foreign_key_checks_off_sql: str  # this session's writes skip foreign-key checks (loading rows in any order)
    lock_timeout_sql: Callable[[float], tuple[str, ...]]  # this session gives up a lock wait after N seconds
    refresh_statistics_sql: str | None  # after a bulk load, so plans are a live database's (None: the server does it)
    runner: RunnerDialect  # the migrator's class for the same database: its quoting and transactional DDL
    column_type_sql: str  # information_schema.columns' full type text (only the MySQL family says `unsigned`)
    backslash_escapes: bool  # a backslash escapes in string literals (the MySQL family's default sql_mode)
    collation_per_column: bool  # values compare in their column's own collation (else mixed collations fail)

    @property
    def transactional_ddl(self) -> bool:
        """DDL can be rolled back, so a version's statements can share one transaction."""
        return self.runner.transactional_ddl

    def quote(self, identifier: str) -> str:
        """A table or column name, always quoted: `"name"` on PostgreSQL, `` `name` `` on the MySQL family."""
        return self.runner.quote(identifier)

    def string_literal(self, value: str) -> str:
        """`value` as a quoted SQL string literal this dialect reads back exactly."""
        escaped = value.replace("'", "''")
        if self.backslash_escapes:
            escaped = escaped.replace("\\", "\\\\")
        return f"'{escaped}'"


def _whole_seconds(seconds: float) -> int:
    return max(1, round(seconds))


TRAITS: dict[Dialect, DialectTraits] = {
    "postgresql": DialectTraits(
        name="postgresql",
        title="PostgreSQL",
        example_engine="postgresql@15",
        schema_function="current_schema()",
        foreign_key_checks_off_sql="SET session_replication_role = replica",
        refresh_statistics_sql="ANALYZE",
        lock_timeout_sql=lambda seconds: (f"SET lock_timeout = {max(1, round(seconds * 1000))}",),
        runner=RUNNER_DIALECTS["postgresql"],
        column_type_sql="''",
        backslash_escapes=False,
        collation_per_column=False,
    ),
    "mysql": DialectTraits(
        name="mysql",
        title="MySQL/MariaDB",
        example_engine="mariadb@10.11",
        schema_function="DATABASE()",
        foreign_key_checks_off_sql="SET FOREIGN_KEY_CHECKS = 0",
        refresh_statistics_sql=None,  # InnoDB's persistent statistics are recalculated as rows change
        # lock_wait_timeout bounds metadata-lock waits (DDL), innodb_lock_wait_timeout row-lock waits
        lock_timeout_sql=lambda seconds: (
            f"SET SESSION lock_wait_timeout = {_whole_seconds(seconds)}",
            f"SET SESSION innodb_lock_wait_timeout = {_whole_seconds(seconds)}",
        ),
        runner=RUNNER_DIALECTS["mysql"],
        column_type_sql="column_type",
        backslash_escapes=True,
        collation_per_column=True,
    ),
}


def traits(dialect: Dialect) -> DialectTraits:
    return TRAITS[dialect]


def quote(dialect: Dialect, identifier: str) -> str:
    """`identifier` quoted for `dialect` (always: the servers' reserved words outgrow any list of them)."""
    return TRAITS[dialect].quote(identifier)


def quote_identifier(connection: Connection, name: str) -> str:
    """A table or column name (as the catalog spells it) as SQL for `connection`'s server: always quoted.

    SQLAlchemy quotes only the words its own lists call reserved, and those lists lag the servers (MySQL 9
    reserves `external`, `library`, `tablesample`; PostgreSQL reserves `tablesample` too). A quoted name means
    what the catalog says, and SQLAlchemy itself already quotes every name an unquoted spelling would change.
    """
    return quote(dialect_of(connection), name)


@dataclass(frozen=True)
class Variant:
    """What differs between the engine families of one dialect (MariaDB and MySQL proper; PostgreSQL is alone)."""

    family: Family
    dialect: Dialect
    title: str
    statement_timeout_sql: Callable[[float], str]  # this session's statements are stopped after N seconds
    server_bounds_statements: bool  # that setting stops every kind of statement (MySQL's stops read-only SELECTs)
    column_default_is_expression: bool  # the catalog shows a column's default as SQL ('x', NULL), not as its value


VARIANTS: dict[Family, Variant] = {
    "postgresql": Variant(
        family="postgresql",
        dialect="postgresql",
        title="PostgreSQL",
        statement_timeout_sql=lambda seconds: f"SET statement_timeout = '{round(seconds * 1000)}ms'",
        server_bounds_statements=True,
        column_default_is_expression=True,
    ),
    "mariadb": Variant(
        family="mariadb",
        dialect="mysql",
        title="MariaDB",
        statement_timeout_sql=lambda seconds: f"SET SESSION max_statement_time = {seconds:g}",
        server_bounds_statements=True,
        column_default_is_expression=True,
    ),
    "mysql": Variant(
        family="mysql",
        dialect="mysql",
        title="MySQL",
        statement_timeout_sql=lambda seconds: f"SET SESSION max_execution_time = {max(1, round(seconds * 1000))}",
        server_bounds_statements=False,
        column_default_is_expression=False,
    ),
}


def family_of_version(dialect: Dialect, version: str) -> Family:
    """The engine family of a server of `dialect` whose version text (`SELECT VERSION()`, `mysqld --version`) is
    `version`: MariaDB says so in it (`10.11.6-MariaDB`), MySQL does not."""
    if dialect == "postgresql":
        return "postgresql"
    return "mariadb" if "mariadb" in version.lower() else "mysql"


def server_family(connection: Connection) -> Family:
    """The engine family of the server `connection` is on, as the server itself reports it."""
    dialect = dialect_of(connection)
    if dialect == "postgresql":
        return "postgresql"
    return family_of_version(dialect, str(connection.exec_driver_sql("SELECT VERSION()").scalar_one()))


def variant_of(connection: Connection) -> Variant:
    return VARIANTS[server_family(connection)]


__all__ = [
    "DIALECTS",
    "FAMILIES",
    "TRAITS",
    "VARIANTS",
    "Dialect",
    "DialectTraits",
    "Family",
    "UnknownDialect",
    "Variant",
    "dialect_of",
    "family_of_version",
    "quote",
    "quote_identifier",
    "server_family",
    "traits",
    "variant_of",
]
