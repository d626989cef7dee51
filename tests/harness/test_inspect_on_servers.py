"""The catalog readers on real servers: what they see, and that a realistic change shows up as one readable diff."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.db import connect
from harness.engines import Server
from harness.inspect import diff_schemas, read_schema, render_differences

SCHEMA = {
    "mysql": [
        "CREATE TABLE users (id bigint unsigned NOT NULL AUTO_INCREMENT, username varchar(64) NOT NULL,"
        " phone varchar(16) NOT NULL DEFAULT '', is_admin tinyint(1) NOT NULL DEFAULT 0, note mediumtext,"
        " PRIMARY KEY (id), UNIQUE KEY uq_username (username), KEY idx_phone_admin (phone, is_admin DESC))"
        " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
        "CREATE TABLE tokens (id bigint unsigned NOT NULL AUTO_INCREMENT, user_id bigint unsigned NOT NULL,"
        " token varchar(255) NOT NULL, PRIMARY KEY (id), CONSTRAINT fk_tokens_user FOREIGN KEY (user_id)"
        " REFERENCES users (id) ON DELETE CASCADE, CONSTRAINT ck_token CHECK (char_length(token) > 8))"
        " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
    ],
    "postgresql": [
        "CREATE TABLE users (id bigserial PRIMARY KEY, username varchar(64) NOT NULL,"
        " phone varchar(16) NOT NULL DEFAULT '', is_admin boolean NOT NULL DEFAULT false, note text,"
        " CONSTRAINT uq_username UNIQUE (username))",
        "CREATE INDEX idx_phone_admin ON users (phone, is_admin DESC)",
        "CREATE TABLE tokens (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id)"
        " ON DELETE CASCADE, token varchar(255) NOT NULL, CONSTRAINT ck_token CHECK (length(token) > 8))",
    ],
}
WIDEN_PHONE = {
    "mysql": "ALTER TABLE users MODIFY phone varchar(1024) NOT NULL DEFAULT ''",
    "postgresql": "ALTER TABLE users ALTER COLUMN phone TYPE varchar(1024)",
}


@pytest.fixture
def two_databases(server: Server) -> Iterator[tuple[Server, str, str]]:
    names = [server.create_database(), server.create_database()]
    try:
        for name in names:
            with connect(server.url(name)) as connection:
                for statement in SCHEMA[server.dialect]:
                    connection.exec_driver_sql(statement)
                connection.commit()
        yield server, names[0], names[1]
    finally:
        for name in names:
            server.drop_database(name)


def test_catalog_sees_columns_keys_indexes_and_constraints(two_databases: tuple[Server, str, str]) -> None:
    server, first, _ = two_databases
    with connect(server.url(first)) as connection:
        schema = read_schema(connection)
    users, tokens = schema.tables["users"], schema.tables["tokens"]
    assert set(schema.tables) == {"users", "tokens"}
    assert users.primary_key == ("id",)
    assert users.columns["phone"].default == "" and not users.columns["phone"].nullable
    assert users.columns["note"].nullable
    assert users.indexes["idx_phone_admin"].columns == ("phone", "is_admin DESC")
    assert users.indexes["uq_username"].unique
    kinds = {c.kind for c in tokens.constraints.values()}
    assert {"foreign key", "check"} <= kinds
    if server.dialect == "mysql":
        assert users.columns["id"].type == "bigint unsigned" and users.columns["id"].extra == "auto_increment"
        assert users.columns["is_admin"].type == "tinyint(1)"
        assert users.columns["username"].collation == "utf8mb4_unicode_ci"
    else:
        assert users.columns["id"].type == "bigint" and "nextval" in str(users.columns["id"].default)
        assert users.columns["is_admin"].default == "false"


def test_identical_databases_have_no_differences(two_databases: tuple[Server, str, str]) -> None:
    server, first, second = two_databases
    with connect(server.url(first)) as a, connect(server.url(second)) as b:
        assert diff_schemas(read_schema(a), read_schema(b)) == []


def test_a_widened_column_and_a_dropped_index_are_named(two_databases: tuple[Server, str, str]) -> None:
    server, first, second = two_databases
    with connect(server.url(second)) as connection:
        drop = "DROP INDEX idx_phone_admin ON users" if server.dialect == "mysql" else "DROP INDEX idx_phone_admin"
        connection.exec_driver_sql(drop)  # first: an index over varchar(1024) is too long for InnoDB
        connection.exec_driver_sql(WIDEN_PHONE[server.dialect])
        connection.commit()
    with connect(server.url(first)) as a, connect(server.url(second)) as b:
        differences = diff_schemas(read_schema(a), read_schema(b))
    rendered = render_differences(differences)
    assert len(differences) == 2, rendered
    assert "users: column phone: expected type='varchar(16)'" in rendered.replace("character varying", "varchar")
    assert "users: index idx_phone_admin: expected" in rendered and "actual missing" in rendered
