"""MySQL and MariaDB: DDL commits implicitly, named locks with GET_LOCK, session lock timeouts."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from migrator.dialects.base import RUNNER_TABLES_SQL, Dialect, ServerInfo, Timeouts, whole_seconds
from migrator.source import Statement
from migrator.sqltext import is_data_change

_HERE = "table_schema = DATABASE()"
_NOT_RUNNER = f"table_name NOT IN ({RUNNER_TABLES_SQL})"
_MAX_LOCK_NAME = 64
_ENGINE = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"


class MySQL(Dialect):
    name = "mysql"
    default_driver = "pymysql"
    transactional_ddl = False
    # ER_LOCK_WAIT_TIMEOUT (row locks and, via lock_wait_timeout, metadata locks) and ER_LOCK_DEADLOCK.
    lock_timeout_codes = frozenset({"1205", "1213"})
    now_sql = "CURRENT_TIMESTAMP(6)"
    lock_try_sql = "SELECT GET_LOCK(%s, 0)"
    lock_wait_sql = "SELECT GET_LOCK(%s, 10)"
    lock_holder_sql = "SELECT IS_USED_LOCK(%s)"
    lock_session_sql = ("SET SESSION wait_timeout = 31536000",)
    server_sql = "SELECT VERSION(), DATABASE(), DATABASE()"
    runner_tables_present_sql = (
        f"SELECT table_name FROM information_schema.tables WHERE {_HERE} AND table_name IN ({RUNNER_TABLES_SQL})"
    )
    user_objects_sql = (
        "SELECT table_name, table_type = 'VIEW' FROM information_schema.tables "
        f"WHERE {_HERE} AND {_NOT_RUNNER} ORDER BY 1"
    )
    # Only columns that DDL changes: row counts, sizes and AUTO_INCREMENT move with data and are left out.
    fingerprint_sql: ClassVar[tuple[str, ...]] = (
        "SELECT table_name, table_type, engine, table_collation, create_options, table_comment "
        f"FROM information_schema.tables WHERE {_HERE} AND {_NOT_RUNNER} ORDER BY 1",
        "SELECT table_name, column_name, ordinal_position, column_type, is_nullable, column_default, extra, "
        "collation_name, column_comment FROM information_schema.columns "
        f"WHERE {_HERE} AND {_NOT_RUNNER} ORDER BY 1, 2",
        "SELECT table_name, index_name, seq_in_index, non_unique, column_name, sub_part, index_type "
        f"FROM information_schema.statistics WHERE {_HERE} AND {_NOT_RUNNER} ORDER BY 1, 2, 3",
        "SELECT table_name, constraint_name, constraint_type FROM information_schema.table_constraints "
        f"WHERE {_HERE} AND {_NOT_RUNNER} ORDER BY 1, 2, 3",
        "SELECT table_name, constraint_name, column_name, referenced_table_name, referenced_column_name "
        f"FROM information_schema.key_column_usage WHERE {_HERE} AND {_NOT_RUNNER} ORDER BY 1, 2, 3",
        "SELECT table_name, view_definition FROM information_schema.views "
        f"WHERE {_HERE} ORDER BY 1",
        "SELECT trigger_name, event_object_table, action_statement FROM information_schema.triggers "
        "WHERE trigger_schema = DATABASE() ORDER BY 1",
        # The bodies themselves: the executor hashes every row, and MySQL 9.6+ has no MD5() without a component.
        "SELECT routine_name, routine_type, COALESCE(routine_definition, '') FROM information_schema.routines "
        "WHERE routine_schema = DATABASE() ORDER BY 1, 2",
    )
    snapshot_tables_sql = (
        "SELECT table_name FROM information_schema.tables "
        f"WHERE table_schema = %s AND table_type = 'BASE TABLE' AND {_NOT_RUNNER} ORDER BY 1"
    )
    snapshot_columns_sql = (
        "SELECT c.table_name, c.column_name, c.column_type, c.is_nullable = 'YES', c.column_default, c.extra "
        "FROM information_schema.columns c JOIN information_schema.tables t "
        "ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' "
        f"WHERE c.table_schema = %s AND c.{_NOT_RUNNER} ORDER BY 1, c.ordinal_position"
    )
    snapshot_indexes_sql = (
        "SELECT table_name, index_name, MIN(non_unique) = 0, index_name = 'PRIMARY', "
        "GROUP_CONCAT(CONCAT(column_name, IFNULL(CONCAT('(', sub_part, ')'), '')) "
        "ORDER BY seq_in_index SEPARATOR ', '), MIN(index_type) "
        f"FROM information_schema.statistics WHERE table_schema = %s AND {_NOT_RUNNER} "
        "GROUP BY table_name, index_name ORDER BY 1, 2"
    )
    sandbox_in_transaction = False
    session_id_sql = "SELECT CONNECTION_ID()"
    # MySQL's max_execution_time bounds read-only SELECTs only; MariaDB's max_statement_time any statement, but
    # on both an interrupted SLEEP() returns normally. The runner's own timer bounds every statement instead.
    server_bounds_statements = False

    def runner_tables_sql(self) -> tuple[str, ...]:
        return (
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version varchar(64) NOT NULL PRIMARY KEY,"
            " description varchar(255) NOT NULL,"
            " checksum char(64) NOT NULL,"
            " applied_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
            " execution_ms bigint NOT NULL,"
            " installed_by varchar(128) NOT NULL,"
            f" status varchar(16) NOT NULL) {_ENGINE}",
            "CREATE TABLE IF NOT EXISTS schema_migrations_history ("
            " id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            " attempt char(32) NOT NULL UNIQUE,"
            " version varchar(64) NOT NULL,"
            " operation varchar(16) NOT NULL,"
            " status varchar(16) NOT NULL,"
            " checksum char(64) NULL,"
            " started_at datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
            " finished_at datetime(6) NULL,"
            " execution_ms bigint NULL,"
            " installed_by varchar(128) NOT NULL,"
            " step integer NULL,"
            " statement longtext NULL,"
            " error longtext NULL,"
            f" detail longtext NULL) {_ENGINE}",
            "CREATE TABLE IF NOT EXISTS schema_migrations_journal ("
            " version varchar(64) NOT NULL,"
            " step integer NOT NULL,"
            " attempt char(32) NOT NULL,"
            " phase varchar(8) NOT NULL,"
            " position integer NOT NULL,"
            " fingerprint char(64) NULL,"
            " statement longtext NOT NULL,"
            " undo_sql longtext NOT NULL,"
            f" PRIMARY KEY (version, step)) {_ENGINE}",
        )

    def in_transaction(self, statement: Statement, nontransactional: bool) -> bool:
        # DDL commits implicitly whatever we do; only data statements can share a transaction with their journal row.
        return not nontransactional and is_data_change(statement)

    def session_sql(self, server: ServerInfo, timeouts: Timeouts) -> tuple[str, ...]:
        seconds = whole_seconds(timeouts.lock_timeout_s)
        return (f"SET SESSION lock_wait_timeout = {seconds}", f"SET SESSION innodb_lock_wait_timeout = {seconds}")

    def statement_timeout_code(self, server: ServerInfo) -> str:
        # What each server reports for a statement past its own limit: ER_STATEMENT_TIMEOUT, ER_QUERY_TIMEOUT.
        return "1969" if "mariadb" in server.version.lower() else "3024"

    def cancel_sql(self, session_id: int) -> str:
        return f"KILL QUERY {int(session_id)}"

    def transaction_sql(self, timeouts: Timeouts) -> tuple[str, ...]:
        return ()

    def autocommit_sql(self, timeouts: Timeouts) -> tuple[str, ...]:
        return ()

    def set_autocommit(self, connection: Any) -> None:
        connection.autocommit(True)

    def error_code(self, error: BaseException) -> str | None:
        args = getattr(error, "args", ())
        return str(args[0]) if args and isinstance(args[0], int) else None

    def driver_errors(self) -> tuple[type[BaseException], ...]:
        import pymysql

        return (pymysql.err.MySQLError,)

    def lock_key(self, purpose: str, database: str) -> object:
        # GET_LOCK names are server-wide, so they carry the database; long names are hashed to fit 64 characters.
        name = f"migrator.{purpose}:{database}"
        if len(name) > _MAX_LOCK_NAME:
            name = f"migrator.{purpose}:" + hashlib.sha256(database.encode()).hexdigest()[:40]
        return name

    def quote(self, identifier: str) -> str:
        return "`" + identifier.replace("`", "``") + "`"

    def drop_sql(self, name: str, is_view: bool) -> tuple[str, ...]:
        if is_view:
            return (f"DROP VIEW IF EXISTS {self.quote(name)}",)
        return (
            "SET FOREIGN_KEY_CHECKS = 0",
            f"DROP TABLE IF EXISTS {self.quote(name)}",
            "SET FOREIGN_KEY_CHECKS = 1",
        )

    def sandbox_sql(self, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (f"CREATE DATABASE {self.quote(name)}",), (f"DROP DATABASE IF EXISTS {self.quote(name)}",)

    def use_sql(self, name: str) -> tuple[str, ...]:
        return (f"USE {self.quote(name)}",)
