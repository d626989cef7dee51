"""Provisioning benchmark: time to a ready server, and create / clone / drop of scratch databases, per engine.

Three databases are measured: an empty one, a 40-table schema without rows, and the same schema with 80,000 rows
(2,000 per table, one foreign key and one secondary index per table). For MySQL-family engines the clone methods are
compared too: the naive `CREATE TABLE ... LIKE` + `INSERT ... SELECT`, tables from `SHOW CREATE TABLE` (not exact:
InnoDB's own foreign-key indexes become ordinary ones), the portable method used for URL and Docker servers
(`CREATE TABLE ... LIKE`, foreign keys added again, `INSERT ... SELECT`), and the one local servers use
(transportable tablespaces).

    python -m benchmarks.provisioning [SPEC ...]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from harness.engines import EngineUnavailable, Server, start_server
from harness.engines.clone_mysql import InsertSelect, clone_schema, read_tables
from harness.engines.clone_mysql_keys import quote
from harness.engines.server import scratch_name

DEFAULT_ENGINES = ("postgresql@15", "postgresql@16", "postgresql@18", "mariadb@10.11")
TABLES = 40
ROWS = 80_000
REPEATS = 5

Result = dict[str, Any]
T = TypeVar("T")


def _timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def _median(samples: Sequence[float]) -> float:
    return round(statistics.median(samples), 4)


@contextmanager
def _connect(server: Server, database: str | None, autocommit: bool = False) -> Iterator[Connection]:
    options = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
    engine = create_engine(server.url(database), poolclass=NullPool, execution_options=options)
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def create_dataset(server: Server, database: str, tables: int = TABLES, rows: int = ROWS) -> None:
    """The 40-table schema (portable SQL) and, when `rows`, its rows spread evenly over the tables."""
    per_table = rows // tables
    with _connect(server, database) as connection:
        for t in range(tables):
            foreign_key = f", CONSTRAINT fk_t{t:02d}_parent FOREIGN KEY (parent_id) REFERENCES t00 (id)" if t else ""
            connection.exec_driver_sql(
                f"CREATE TABLE t{t:02d} (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER, "
                f"name VARCHAR(64) NOT NULL, amount DECIMAL(10,2) DEFAULT 0, note VARCHAR(200), created DATE"
                f"{foreign_key})"
            )
            connection.exec_driver_sql(f"CREATE INDEX ix_t{t:02d}_name ON t{t:02d} (name)")
            for first in range(1, per_table + 1, 1000):
                values = ",".join(
                    f"({i}, {1 + i % 100 if t else 'NULL'}, 'name {i}', {i % 997}.25, 'note {i * 7}', "
                    f"'2024-01-{1 + i % 28:02d}')"
                    for i in range(first, min(first + 1000, per_table + 1))
                )
                connection.exec_driver_sql(f"INSERT INTO t{t:02d} VALUES {values}")


def _naive_clone(server: Server, source: str) -> str:
    """CREATE TABLE ... LIKE + INSERT ... SELECT per table (loses foreign keys: shown for its cost only)."""
    target = scratch_name()
    with _connect(server, None, autocommit=True) as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {quote(target)}")
        tables = connection.exec_driver_sql(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %(s)s", {"s": source}
        ).scalars().all()
        for table in tables:
            copy, original = f"{quote(target)}.{quote(table)}", f"{quote(source)}.{quote(table)}"
            connection.exec_driver_sql(f"CREATE TABLE {copy} LIKE {original}")
            connection.exec_driver_sql(f"INSERT INTO {copy} SELECT * FROM {original}")
    return target


def _show_create_clone(server: Server, source: str) -> str:
    """Tables from SHOW CREATE TABLE + INSERT ... SELECT: what the clone did before it kept InnoDB's own foreign-key
    indexes (shown for the cost of exactness)."""
    target = scratch_name()
    with _connect(server, None, autocommit=True) as connection:
        tables = read_tables(connection, source)
        connection.exec_driver_sql(f"CREATE DATABASE {quote(target)}")
        connection.exec_driver_sql(f"USE {quote(target)}")
        connection.exec_driver_sql("SET SESSION foreign_key_checks = 0")
        for table in tables:
            connection.exec_driver_sql(table.create)
        InsertSelect().copy(connection, source, target, tables)
    return target


def _portable_clone(server: Server, source: str) -> str:
    target = scratch_name()
    with _connect(server, None, autocommit=True) as connection:
        clone_schema(connection, source, target)
    return target


def _chosen_clone(server: Server, source: str) -> str:
    return server.clone_database(source)


def _drop_unmanaged(server: Server, name: str) -> None:
    with _connect(server, None, autocommit=True) as connection:
        connection.exec_driver_sql(f"DROP DATABASE {quote(name)}")


def _clone_and_drop(clone: Callable[[], str], drop: Callable[[str], None], repeats: int) -> Result:
    clones, drops = [], []
    for _ in range(repeats):
        seconds, name = _timed(clone)
        clones.append(seconds)
        drops.append(_timed(partial(drop, name))[0])
    return {"clone_s": _median(clones), "drop_s": _median(drops)}


def _databases(server: Server) -> dict[str, tuple[str, float]]:
    """name -> (database, seconds to build it from scratch)."""
    empty_s, empty = _timed(server.create_database)
    schema = server.create_database()
    schema_s = _timed(lambda: create_dataset(server, schema, rows=0))[0]
    loaded = server.create_database()
    loaded_s = _timed(lambda: create_dataset(server, loaded))[0]
    return {"empty": (empty, empty_s), "schema": (schema, schema_s), "loaded": (loaded, loaded_s)}


def measure_engine(spec: str, repeats: int = REPEATS) -> Result:
    first_s, first = _timed(lambda: start_server(spec))  # may build the binary and data-directory caches
    first.stop()
    starts = []
    for _ in range(3):
        seconds, server = _timed(lambda: start_server(spec))
        starts.append(seconds)
        if len(starts) < 3:
            server.stop()
    result: Result = {
        "provider": server.provider, "server_version": server.server_version, "detail": server.detail,
        "provision_first_s": round(first_s, 4), "provision_s": _median(starts),
    }
    try:
        databases = _databases(server)
        for kind, (database, build_s) in databases.items():
            result[kind] = {
                "build_s": round(build_s, 4),
                **_clone_and_drop(partial(server.clone_database, database), server.drop_database, repeats),
            }
        if server.dialect == "mysql":
            methods: tuple[tuple[str, Callable[[Server, str], str], Callable[[str], None]], ...] = (
                ("naive CREATE LIKE + INSERT SELECT", _naive_clone, partial(_drop_unmanaged, server)),
                ("SHOW CREATE + INSERT SELECT (not exact)", _show_create_clone, partial(_drop_unmanaged, server)),
                ("portable CREATE LIKE + foreign keys + INSERT SELECT", _portable_clone,
                 partial(_drop_unmanaged, server)),
                (f"chosen ({server.provider})", _chosen_clone, server.drop_database),
            )
            result["clone_methods"] = {
                method: {
                    kind: _clone_and_drop(partial(clone, server, database), drop, repeats)
                    for kind, (database, _) in databases.items()
                }
                for method, clone, drop in methods
            }
    finally:
        server.stop()
    return result


def measure(engines: Sequence[str] = DEFAULT_ENGINES, repeats: int = REPEATS) -> Result:
    """Numbers per engine (seconds, medians); engines that cannot run here are listed with the reason."""
    results: Result = {"dataset": {"tables": TABLES, "rows": ROWS}, "repeats": repeats, "engines": {}}
    for spec in engines:
        try:
            results["engines"][spec] = measure_engine(spec, repeats)
        except EngineUnavailable as err:
            results["engines"][spec] = {"unavailable": err.reason}
    return results


def render(results: Result) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for spec, numbers in results["engines"].items():
        if "unavailable" in numbers:
            console.print(f"[bold]{spec}[/bold]: unavailable: {numbers['unavailable']}")
            continue
        table = Table(title=(
            f"{spec} ({numbers['provider']}, {numbers['server_version']}): ready in {numbers['provision_s']:.3f} s "
            f"(first start {numbers['provision_first_s']:.3f} s)"
        ))
        for column in ("database", "build from scratch s", "clone s", "drop s"):
            table.add_column(column, justify="right" if column != "database" else "left")
        for kind, label in (("empty", "empty"), ("schema", f"{TABLES} tables, no rows"),
                            ("loaded", f"{TABLES} tables, {ROWS:,} rows")):
            row = numbers[kind]
            table.add_row(label, f"{row['build_s']:.3f}", f"{row['clone_s']:.3f}", f"{row['drop_s']:.3f}")
        console.print(table)
        if "clone_methods" in numbers:
            methods = Table(title=f"{spec}: clone methods (clone s / drop s)")
            methods.add_column("method")
            for kind in ("empty", "schema", "loaded"):
                methods.add_column(kind, justify="right")
            for method, kinds in numbers["clone_methods"].items():
                methods.add_row(method, *(f"{kinds[k]['clone_s']:.3f} / {kinds[k]['drop_s']:.3f}"
                                          for k in ("empty", "schema", "loaded")))
            console.print(methods)


def main(argv: Sequence[str] = ()) -> Result:
    results = measure(tuple(argv) or DEFAULT_ENGINES)
    render(results)
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
