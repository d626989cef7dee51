"""PostgreSQL: transactional DDL, advisory locks, SET LOCAL timeouts, catalog queries on pg_catalog."""

from __future__ import annotations

from typing import Any, ClassVar

from migrator.dialects.base import (
    RUNNER_TABLES_SQL,
    Dialect,
    ServerInfo,
    Timeouts,
    seconds_to_ms,
    stable_bigint,
)
from migrator.source import Statement

_IN_SCHEMA = "n.nspname = current_schema()"
_NOT_RUNNER = f"c.relname NOT IN ({RUNNER_TABLES_SQL}, 'schema_migrations_history_id_seq')"
_TABLE_NOT_RUNNER = f"t.relname NOT IN ({RUNNER_TABLES_SQL})"


class PostgreSQL(Dialect):
    name = "postgresql"
    default_driver = "psycopg"
    transactional_ddl = True
    # lock_not_available (lock_timeout) and deadlock_detected: waiting on other sessions, worth a retry.
    lock_timeout_codes = frozenset({"55P03", "40P01"})
    now_sql = "clock_timestamp()"
    lock_try_sql = "SELECT pg_try_advisory_lock(%s)"
    # Never wait inside a statement: a waiting statement holds a snapshot, and CREATE INDEX CONCURRENTLY run by the
    # lock holder waits for every snapshot older than its own to go away, so holder and waiter would wait forever.
    lock_wait_sql = None
    lock_holder_sql = (
        "SELECT string_agg(pid::text, ', ') FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = %s"
    )
    lock_session_sql = ("SET lock_timeout = 0", "SET statement_timeout = 0")
    server_sql = "SELECT current_setting('server_version_num'), current_database(), current_schema()"
    runner_tables_present_sql = (
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE {_IN_SCHEMA} AND c.relkind IN ('r', 'p') AND c.relname IN ({RUNNER_TABLES_SQL})"
    )
    user_objects_sql = (
        "SELECT c.relname, c.relkind IN ('v', 'm') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE {_IN_SCHEMA} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {_NOT_RUNNER} ORDER BY 1"
    )
    fingerprint_sql: ClassVar[tuple[str, ...]] = (
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE {_IN_SCHEMA} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND {_NOT_RUNNER} ORDER BY 1, 2",
        "SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
        "pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        f"WHERE {_IN_SCHEMA} AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
        f"AND {_NOT_RUNNER} ORDER BY 1, 2",
        # indisvalid/indisready: a failed CREATE INDEX CONCURRENTLY leaves an invalid index behind.
        "SELECT t.relname, i.relname, x.indisvalid, x.indisready, pg_get_indexdef(x.indexrelid) FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        f"JOIN pg_namespace n ON n.oid = t.relnamespace WHERE {_IN_SCHEMA} AND {_TABLE_NOT_RUNNER} ORDER BY 1, 2",
        "SELECT t.relname, co.conname, co.convalidated, pg_get_constraintdef(co.oid) FROM pg_constraint co "
        "JOIN pg_class t ON t.oid = co.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
        f"WHERE {_IN_SCHEMA} AND {_TABLE_NOT_RUNNER} ORDER BY 1, 2",
        "SELECT ty.typname, e.enumsortorder::text, e.enumlabel FROM pg_enum e JOIN pg_type ty ON ty.oid = e.enumtypid "
        "JOIN pg_namespace n ON n.oid = ty.typnamespace WHERE n.nspname = current_schema() ORDER BY 1, 2",
        "SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE {_IN_SCHEMA} AND c.relkind IN ('v', 'm') ORDER BY 1",
        "SELECT tg.tgname, pg_get_triggerdef(tg.oid) FROM pg_trigger tg JOIN pg_class t ON t.oid = tg.tgrelid "
        f"JOIN pg_namespace n ON n.oid = t.relnamespace WHERE {_IN_SCHEMA} AND NOT tg.tgisinternal ORDER BY 1, 2",
        "SELECT p.proname, pg_get_function_identity_arguments(p.oid), md5(coalesce(p.prosrc, '')) FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() ORDER BY 1, 2",
    )
    snapshot_tables_sql = (
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND {_NOT_RUNNER} ORDER BY 1"
    )
    snapshot_columns_sql = (
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, "
        "pg_get_expr(d.adbin, d.adrelid), CASE WHEN a.attidentity <> '' THEN 'identity ' || a.attidentity::text "
        "WHEN a.attgenerated <> '' THEN 'generated' ELSE '' END "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        f"WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND {_NOT_RUNNER} "
        "ORDER BY 1, a.attnum"
    )
    snapshot_indexes_sql = (
        "SELECT t.relname, i.relname, x.indisunique, x.indisprimary, "
        "array_to_string(ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) "
        "FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k), ', '), "
        "am.amname || coalesce(' WHERE ' || pg_get_expr(x.indpred, x.indrelid, true), '') "
        "|| CASE WHEN x.indisvalid THEN '' ELSE ' (INVALID)' END "
        "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam "
        f"WHERE n.nspname = %s AND {_TABLE_NOT_RUNNER} ORDER BY 1, 2"
    )
    sandbox_in_transaction = True
    session_id_sql = "SELECT pg_backend_pid()"

    def runner_tables_sql(self) -> tuple[str, ...]:
        return (
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version varchar(64) NOT NULL PRIMARY KEY,"
            " description varchar(255) NOT NULL,"
            " checksum char(64) NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,"
            " execution_ms bigint NOT NULL,"
            " installed_by varchar(128) NOT NULL,"
            " status varchar(16) NOT NULL)",
            "CREATE TABLE IF NOT EXISTS schema_migrations_history ("
            " id bigserial PRIMARY KEY,"
            " attempt char(32) NOT NULL UNIQUE,"
            " version varchar(64) NOT NULL,"
            " operation varchar(16) NOT NULL,"
            " status varchar(16) NOT NULL,"
            " checksum char(64) NULL,"
            " started_at timestamptz NOT NULL DEFAULT clock_timestamp(),"
            " finished_at timestamptz NULL,"
            " execution_ms bigint NULL,"
            " installed_by varchar(128) NOT NULL,"
            " step integer NULL,"
            " statement text NULL,"
            " error text NULL,"
            " detail text NULL)",
            "CREATE TABLE IF NOT EXISTS schema_migrations_journal ("
            " version varchar(64) NOT NULL,"
            " step integer NOT NULL,"
            " attempt char(32) NOT NULL,"
            " phase varchar(8) NOT NULL,"
            " position integer NOT NULL,"
            " fingerprint char(64) NULL,"
            " statement text NOT NULL,"
            " undo_sql text NOT NULL,"
            " PRIMARY KEY (version, step))",
        )

    def in_transaction(self, statement: Statement, nontransactional: bool) -> bool:
        return not nontransactional

    def session_sql(self, server: ServerInfo, timeouts: Timeouts) -> tuple[str, ...]:
        # From 14 on, the server notices a vanished client during a long statement and cancels it, so a killed
        # runner's statement does not outlive it (the next runner also waits for it through the work lock).
        if int(server.version) >= 140000:
            return ("SET client_connection_check_interval = '1s'",)
        return ()

    def transaction_sql(self, timeouts: Timeouts) -> tuple[str, ...]:
        return tuple(f"SET LOCAL {setting}" for setting in _timeout_settings(timeouts))

    def autocommit_sql(self, timeouts: Timeouts) -> tuple[str, ...]:
        return tuple(f"SET {setting}" for setting in _timeout_settings(timeouts))

    def set_autocommit(self, connection: Any) -> None:
        connection.autocommit = True

    def error_code(self, error: BaseException) -> str | None:
        code = getattr(error, "sqlstate", None)
        return str(code) if code else None

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        import psycopg

        return (psycopg.Error,)

    def lock_key(self, purpose: str, database: str) -> object:
        # Advisory locks are per database already; the name only separates the two purposes.
        return stable_bigint(f"migrator.{purpose}")

    def quote(self, identifier: str) -> str:
        return '"' + identifier.replace('"', '""') + '"'

    def drop_sql(self, name: str, is_view: bool) -> tuple[str, ...]:
        kind = "VIEW" if is_view else "TABLE"
        return (f"DROP {kind} IF EXISTS {self.quote(name)} CASCADE",)

    def sandbox_sql(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (f"CREATE SCHEMA {self.quote(name)}",), (f"DROP SCHEMA IF EXISTS {self.quote(name)} CASCADE",)

    def use_sql(self, name: str) -> tuple[str, ...]:
        return (f"SET LOCAL search_path TO {self.quote(name)}",)


def _timeout_settings(timeouts: Timeouts) -> tuple[str, ...]:
    settings = [f"lock_timeout = '{seconds_to_ms(timeouts.lock_timeout_s)}ms'"]
    if timeouts.statement_timeout_s is not None:
        settings.append(f"statement_timeout = '{seconds_to_ms(timeouts.statement_timeout_s)}ms'")
    return tuple(settings)
