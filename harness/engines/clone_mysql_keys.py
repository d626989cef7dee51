"""A clone's tables and foreign keys, made so that InnoDB treats the clone's indexes as it treats the source's.

InnoDB gives a foreign key that no index serves an index of its own, drops that index by itself once a later index
can serve the key, and refuses to drop the last index a key needs. `SHOW CREATE TABLE` prints such an index like any
other, and a table created from that text makes it an ordinary index that stays: a later `CREATE INDEX` then leaves
the clone with an index the original loses. So the clone's tables are made with `CREATE TABLE ... LIKE` (the server
copies its own definition, which indexes are its own included) and their foreign keys added again, which lets the
server make each key's own index exactly as it did for the source.

The server names a key's own index after the key, or, for a key declared without a name (numbered
`<table>_ibfk_N`), after its column (MariaDB) or the index name the declaration gave (MySQL). Such keys are declared
again the same way, without a name, when the server's next number is theirs, so both names come out the same. The
indexes of every table are compared with the source's afterwards; a table that cannot be made the same raises
CloneNotExact rather than leave a clone that would upgrade differently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from harness.dialects import Family, traits

# One index: name -> its parts in order, "column" or "column(prefix length)".
IndexParts = tuple[str, ...]
Indexes = Mapping[str, IndexParts]

_KEY_LINE = re.compile(
    r"^\s*CONSTRAINT `((?:[^`]|``)+)` (FOREIGN KEY \(((?:`(?:[^`]|``)+`(?:, ?)?)+)\) REFERENCES .*?),?$"
)
_CHECK_LINE = re.compile(r"^\s*(CONSTRAINT `((?:[^`]|``)+)` CHECK .*?),?$")
_NAME = re.compile(r"`((?:[^`]|``)+)`")
_PLACEHOLDER_TARGET = "uh_clone_numbering"  # never created: foreign-key checks are off while the clone is made


class CloneNotExact(Exception):
    """A table of the clone would not behave like the source's under later DDL; the message says how it differs."""


