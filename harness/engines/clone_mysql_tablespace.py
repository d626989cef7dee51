"""Row copy by InnoDB transportable tablespaces, for servers whose data directory the harness can reach.

The source tables are quiesced with `FLUSH TABLES ... FOR EXPORT`, their `.ibd`/`.cfg` files are copied over the
target tables' discarded tablespaces, and the copies imported: the rows move as pages, not one by one (the
AUTO_INCREMENT counters are set by clone_schema afterwards). Tables this cannot carry (other engines, partitions,
FULLTEXT indexes, names that are encoded on disk, or any import the server refuses) get `INSERT ... SELECT` instead,
so the result is the same either way; empty tables need nothing.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from harness.engines.clone_mysql import Table, filled_tables, insert_select, make_tables
from harness.engines.clone_mysql_keys import quote

LOCK_WAIT_S = 3  # FLUSH ... FOR EXPORT is immediate unless a writer holds the source; then copy rows instead
# Names stored on disk as they are; others are encoded (e.g. `-` as @002d), which is not worth reproducing.
_PLAIN_NAME = re.compile(r"^[A-Za-z0-9_]+$")


class TablespaceCopy:
    """`datadir`: the server's data directory; `owner`: (uid, gid) the copied files must belong to, if not ours."""

    def __init__(self, datadir: Path, owner: tuple[int, int] | None) -> None:
        self.datadir = datadir
        self.owner = owner
        self.last_methods: dict[str, str] = {}
        """How each table of the latest clone got its rows ("tablespace", "insert-select" or "empty"): diagnostics."""

    def _candidate(self, source: str, target: str, table: Table) -> bool:
        return (
            table.engine == "innodb"
            and not table.partitioned
            and not table.fulltext
            and all(_PLAIN_NAME.match(name) for name in (source, target, table.name))
            and (self.datadir / source / f"{table.name}.ibd").is_file()
        )

    def copy(self, connection: Connection, source: str, target: str, tables: Sequence[Table]) -> None:
        filled = filled_tables(connection, source, tables)
        movable = [table for table in filled if self._candidate(source, target, table)]
        self.last_methods = {table.name: "empty" for table in tables}
        self.last_methods.update({table.name: "tablespace" for table in movable})
        for table in filled:
            if table not in movable:
                insert_select(connection, source, target, table)
                self.last_methods[table.name] = "insert-select"
        if not movable:
            return
        for table in movable:
            connection.exec_driver_sql(f"ALTER TABLE {quote(table.name)} DISCARD TABLESPACE")
        names = ", ".join(f"{quote(source)}.{quote(table.name)}" for table in movable)
        connection.exec_driver_sql(f"SET SESSION lock_wait_timeout = {LOCK_WAIT_S}")
        try:
            connection.exec_driver_sql(f"FLUSH TABLES {names} FOR EXPORT")
        except DBAPIError:
            # A session that wrote to the source and has not committed blocks the export; the rows it has
            # committed are copied instead (the copy session reads committed data without waiting for locks).
            for table in movable:
                self._rebuild(connection, source, target, table)
            return
        finally:
            connection.exec_driver_sql("SET SESSION lock_wait_timeout = DEFAULT")
        try:
            for table in movable:
                for suffix in (".ibd", ".cfg"):
                    self._copy_file(source, target, table.name + suffix)
        finally:
            connection.exec_driver_sql("UNLOCK TABLES")
        for table in movable:
            self._import(connection, source, target, table)

    def _rebuild(self, connection: Connection, source: str, target: str, table: Table) -> None:
        """Recreate a target table whose tablespace was discarded and fill it the portable way."""
        (self.datadir / target / f"{table.name}.ibd").unlink(missing_ok=True)
        connection.exec_driver_sql(f"DROP TABLE {quote(table.name)}")
        make_tables(connection, source, [table])
        insert_select(connection, source, target, table)
        self.last_methods[table.name] = "insert-select"

    def _copy_file(self, source: str, target: str, name: str) -> None:
        origin = self.datadir / source / name
        if not origin.exists():  # .cfg is optional for the server; .ibd was checked before
            return
        destination = self.datadir / target / name
        shutil.copyfile(origin, destination)
        if self.owner is not None:
            os.chown(destination, *self.owner)
        os.chmod(destination, 0o660)

    def _import(self, connection: Connection, source: str, target: str, table: Table) -> None:
        try:
            connection.exec_driver_sql(f"ALTER TABLE {quote(table.name)} IMPORT TABLESPACE")
        except DBAPIError:
            # The server checks the pages against the table definition and refuses what does not fit.
            self._rebuild(connection, source, target, table)
        finally:
            (self.datadir / target / f"{table.name}.cfg").unlink(missing_ok=True)
        # The AUTO_INCREMENT counter is not part of the tablespace: clone_schema sets it afterwards.
