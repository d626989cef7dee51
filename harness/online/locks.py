"""Which write-blocking table lock a migration statement holds while it works, read on the probe database.

A statement that keeps the previous release's writes waiting for as long as it scans or copies a table blocks
them for longer the bigger the table is; on the small seeded database it may finish before anyone notices. So the
lock is read from the statement itself, on the empty replay of `probe.py`, and the measured cost is scaled to the
table's production size (`scaling.py`). One class per dialect, registered in `LOCK_READERS`:

- PostgreSQL: the statement runs in a transaction of its own and, before the commit, `pg_locks` shows every
  relation lock it took. The modes that conflict with ROW EXCLUSIVE (what INSERT, UPDATE and DELETE take) block
  writes; they count where the catalog shows the statement read the whole table (a rewrite, a new index, a
  validated constraint, an existing column made NOT NULL), not for a catalog-only change. A statement that cannot
  run in a transaction (`CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`) runs on its own; those take
  SHARE UPDATE EXCLUSIVE, which lets writes go on.
- MySQL family: DDL commits at once and its metadata lock is gone before anyone can read it, and the server
  chooses the lock of an `ALTER TABLE` / `CREATE INDEX` that declares none: the least restrictive one it can do the
  change with. So the server is asked: such a statement runs on the probe database with `LOCK=NONE` added. Accepted,
  the change is one the server does without blocking writes (MariaDB 10.11 and MySQL 9.7 build a plain `ADD KEY`
  that way) and holds no write-blocking lock. Refused (ER_ALTER_OPERATION_NOT_SUPPORTED: a column type change, the
  first FULLTEXT index, ...), it runs as written and counts as holding the SHARED lock of a table copy, with the
  server's reason. A declared `LOCK=SHARED`/`EXCLUSIVE` or `ALGORITHM=COPY` counts as written; `LOCK=NONE` and
  `ALGORITHM=INSTANT` never block (the server refuses instead). What the server cannot be asked (a statement the
  `LOCK=NONE` form does not parse for) keeps the rule by its text: an index build or a table copy blocks writes.
  Server settings that force copies (`alter_algorithm=COPY`, `old_alter_table`) on the production server are not
  seen here.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Protocol

from sqlalchemy import Connection, text

from harness.dialects import Dialect


@dataclass(frozen=True)
class HeldLock:
    """A lock on `table` that keeps the previous release's writes to it waiting while the statement works."""

    table: str
    mode: str  # as the server (PostgreSQL) or the statement (MySQL family) names it
    effect: str  # what it does to the previous release's queries

    def describe(self) -> str:
        return f"{self.mode} on {self.table} ({self.effect})"


Execute = Callable[[str], None]


class LockReader(Protocol):
    def run(self, connection: Connection, execute: Execute, sql: str) -> tuple[tuple[HeldLock, ...], float]:
        """Run `sql` on the probe database with `execute`: the write-blocking locks it held on tables it read
        through, and the seconds the statement itself took (not the catalog reads around it)."""
        ...

    def copied(self, sql: str, tables: tuple[str, ...]) -> tuple[HeldLock, ...]:
        """Write-blocking locks implied by `sql` having copied `tables` (the replay's table identities changed)."""
        ...