@dataclass(frozen=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    clause: str  # as SHOW CREATE TABLE declares it, without the name: "FOREIGN KEY (`a`) REFERENCES `t` (`id`) ..."

    def named(self) -> str:
        return f"ADD CONSTRAINT {quote(self.name)} {self.clause}"


quote = traits("mysql").quote
"""A name in backticks: every statement here is the MySQL family's."""


def foreign_keys(create: str) -> tuple[ForeignKey, ...]:
    """The foreign keys of a `SHOW CREATE TABLE` text (one per line, as the server prints them)."""
    keys = []
    for line in create.splitlines():
        match = _KEY_LINE.match(line)
        if match is not None:
            columns = tuple(name.replace("``", "`") for name in _NAME.findall(match[3]))
            keys.append(ForeignKey(match[1].replace("``", "`"), columns, match[2]))
    return tuple(keys)


def checks(create: str) -> tuple[tuple[str, str], ...]:
    """(name, declaration) of the CHECK constraints of a `SHOW CREATE TABLE` text."""
    found = (_CHECK_LINE.match(line) for line in create.splitlines())
    return tuple((match[2].replace("``", "`"), match[1]) for match in found if match is not None)


@dataclass(frozen=True)
class ServerRules:
    """Where MySQL and MariaDB name things differently."""

    index_named_in_declaration: bool  # MySQL: `FOREIGN KEY ix (a)` names the index ix (MariaDB names the key ix)
    like_renames_checks: bool  # MySQL: `CREATE TABLE ... LIKE` names CHECK constraints <table>_chk_N

    def declare(self, connection: Connection, table: str, key: ForeignKey, index: str) -> None:
        """Add `key` without a name so that the server names its own index `index`."""
        if self.index_named_in_declaration:
            _alter(connection, table, ["ADD " + key.clause.replace("FOREIGN KEY ", f"FOREIGN KEY {quote(index)} ", 1)])
            return
        first = key.columns[0]
        if first == index:
            _alter(connection, table, ["ADD " + key.clause])
            return
        # MariaDB names it after the first column: the index kept its name when that column was renamed later.
        # The column takes the index's name while the key is declared (the table is still empty).
        if index in _columns(connection, table):
            raise CloneNotExact(f"table {table}: the index of {key.name} is named {index}, like another column")
        renamed = key.clause.replace(f"FOREIGN KEY ({quote(first)}", f"FOREIGN KEY ({quote(index)}", 1)
        _alter(connection, table, [f"RENAME COLUMN {quote(first)} TO {quote(index)}"])
        _alter(connection, table, ["ADD " + renamed])
        _alter(connection, table, [f"RENAME COLUMN {quote(index)} TO {quote(first)}"])


SERVER_RULES: dict[Family, ServerRules] = {
    "mariadb": ServerRules(index_named_in_declaration=False, like_renames_checks=False),
    "mysql": ServerRules(index_named_in_declaration=True, like_renames_checks=True),
}


def read_indexes(connection: Connection, schema: str) -> dict[str, dict[str, IndexParts]]:
    """table -> index name -> parts, for every table of `schema`, in one query."""
    found: dict[str, dict[str, list[str]]] = {}
    for table, index, column, prefix in connection.exec_driver_sql(
        "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, SUB_PART FROM information_schema.STATISTICS "
        "WHERE TABLE_SCHEMA = %(s)s ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
        {"s": schema},
    ).all():
        part = str(column) if prefix is None else f"{column}({prefix})"
        found.setdefault(str(table), {}).setdefault(str(index), []).append(part)
    return {table: {index: tuple(parts) for index, parts in indexes.items()} for table, indexes in found.items()}


def create_tables(
    connection: Connection,
    source: str,
    tables: Sequence[TableKeys],
    rules: ServerRules,
) -> None:
    """Create `tables` in the current schema (the target) as copies of `source`'s, foreign keys included."""
    for table in tables:
        connection.exec_driver_sql(f"CREATE TABLE {quote(table.name)} LIKE {quote(source)}.{quote(table.name)}")
    if rules.like_renames_checks:
        _name_checks_as_the_source(connection, tables)
    for table in tables:
        if table.keys:
            connection.exec_driver_sql(
                f"ALTER TABLE {quote(table.name)} " + ", ".join(key.named() for key in table.keys)
            )
    keyed = [table for table in tables if table.keys]
    if not keyed:
        return
    made = read_indexes(connection, _current_schema(connection))
    for table in keyed:
        if made.get(table.name, {}) != dict(table.indexes):
            _declare_unnamed_again(connection, table, made.get(table.name, {}), rules)
    made = read_indexes(connection, _current_schema(connection))
    for table in keyed:
        if made.get(table.name, {}) != dict(table.indexes):
            raise CloneNotExact(
                f"table {table.name}: the copy's indexes {sorted(made.get(table.name, {}).items())} are not the "
                f"source's {sorted(table.indexes)}"
            )


@dataclass(frozen=True)
class TableKeys:
    """What making a table's copy needs: its name, its foreign keys and the source's indexes."""

    name: str
    keys: tuple[ForeignKey, ...]
    indexes: tuple[tuple[str, IndexParts], ...]
    checks: tuple[tuple[str, str], ...]  # (name, declaration)


def _name_checks_as_the_source(connection: Connection, tables: Sequence[TableKeys]) -> None:
    """MySQL's `CREATE TABLE ... LIKE` renames CHECK constraints `<table>_chk_N`; they get their own names back."""
    if not any(table.checks for table in tables):
        return
    made: dict[str, set[str]] = {}
    for table, name in connection.exec_driver_sql(
        "SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
        "WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'CHECK'"
    ).all():
        made.setdefault(str(table), set()).add(str(name))
    for table in tables:
        if made.get(table.name, set()) != {name for name, _ in table.checks}:
            _alter(
                connection,
                table.name,
                [f"DROP CHECK {quote(name)}" for name in sorted(made.get(table.name, ()))]
                + ["ADD " + declaration for _, declaration in table.checks],
            )


def _current_schema(connection: Connection) -> str:
    return str(connection.exec_driver_sql("SELECT DATABASE()").scalar_one())


def _declare_unnamed_again(
    connection: Connection,
    table: TableKeys,
    made: Indexes,
    rules: ServerRules,
) -> None:
    """Re-declare the keys whose own index came out named after the key instead of the source's name.

    Those are keys first declared without a name: `<table>_ibfk_N`. Every such numbered key from the first of them
    on is dropped and declared again in order, each when the server's next number (the highest so far + 1) is its
    own; a gap in the numbers is bridged by a placeholder key on the primary key, dropped at the end.
    """
    source = dict(table.indexes)
    numbered = _numbers(table)
    by_name = {key.name: key for key in table.keys}
    index_of: dict[str, str] = {}  # key name -> the name the source gives its own index
    for name in sorted(made.keys() - source.keys()):
        key = by_name.get(name)
        candidates = [index for index in sorted(source.keys() - made.keys()) if source[index] == made[name]]
        if key is None or name not in numbered or not candidates:
            raise CloneNotExact(
                f"table {table.name}: index {name} {made[name]} of the copy has no counterpart in the source "
                f"(indexes {sorted(source)})"
            )
        index_of[name] = candidates[0]
    first = min(numbered[name] for name in index_of)
    again = sorted((key for key in table.keys if numbered.get(key.name, 0) >= first), key=lambda k: numbered[k.name])
    dropped = [f"DROP FOREIGN KEY {quote(key.name)}" for key in again]
    dropped += [f"DROP INDEX {quote(name)}" for name in index_of]
    _alter(connection, table.name, dropped)
    highest = max((number for name, number in numbered.items() if number < first), default=0)
    placeholders: list[str] = []
    for key in again:
        number = numbered[key.name]
        if highest < number - 1:
            placeholders.append(f"{table.name}_ibfk_{number - 1}")
            _alter(connection, table.name, [_placeholder(table, placeholders[-1])])
        if key.name in index_of:
            rules.declare(connection, table.name, key, index_of[key.name])
        else:
            _alter(connection, table.name, [key.named()])
        highest = number
    if placeholders:
        _alter(connection, table.name, [f"DROP FOREIGN KEY {quote(name)}" for name in placeholders])


def _numbers(table: TableKeys) -> dict[str, int]:
    """The keys named as the server names keys declared without a name, with their numbers."""
    pattern = re.compile(re.escape(table.name) + r"_ibfk_([0-9]+)")
    return {key.name: int(match[1]) for key in table.keys if (match := pattern.fullmatch(key.name)) is not None}


def _placeholder(table: TableKeys, name: str) -> str:
    """A key on the primary key (so the server makes no index for it) that only holds its number."""
    primary = dict(table.indexes).get("PRIMARY")
    if primary is None or any("(" in part for part in primary):
        raise CloneNotExact(f"table {table.name}: its foreign-key numbers have a gap and it has no primary key")
    columns = ", ".join(quote(part) for part in primary)
    return f"ADD CONSTRAINT {quote(name)} FOREIGN KEY ({columns}) REFERENCES {quote(_PLACEHOLDER_TARGET)} ({columns})"


def _columns(connection: Connection, table: str) -> set[str]:
    return {
        str(name)
        for name in connection.exec_driver_sql(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %(t)s",
            {"t": table},
        ).scalars()
    }


def _alter(connection: Connection, table: str, clauses: Sequence[str]) -> None:
    connection.exec_driver_sql(f"ALTER TABLE {quote(table)} " + ", ".join(clauses))
