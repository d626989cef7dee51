"""Load a dump into an empty scratch database, statement by statement, over the server's Python driver.

The dump is replayed as the customer's own client would (`mysql` / `psql`), except for statements that would reach
outside the scratch database or need the customer's roles; those are skipped and counted (see SKIPPED).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from harness.dialects import Dialect
from harness.reproduce.dumpfile import Dump
from harness.reproduce.querying import driver_message
from harness.reproduce.reproduce_error import ReproduceError
from harness.reproduce.split_mysql import split_mysql
from harness.reproduce.split_postgresql import split_postgresql
from harness.reproduce.statements import Statement, strip_leading_comments

_CONDITIONAL = re.compile(r"/\*M?!\d*|\*/")

# Why each kind of statement is skipped: the scratch database stands in for the customer's, and the upgrade does
# not depend on who owns or may read the tables.
SKIPPED: dict[Dialect, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "mysql": (
        (
            "switches or creates databases",
            re.compile(r"^(USE|CREATE\s+(DATABASE|SCHEMA)|DROP\s+(DATABASE|SCHEMA))\b", re.IGNORECASE),
        ),
        (
            "manages accounts and privileges",
            re.compile(
                r"^(GRANT|REVOKE|CREATE\s+USER|ALTER\s+USER|DROP\s+USER|SET\s+PASSWORD|CREATE\s+ROLE|FLUSH\s+PRIVILEGES)\b",
                re.IGNORECASE,
            ),
        ),
    ),
    "postgresql": (
        ("switches or creates databases", re.compile(r"^(CREATE|ALTER|DROP)\s+DATABASE\b", re.IGNORECASE)),
        (
            "manages roles, owners and privileges",
            re.compile(
                r"^(GRANT|REVOKE|ALTER\s+DEFAULT\s+PRIVILEGES|(CREATE|ALTER|DROP)\s+(ROLE|USER)|SECURITY\s+LABEL)\b"
                r"|\sOWNER\s+TO\s+\S+$",
                re.IGNORECASE,
            ),
        ),
        (
            "re-creates the public schema the scratch database already has",
            re.compile(
                r"^(CREATE\s+SCHEMA\s+(IF\s+NOT\s+EXISTS\s+)?public|COMMENT\s+ON\s+SCHEMA\s+public)\b", re.IGNORECASE
            ),
        ),
    ),
}
# Session settings a newer dump tool writes that an older server does not know are harmless to skip.
_SESSION_SETTING = re.compile(r"^SET\s", re.IGNORECASE)


@dataclass(frozen=True)
class LoadResult:
    executed: int
    data_statements: int
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [f"{self.executed} statements"]
        parts += [f"{count} skipped ({reason})" for reason, count in sorted(self.skipped.items())]
        return ", ".join(parts)


_SPLITTERS: dict[Dialect, Callable[[str], Iterator[Statement]]] = {
    "mysql": split_mysql,
    "postgresql": split_postgresql,
}


def split_dump(dump: Dump) -> Iterator[Statement]:
    return _SPLITTERS[dump.dialect](dump.text)


def skip_reason(statement: Statement, dialect: Dialect) -> str | None:
    if statement.meta:
        return "psql client commands"
    sql = _CONDITIONAL.sub("", strip_leading_comments(statement.sql)).strip()
    for reason, pattern in SKIPPED[dialect]:
        if pattern.search(sql):
            return reason
    return None


def load_dump(dump: Dump, url: URL, on_statement: Callable[[int], None] | None = None) -> LoadResult:
    """Replay `dump` into the (empty) database at `url`; a statement the server rejects is bad input."""
    engine = create_engine(url, poolclass=NullPool)
    skipped: Counter[str] = Counter()
    warnings: list[str] = []
    executed = data = 0
    try:
        raw = engine.raw_connection()
        try:
            driver: Any = raw.driver_connection
            _autocommit(driver)
            for statement in split_dump(dump):
                reason = skip_reason(statement, dump.dialect)
                if reason is not None:
                    skipped[reason] += 1
                    continue
                try:
                    _execute(driver, statement)
                except Exception as err:  # the driver's own error types differ per dialect
                    if _SESSION_SETTING.match(statement.sql):
                        warnings.append(
                            f"line {statement.line}: skipped a setting the server rejects: {_first_line(err)}"
                        )
                        continue
                    raise ReproduceError(
                        f"--dump {dump.path} line {statement.line}: the server rejected the statement "
                        f"({_first_line(err)}): {_abbreviate(statement.sql)}; fix or remove it in the dump"
                    ) from err
                executed += 1
                data += statement.copy_data is not None or statement.keyword.startswith(("INSERT", "REPLACE"))
                if on_statement is not None:
                    on_statement(executed)
            driver.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()
    return LoadResult(executed, data, dict(skipped), tuple(warnings))


def _autocommit(driver: Any) -> None:
    """Each statement commits on its own, as in the customer's client (pymysql's switch is a method)."""
    if callable(getattr(driver, "autocommit", None)):
        driver.autocommit(True)
    else:
        driver.autocommit = True


def _execute(driver: Any, statement: Statement) -> None:
    cursor = driver.cursor()
    try:
        if statement.copy_data is not None:
            with cursor.copy(statement.sql) as copy:
                copy.write(statement.copy_data)
        else:
            cursor.execute(statement.sql)
    finally:
        cursor.close()


def _first_line(error: BaseException) -> str:
    return driver_message(error)


def _abbreviate(sql: str, limit: int = 160) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