class PostgreSQLLocks:
    # Modes that conflict with ROW EXCLUSIVE, the lock every INSERT, UPDATE and DELETE takes.
    WRITE_BLOCKING: ClassVar[dict[str, str]] = {
        "ShareLock": "writes wait",
        "ShareRowExclusiveLock": "writes wait",
        "ExclusiveLock": "writes wait",
        "AccessExclusiveLock": "reads and writes wait",
    }
    _HELD: ClassVar[str] = """
        SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE l.pid = pg_backend_pid() AND l.granted AND l.locktype = 'relation' AND c.relkind IN ('r', 'p')
    """
    # What makes a statement read every row of a table: its storage replaced (a rewrite), a new index built, a
    # constraint validated, an existing column made NOT NULL. A catalog-only change (ADD COLUMN with a default,
    # DROP COLUMN) takes ACCESS EXCLUSIVE too, but for a moment whatever the table's size.
    _SCAN_MARKS: ClassVar[str] = """
        SELECT c.relname, 'storage ' || c.relfilenode FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
        UNION ALL
        SELECT c.relname, 'index ' || i.indexrelid::regclass FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()
        UNION ALL
        SELECT c.relname, 'constraint ' || k.conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND k.convalidated AND k.contype IN ('c', 'f')
        UNION ALL
        SELECT c.relname, CASE WHEN a.attnotnull THEN 'not null ' ELSE 'column ' END || a.attname
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() AND a.attnum > 0 AND NOT a.attisdropped
    """
    _IN_TRANSACTION_BLOCK = "25001"  # active_sql_transaction: "cannot run inside a transaction block"

    def run(self, connection: Connection, execute: Execute, sql: str) -> tuple[tuple[HeldLock, ...], float]:
        before = self._marks(connection)
        execute("BEGIN")
        began = time.perf_counter()
        try:
            execute(sql)
            seconds = time.perf_counter() - began
        except connection.dialect.loaded_dbapi.Error as err:  # the driver's own error: `execute` is its cursor
            execute("ROLLBACK")
            if getattr(err, "sqlstate", None) != self._IN_TRANSACTION_BLOCK:
                raise
            began = time.perf_counter()
            execute(sql)  # CONCURRENTLY and the like: they take no lock that blocks writes
            return (), time.perf_counter() - began
        except BaseException:
            execute("ROLLBACK")
            raise
        try:
            held = connection.execute(text(self._HELD)).all()
            scanned = self._scanned(before, self._marks(connection))
        finally:
            execute("COMMIT")
        strongest: dict[str, str] = {}
        order = list(self.WRITE_BLOCKING)
        for table, mode in held:
            stronger = mode in self.WRITE_BLOCKING and order.index(mode) >= order.index(strongest.get(table, mode))
            if table in scanned and stronger:
                strongest[str(table)] = str(mode)
        locks = tuple(HeldLock(table, mode, self.WRITE_BLOCKING[mode]) for table, mode in sorted(strongest.items()))
        return locks, seconds

    def copied(self, sql: str, tables: tuple[str, ...]) -> tuple[HeldLock, ...]:
        return ()  # a rewrite changes the table's storage, which `run` has counted as a scan already

    def _marks(self, connection: Connection) -> dict[str, set[str]]:
        marks: dict[str, set[str]] = {}
        for table, mark in connection.execute(text(self._SCAN_MARKS)).all():
            marks.setdefault(str(table), set()).add(str(mark))
        return marks

    @staticmethod
    def _scanned(before: dict[str, set[str]], after: dict[str, set[str]]) -> set[str]:
        """Tables that existed before and gained a scan mark (a new NOT NULL column is not one: nothing to check)."""
        scanned = set()
        for table, old in before.items():
            new = after.get(table, set()) - old
            existing = {mark.removeprefix("column ") for mark in old if mark.startswith("column ")}
            if any(
                not mark.startswith(("column ", "not null ")) or mark.removeprefix("not null ") in existing
                for mark in new
            ):
                scanned.add(table)
        return scanned


_NAME = r"(?:`[^`]+`|\"[^\"]+\"|[\w$]+)"
_QUALIFIED = rf"(?:{_NAME}\s*\.\s*)?({_NAME})"


def _unquoted(name: str) -> str:
    return name[1:-1] if name[:1] in '`"' else name


