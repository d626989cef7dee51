"""Reading dumps: the tool is recognised, and statements split the way the mysql / psql clients split them."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from harness.reproduce.dumpfile import read_dump
from harness.reproduce.reproduce_error import ReproduceError
from harness.reproduce.split_mysql import split_mysql
from harness.reproduce.split_postgresql import split_postgresql
from harness.reproduce.statements import copy_columns, data_table

MYSQL_DUMP = """/*M!999999\\- enable the sandbox mode */
-- MariaDB dump 10.19-10.11.18-MariaDB, for debian-linux-gnu (x86_64)
/*!40101 SET NAMES utf8mb4 */;
CREATE TABLE `t` (
  `id` int NOT NULL, -- a comment; with a semicolon
  `s` text # another; one
) ENGINE=InnoDB;
INSERT INTO `t` VALUES (1,'a\\';b'),(2,'c''d;'),(3,"e;\\"f");
DELIMITER ;;
/*!50003 CREATE*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.s = 'x'; END */;;
DELIMITER ;
UNLOCK TABLES;
"""

PG_DUMP = """--
-- PostgreSQL database dump
--
\\restrict key123

SET standard_conforming_strings = on;
CREATE FUNCTION public.f() RETURNS trigger AS $fn$ BEGIN RETURN NEW; END; $fn$ LANGUAGE plpgsql;
CREATE TABLE public.t (id int, s text /* not; the end */);
COPY public.t (id, s) FROM stdin;
1\ta;b
2\t\\N
\\.

INSERT INTO public.t VALUES (3, E'x\\';y'), (4, 'it''s; ok');
\\unrestrict key123
"""


def test_mysql_statements_respect_strings_comments_and_delimiters() -> None:
    statements = list(split_mysql(MYSQL_DUMP))
    assert [s.keyword for s in statements] == [
        "/*!40101 SET", "CREATE TABLE", "INSERT INTO", "/*!50003 CREATE*/", "UNLOCK TABLES",
    ]
    assert statements[2].sql.endswith("""(3,"e;\\"f")""")
    assert statements[3].sql.endswith("END */")
    assert data_table(statements[2], "mysql") == "t"
    assert data_table(statements[1], "mysql") is None


def test_postgresql_statements_respect_copy_blocks_dollar_quotes_and_meta_commands() -> None:
    statements = list(split_postgresql(PG_DUMP))
    assert [s.meta for s in statements] == [True, False, False, False, False, False, True]
    function, copy = statements[2], statements[4]
    assert function.sql.endswith("LANGUAGE plpgsql")
    assert copy.copy_data == "1\ta;b\n2\t\\N\n"
    assert copy_columns(copy) == ("id", "s")
    assert data_table(copy, "postgresql") == "t"
    assert statements[5].sql.endswith("(4, 'it''s; ok')")


def test_dump_kind_and_source_server_come_from_the_header(tmp_path: Path) -> None:
    mysql = tmp_path / "my.sql"
    mysql.write_text(MYSQL_DUMP.replace("-- MariaDB dump", "-- Server version\t10.11.6-MariaDB\n-- MariaDB dump"))
    postgresql = tmp_path / "pg.sql.gz"
    postgresql.write_bytes(gzip.compress(PG_DUMP.replace("--\n\\restrict", "-- Dumped from database version 15.4\n"
                                                                          "\\restrict").encode()))
    assert (read_dump(mysql).kind, read_dump(mysql).source_server) == ("mysqldump", "10.11.6-MariaDB")
    assert (read_dump(postgresql).kind, read_dump(postgresql).source_server) == ("pg_dump", "15.4")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PGDMP\x01\x0e", "pg_restore --file=dump.sql"),
        (b"hello, this is not SQL\n", "not recognised as a mysqldump"),
        (b"-- MySQL dump\n\xff\xfe", "not UTF-8"),
    ],
)
def test_unreadable_dumps_are_refused_with_the_fix(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "dump.sql"
    path.write_bytes(content)
    with pytest.raises(ReproduceError, match=r"--dump .*dump\.sql") as raised:
        read_dump(path)
    assert message in str(raised.value)


def test_a_missing_dump_is_named(tmp_path: Path) -> None:
    with pytest.raises(ReproduceError, match="no such file"):
        read_dump(tmp_path / "absent.sql")
