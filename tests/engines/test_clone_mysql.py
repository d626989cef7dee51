"""A MySQL-family clone is the same database: schema objects, charsets, counters, rows, views, triggers, routines."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, text

from harness.engines import Server
from harness.engines.clone_mysql import read_tables
from harness.engines.clone_mysql_tablespace import TablespaceCopy
from tests.engines.helpers import connected

SCHEMA = [
    "ALTER DATABASE {db} CHARACTER SET latin1 COLLATE latin1_swedish_ci",
    """CREATE TABLE parent (
        id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        code VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL,
        title VARCHAR(100) NOT NULL DEFAULT 'untitled',
        amount DECIMAL(10,2) DEFAULT 1.50,
        created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
        note TEXT,
        doubled INT AS (id * 2) VIRTUAL,
        code_length INT AS (CHAR_LENGTH(code)) STORED,
        UNIQUE KEY uq_parent_code (code),
        KEY ix_parent_title (title(10), amount)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='parents'""",
    """CREATE TABLE child (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        parent_id INT NOT NULL,
        label VARCHAR(30) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_child_parent_label (parent_id, label),
        CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""",
    "CREATE TABLE zero_key (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB",
    "CREATE TABLE plain_myisam (k VARCHAR(10) PRIMARY KEY, v INT) ENGINE=MyISAM DEFAULT CHARSET=latin1",
    "CREATE TABLE doc (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY ft_doc_body (body)) ENGINE=InnoDB",
    "CREATE TABLE event_log (id INT NOT NULL, year SMALLINT NOT NULL, PRIMARY KEY (id, year)) ENGINE=InnoDB "
    "PARTITION BY RANGE (year) (PARTITION p2023 VALUES LESS THAN (2024), PARTITION pmax VALUES LESS THAN MAXVALUE)",
    "CREATE TABLE never_used (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB AUTO_INCREMENT=40",
    "CREATE TABLE evolved (id INT PRIMARY KEY, gone INT, v VARCHAR(10)) ENGINE=InnoDB",
    "INSERT INTO evolved VALUES (1, 1, 'one'), (2, 2, 'two')",
    # Instant ALTERs leave the table's pages in a layout a fresh CREATE TABLE does not have.
    "ALTER TABLE evolved ADD COLUMN added INT NOT NULL DEFAULT 5, ALGORITHM=INSTANT",
    "ALTER TABLE evolved DROP COLUMN gone, ALGORITHM=INSTANT",
    "ALTER TABLE evolved ADD COLUMN early CHAR(1) DEFAULT 'e' FIRST, ALGORITHM=INSTANT",
    "CREATE VIEW parent_view AS SELECT id, code, title FROM parent WHERE amount > 0",
    "CREATE VIEW nested_view AS SELECT v.code, COUNT(c.id) AS children FROM parent_view v "
    "LEFT JOIN child c ON c.parent_id = v.id GROUP BY v.code",
    "CREATE TRIGGER child_label BEFORE INSERT ON child FOR EACH ROW SET NEW.label = UPPER(NEW.label)",
    "CREATE FUNCTION twice(n INT) RETURNS INT DETERMINISTIC RETURN n * 2",
    "CREATE PROCEDURE add_child(IN p INT, IN l VARCHAR(30)) INSERT INTO child (parent_id, label) VALUES (p, l)",
]
ROWS = [
    "INSERT INTO parent (code, title, amount, note) VALUES ('a', 'Alpha', 2.25, 'ü ñ ✓'), ('b', 'Beta', NULL, NULL), "
    "('c', 'Gamma', 0, ''), ('d', 'Delta', 9.99, 'x'), ('e', 'Eps', 1, 'y')",
    "DELETE FROM parent WHERE code IN ('d', 'e')",  # the counter (6) stays above max(id) + 1
    "INSERT INTO child (parent_id, label) VALUES (1, 'one'), (1, 'two'), (2, 'three')",
    "INSERT INTO zero_key (id, v) VALUES (0, 10), (5, 50)",
    "INSERT INTO plain_myisam VALUES ('k1', 1), ('k2', NULL)",
    "INSERT INTO doc VALUES (1, 'upgrade paths are verified'), (2, 'rollback on failure')",
    "INSERT INTO event_log VALUES (1, 2023), (2, 2024), (3, 2030)",
    "INSERT INTO evolved (id, v) VALUES (3, 'three')",
]


def _q(name: str) -> str:
    return f"`{name}`"


@pytest.fixture
def source(mariadb_server: Server) -> Iterator[str]:
    name = mariadb_server.create_database()
    try:
        with connected(mariadb_server, name) as connection:
            connection.exec_driver_sql("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')")
            for statement in SCHEMA + ROWS:
                connection.exec_driver_sql(statement.format(db=_q(name)))
        yield name
    finally:
        mariadb_server.drop_database(name)


def _describe(connection: Connection, database: str) -> dict[str, object]:
    """Everything a clone must reproduce, with the database's own name taken out."""

    def show(sql: str, column: int) -> str:
        return str(connection.exec_driver_sql(sql).one()[column]).replace(_q(database), "`DB`")

    def names(sql: str) -> list[str]:
        return [str(row[0]) for row in connection.execute(text(sql), {"db": database}).all()]

    tables = names("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = :db "
                   "AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1")
    views = names("SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = :db ORDER BY 1")
    triggers = names("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = :db ORDER BY 1")
    routines = connection.execute(
        text("SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = :db "
             "ORDER BY 1, 2"), {"db": database},
    ).all()
    return {
        "charset": tuple(connection.execute(
            text("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
                 "WHERE SCHEMA_NAME = :db"), {"db": database},
        ).one()),
        "tables": {t: show(f"SHOW CREATE TABLE {_q(database)}.{_q(t)}", 1) for t in tables},
        "rows": {
            t: [tuple(r) for r in connection.exec_driver_sql(f"SELECT * FROM {_q(database)}.{_q(t)} ORDER BY 1")]
            for t in tables
        },
        "views": {v: show(f"SHOW CREATE VIEW {_q(database)}.{_q(v)}", 1) for v in views},
        "triggers": {t: show(f"SHOW CREATE TRIGGER {_q(database)}.{_q(t)}", 2) for t in triggers},
        "routines": {f"{k} {n}": show(f"SHOW CREATE {k} {_q(database)}.{_q(n)}", 2) for k, n in routines},
    }


def test_clone_reproduces_schema_objects_and_rows(mariadb_server: Server, source: str) -> None:
    copy = mariadb_server.clone_database(source)
    try:
        with connected(mariadb_server, None) as connection:
            expected, actual = _describe(connection, source), _describe(connection, copy)
        assert len(expected["tables"]) == 8  # type: ignore[arg-type]
        assert len(expected["views"]) == 2 and len(expected["triggers"]) == 1  # type: ignore[arg-type]
        assert len(expected["routines"]) == 2  # type: ignore[arg-type]
        assert actual == expected
    finally:
        mariadb_server.drop_database(copy)


def test_clone_behaves_like_its_source(mariadb_server: Server, source: str) -> None:
    copy = mariadb_server.clone_database(source)
    try:
        with connected(mariadb_server, copy) as connection:
            connection.execute(text("INSERT INTO parent (code) VALUES ('f')"))
            assert connection.execute(text("SELECT id FROM parent WHERE code = 'f'")).scalar_one() == 6
            connection.execute(text("CALL add_child(2, 'four')"))
            assert connection.execute(text("SELECT label FROM child WHERE label = 'FOUR'")).scalar_one() == "FOUR"
            assert connection.execute(text("SELECT twice(21)")).scalar_one() == 42
            rows = connection.execute(text("SELECT code, children FROM nested_view ORDER BY code")).all()
            assert [tuple(r) for r in rows] == [("a", 2), ("f", 0)]  # b: NULL amount, c: 0
            connection.execute(text("DELETE FROM parent WHERE code = 'a'"))  # cascades inside the copy only
            assert connection.execute(text("SELECT COUNT(*) FROM child")).scalar_one() == 2
        with connected(mariadb_server, source) as connection:
            assert connection.execute(text("SELECT COUNT(*) FROM child")).scalar_one() == 3
    finally:
        mariadb_server.drop_database(copy)


def test_clone_of_an_empty_database(mariadb_server: Server) -> None:
    empty = mariadb_server.create_database()
    try:
        copy = mariadb_server.clone_database(empty)
        try:
            with connected(mariadb_server, copy) as connection:
                assert connection.execute(text(
                    "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                )).scalar_one() == 0
        finally:
            mariadb_server.drop_database(copy)
    finally:
        mariadb_server.drop_database(empty)


def _row_copy(server: Server) -> TablespaceCopy:
    rows = getattr(getattr(server, "ops", None), "rows", None)
    if not isinstance(rows, TablespaceCopy):
        pytest.skip("this server copies rows with INSERT ... SELECT only")
    return rows


def test_local_clone_moves_filled_innodb_tables_as_tablespaces(mariadb_server: Server, source: str) -> None:
    copy = mariadb_server.clone_database(source)
    mariadb_server.drop_database(copy)
    assert _row_copy(mariadb_server).last_methods == {
        "parent": "tablespace", "child": "tablespace", "zero_key": "tablespace", "evolved": "tablespace",
        "plain_myisam": "insert-select", "doc": "insert-select", "event_log": "insert-select", "never_used": "empty",
    }


def test_a_refused_import_falls_back_to_insert_select(mariadb_server: Server, source: str) -> None:
    copier = _row_copy(mariadb_server)
    target = mariadb_server.create_database()
    try:
        with connected(mariadb_server, None) as connection:
            (table,) = [t for t in read_tables(connection, source) if t.name == "child"]
            connection.exec_driver_sql(f"USE {_q(target)}")
            connection.exec_driver_sql("SET SESSION foreign_key_checks = 0")
            connection.exec_driver_sql(table.create)
            connection.exec_driver_sql("ALTER TABLE child DISCARD TABLESPACE")
            copier._import(connection, source, target, table)  # no tablespace file was copied: the server refuses
            assert copier.last_methods["child"] == "insert-select"
            labels = connection.exec_driver_sql("SELECT label FROM child ORDER BY id").scalars().all()
            assert labels == ["ONE", "TWO", "THREE"]
    finally:
        mariadb_server.drop_database(target)


def test_clone_while_another_session_writes_to_the_source(mariadb_server: Server, source: str) -> None:
    """An uncommitted write blocks the tablespace export; the clone copies the committed rows instead."""
    with connected(mariadb_server, source) as writer:
        writer.exec_driver_sql("UPDATE parent SET title = 'uncommitted' WHERE code = 'a'")
        copy = mariadb_server.clone_database(source)
        try:
            with connected(mariadb_server, copy) as connection:
                titles = connection.exec_driver_sql("SELECT title FROM parent ORDER BY id").scalars().all()
                assert titles == ["Alpha", "Beta", "Gamma"]
        finally:
            mariadb_server.drop_database(copy)
        writer.rollback()