class MySQLLocks:
    _ALTER: ClassVar[re.Pattern[str]] = re.compile(rf"^\s*ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+{_QUALIFIED}", re.I)
    _CREATE_INDEX: ClassVar[re.Pattern[str]] = re.compile(
        rf"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:ONLINE\s+)?(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+"
        rf"(?:IF\s+NOT\s+EXISTS\s+)?{_NAME}\s+(?:USING\s+\w+\s+)?ON\s+{_QUALIFIED}",
        re.I,
    )
    _BUILDS_INDEX: ClassVar[re.Pattern[str]] = re.compile(
        rf"\bADD\s+(?:CONSTRAINT\s+(?:{_NAME}\s+)?)?(?:UNIQUE|FULLTEXT|SPATIAL|PRIMARY\s+KEY|KEY|INDEX|FOREIGN\s+KEY)\b",
        re.I,
    )
    _LOCK: ClassVar[re.Pattern[str]] = re.compile(r"\bLOCK\s*=?\s*(DEFAULT|NONE|SHARED|EXCLUSIVE)\b", re.I)
    _ALGORITHM: ClassVar[re.Pattern[str]] = re.compile(
        r"\bALGORITHM\s*=?\s*(DEFAULT|INSTANT|INPLACE|NOCOPY|COPY)\b", re.I
    )

    # ER_ALTER_OPERATION_NOT_SUPPORTED and ..._REASON: the change cannot be made with the lock asked for.
    _NOT_ONLINE: ClassVar[frozenset[int]] = frozenset({1845, 1846})

    def __init__(self) -> None:
        self._answered: dict[str, str | None] = {}  # statement -> None (online) or the server's refusal

    def run(self, connection: Connection, execute: Execute, sql: str) -> tuple[tuple[HeldLock, ...], float]:
        table = self._table(sql)
        if table is not None and self._undeclared(sql):
            asked = self._asked(connection, execute, sql)
            if asked is not None:
                refusal, seconds = asked
                if refusal is None:
                    return (), seconds
                return (
                    HeldLock(
                        table,
                        "LOCK=SHARED (the server refuses LOCK=NONE)",
                        (f"writes wait while the server copies the table: {refusal}"),
                    ),
                ), seconds
        began = time.perf_counter()
        execute(sql)
        seconds = time.perf_counter() - began
        builds_index = table is not None and (
            self._CREATE_INDEX.match(sql) is not None or self._BUILDS_INDEX.search(sql) is not None
        )
        return self._declared(sql, (table,) if builds_index and table else (), "the index build"), seconds

    def copied(self, sql: str, tables: tuple[str, ...]) -> tuple[HeldLock, ...]:
        if sql in self._answered:
            return ()  # the server said how it does this statement (run)
        return self._declared(sql, tables, "the table copy")

    def _undeclared(self, sql: str) -> bool:
        """No LOCK clause, and no ALGORITHM that decides the lock by itself (COPY blocks, INSTANT never does)."""
        algorithm = m.group(1).upper() if (m := self._ALGORITHM.search(sql)) else "DEFAULT"
        return self._LOCK.search(sql) is None and algorithm not in ("COPY", "INSTANT")

    def _asked(self, connection: Connection, execute: Execute, sql: str) -> tuple[str | None, float] | None:
        """Run `sql` with LOCK=NONE added: (None, its time) when the server did it so, (the server's refusal, the
        time of `sql` as written) when it cannot; None when the LOCK=NONE form is not something it parses."""
        statement = sql.strip().rstrip(";").rstrip()
        separator = ", " if self._ALTER.match(statement) else " "
        began = time.perf_counter()
        try:
            execute(f"{statement}{separator}LOCK=NONE")
        except connection.dialect.loaded_dbapi.Error as err:
            code = err.args[0] if err.args else None
            if code not in self._NOT_ONLINE:
                return None
            refusal = str(err.args[1]) if len(err.args) > 1 else str(err)
            began = time.perf_counter()
            execute(sql)
            self._answered[sql] = refusal
            return refusal, time.perf_counter() - began
        self._answered[sql] = None
        return None, time.perf_counter() - began

    def _table(self, sql: str) -> str | None:
        match = self._ALTER.match(sql) or self._CREATE_INDEX.match(sql)
        return _unquoted(match.group(1)) if match else None

    def _declared(self, sql: str, tables: tuple[str, ...], work: str) -> tuple[HeldLock, ...]:
        if not tables:
            return ()
        lock = m.group(1).upper() if (m := self._LOCK.search(sql)) else "DEFAULT"
        algorithm = m.group(1).upper() if (m := self._ALGORITHM.search(sql)) else "DEFAULT"
        if lock == "NONE" or algorithm == "INSTANT":
            return ()  # the server does it without blocking writes, or refuses with an error
        if lock == "EXCLUSIVE":
            mode, effect = "LOCK=EXCLUSIVE", f"reads and writes wait for {work}"
        elif lock == "SHARED":
            mode, effect = "LOCK=SHARED", f"writes wait for {work}"
        elif algorithm == "COPY":
            mode, effect = "ALGORITHM=COPY", f"a copy holds a SHARED lock: writes wait for {work}"
        else:
            mode = "a lock of the server's choosing (no LOCK=NONE)"
            effect = (
                f"the server chooses the lock: where it cannot do it in place, or runs with alter_algorithm=COPY, "
                f"writes wait for {work}; declare LOCK=NONE to make it refuse instead"
            )
        return tuple(HeldLock(table, mode, effect) for table in tables)


LOCK_READERS: dict[Dialect, type[PostgreSQLLocks] | type[MySQLLocks]] = {
    "postgresql": PostgreSQLLocks,
    "mysql": MySQLLocks,
}


def lock_reader(dialect: Dialect) -> LockReader:
    return LOCK_READERS[dialect]()
