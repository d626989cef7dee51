"""One database driven through a sequence of steps, with every invariant checked after each step.

Steps: `upgrade V` (to a later version), `insert` (more rows of the current version's shape: rows drawn from the
scenario's strategies, recorded in the step as `insert ROWS` so a replay inserts the same ones; without strategies,
the scenario seed with a new batch), `fault KIND V#K` (upgrade towards V with a fault before its statement K),
`restart` (start the runner again with nothing to do). After every step: the runner records the version the model
expects, the schema equals a fresh install of that version, and the data equals the previous state as the declared
semantics transform it.

The hypothesis state machine (explore_machine) generates and shrinks the sequences; `replay` runs a printed one.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import shlex
import shutil
import tempfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from harness.cases import FAULT_KINDS, Fault, FaultKind, fault_kind
from harness.data import (
    DataSnapshot,
    preserved_differences,
    read_data,
    read_product_state,
    render_rows,
    snapshot_differences,
)
from harness.dialects import TRAITS, dialect_of, quote
from harness.failures import CheckFailed
from harness.faults.inject import Injector
from harness.faults.process import FaultError
from harness.faults.rollback import runner_as_process
from harness.faults.scripts import scripts_of
from harness.inspect import Schema, SchemaDifference, diff_schemas, render_differences
from harness.scenario import ColumnInfo
from harness.workbench import Workbench

INSERT_ROWS = 6
_STEP = re.compile(
    r"^(?:upgrade (?P<target>\S+)|insert(?: (?P<rows>[A-Za-z0-9_-]+))?|restart"
    r"|fault (?P<kind>[a-z-]+) (?P<version>\S+)#(?P<k>\d+))$"
)
DrawnRows = Mapping[str, Sequence[Mapping[str, object]]]


class StepError(ValueError):
    """A replayed step that cannot be understood; the message says which and what is accepted."""


@dataclass(frozen=True)
class Step:
    action: str  # upgrade | insert | fault | restart
    version: str = ""
    kind: FaultKind | None = None
    statement: int = 0
    rows: str = ""  # insert: the drawn rows as JSON ({table: [row, ...]}); empty: a seed batch

    def render(self) -> str:
        """The step as `--steps` takes it (drawn rows packed: compressed JSON in base64url)."""
        if self.action == "upgrade":
            return f"upgrade {self.version}"
        if self.action == "fault":
            return f"fault {self.kind} {self.version}#{self.statement}"
        if self.action == "insert" and self.rows:
            return f"insert {pack_rows(self.rows)}"
        return self.action

    def describe(self) -> str:
        """The step for a reader: drawn rows counted per table instead of packed."""
        if self.action == "insert" and self.rows:
            counts = ", ".join(f"{table} x{len(rows)}" for table, rows in json.loads(self.rows).items())
            return f"insert {counts}"
        return self.render()


def pack_rows(rows: str) -> str:
    return base64.urlsafe_b64encode(zlib.compress(rows.encode("utf-8"), 9)).decode("ascii").rstrip("=")


def unpack_rows(packed: str) -> str:
    """The JSON rows of a packed `insert ROWS` step; StepError when they are not what pack_rows made."""
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))).decode("utf-8")
        document = json.loads(raw)
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError) as err:
        raise StepError(f"`insert {packed[:20]}...`: the rows are not readable ({err}); copy the step whole") from err
    if not isinstance(document, dict) or not all(isinstance(rows, list) for rows in document.values()):
        raise StepError("`insert ROWS`: ROWS must hold {table: [row, ...]}; copy the step whole")
    return raw


def parse_steps(text: str) -> list[Step]:
    steps = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        match = _STEP.match(part)
        if match is None or (match.group("kind") and match.group("kind") not in FAULT_KINDS):
            raise StepError(
                f"cannot read step {part!r}; steps are `upgrade V`, `insert`, `restart`, `fault KIND V#K` "
                f"(KIND: {', '.join(FAULT_KINDS)}), separated by `;`"
            )
        if match.group("target"):
            steps.append(Step("upgrade", match.group("target")))
        elif match.group("kind"):
            steps.append(Step("fault", match.group("version"), fault_kind(match.group("kind")), int(match.group("k"))))
        elif match.group("rows"):
            steps.append(Step("insert", rows=unpack_rows(match.group("rows"))))
        else:
            steps.append(Step(part))
    return steps


def render_steps(steps: list[Step]) -> str:
    return "; ".join(step.render() for step in steps)


def read_columns(connection: Connection) -> dict[str, dict[str, ColumnInfo]]:
    """table -> column -> ColumnInfo of the database `connection` is on, from information_schema.columns."""
    dialect = dialect_of(connection)
    column_type = TRAITS[dialect].column_type_sql
    result = connection.execute(
        text(
            "SELECT table_name, column_name, data_type, is_nullable, character_maximum_length, "
            f"{column_type} FROM information_schema.columns WHERE table_schema = {TRAITS[dialect].schema_function} "
            "ORDER BY table_name, ordinal_position"
        )
    )
    columns: dict[str, dict[str, ColumnInfo]] = {}
    for table, column, data_type, nullable, length, full_type in result:
        columns.setdefault(str(table), {})[str(column)] = ColumnInfo(
            str(data_type).lower(),
            str(nullable).upper() == "YES",
            None if length is None else int(length),
            "unsigned" in str(full_type).lower(),
        )
    return columns


def insert_rows(connection: Connection, drawn: DrawnRows) -> int:
    """Insert {table: [row, ...]} (every row of a table with the same columns); returns the number of rows."""
    dialect = dialect_of(connection)
    count = 0
    for table, rows in drawn.items():
        if not rows:
            continue
        columns = list(rows[0])
        # Bind names are positional: column names need not be valid parameter names.
        statement = text(
            f"INSERT INTO {quote(dialect, table)} ({', '.join(quote(dialect, column) for column in columns)}) "
            f"VALUES ({', '.join(f':v{index}' for index in range(len(columns)))})"
        )
        connection.execute(statement, [{f"v{i}": row[column] for i, column in enumerate(columns)} for row in rows])
        count += len(rows)
    return count


class Explorer:
    """A clone of the seeded start version, the model of where it should be, and the steps applied so far."""

    def __init__(self, bench: Workbench, engine: str, start: str, scenario_arg: str) -> None:
        self.bench = bench
        self.engine = engine
        self.start = start
        self.scenario_arg = scenario_arg
        self.server = bench.server(engine)
        self.history = scripts_of(bench.scenario)
        self.version = start
        self.batch = 0
        self.steps: list[Step] = []
        self.database = bench.snapshots(engine).clone_seeded(start)
        self.workdir = Path(tempfile.mkdtemp(prefix="uh-explore-"))
        # One pooled connection for the harness's own reads and inserts: a step is dominated by connecting otherwise.
        self._engine = create_engine(self.url, pool_size=1, max_overflow=0)
        self._schema = Schema(self.server.dialect, {})
        self.data = self._read()[1]

    @property
    def url(self) -> URL:
        return self.server.url(self.database)

    def later_versions(self) -> tuple[str, ...]:
        versions = self.bench.scenario.versions
        return versions[versions.index(self.version) + 1 :]

    def apply(self, step: Step) -> None:
        if step.action in ("upgrade", "fault") and step.version not in self.later_versions():
            raise StepError(
                f"`{step.render()}`: the database is at {self.version}; upgrades and faults name a later version "
                f"({', '.join(self.later_versions()) or 'none: it is at the newest'})"
            )
        self.steps.append(step)
        before_version, before_data = self.version, self.data
        if step.action == "upgrade":
            self._upgrade(step.version)
        elif step.action == "insert":
            self._insert(step.rows)
        elif step.action == "fault" and step.kind is not None:
            self._fault(Fault(step.kind, step.version, step.statement))
        elif step.action == "restart":
            self._run_to(self.version, "restart")
        else:
            raise StepError(f"unknown step {step.action!r}")
        self._check(before_version, before_data, step)

    def _run_to(self, target: str, what: str) -> None:
        outcome = self.bench.runner.upgrade(self.url, target)
        if not outcome.ok:
            self._fail(f"{what}: the runner failed going to {target}", {"runner said": outcome.error})
        self.version = target

    def _upgrade(self, target: str) -> None:
        self._run_to(target, f"upgrade {target}")

    def columns(self) -> dict[str, dict[str, ColumnInfo]]:
        """The columns the database has now, for drawing rows of its shape."""
        with self._engine.connect() as connection:
            return read_columns(connection)

    def _insert(self, rows: str) -> None:
        seed = self.bench.scenario.seed
        if not rows and seed is None:
            return
        self.batch += 1
        with self._engine.connect() as connection:
            if seed is not None and not rows:
                seed(connection, version=self.version, dialect=self.server.dialect, size=INSERT_ROWS, batch=self.batch)
            elif rows:
                try:
                    insert_rows(connection, json.loads(rows))
                except DBAPIError as err:
                    connection.rollback()
                    self._fail(
                        f"insert: the server refused rows the scenario's strategies drew for {self.version}",
                        {"server said": str(err.orig)[:800], "rows": rows[:4000]},
                    )
            connection.commit()

    def _fault(self, fault: Fault) -> None:
        injector = Injector(runner_as_process(self.bench), self.history, self.server, self.workdir)
        # The state before the step, kept in case the fault turns out not to apply here (see below).
        self._engine.dispose()  # a clone ends the sessions on its source; the pool reconnects on next use
        before = self.server.clone_database(self.database)
        try:
            run = injector.inject(self.database, fault)
        except FaultError as err:
            self.server.drop_database(before)
            self._fail(f"{fault.label}: the runner never reached the fault", {"what happened": str(err)})
        except BaseException:
            self.server.drop_database(before)
            raise
        if run.skipped is not None:
            # The runner went on without the fault, but on the rewritten copy of the scripts, whose checksums it
            # recorded: the step becomes a plain upgrade of the state before it, with the real scripts.
            self._replace_database(before)
            self._run_to(fault.version, f"{fault.label} (not applicable here: {run.skipped}), so a plain upgrade")
            return
        self.server.drop_database(before)
        if fault.kind != "crash" and run.exit_code == 0:
            self._fail(f"{fault.label}: the runner reported success", {"runner output": run.output})
        if fault.kind == "crash" and injector.runner.recovers_on_start and run.restart_code != 0:
            self._fail(f"{fault.label}: the restarted runner failed", {"output": run.restart_output})
        self.version = self.history.previous(fault.version)

    def _replace_database(self, database: str) -> None:
        self._engine.dispose()
        self.server.drop_database(self.database)
        self.database = database
        self._engine = create_engine(self.url, pool_size=1, max_overflow=0)

    def _read_data(self) -> DataSnapshot:
        with self._engine.connect() as connection:
            return read_data(connection, self._schema)

    def _read(self) -> tuple[Schema, DataSnapshot]:
        with self._engine.connect() as connection:
            self._schema, data = read_product_state(connection, self.bench.runner.own_tables)
            return self._schema, data

    def _check(self, before_version: str, before: DataSnapshot, step: Step) -> None:
        schema_diff: list[SchemaDifference] = []
        if step.action == "insert":  # the harness's own rows: the runner did not run, version and schema stand
            data = self._read_data()
        else:
            recorded = self.bench.runner.current_version(self.url)
            if recorded != self.version:
                self._fail(f"after `{step.render()}` the runner records {recorded}, expected {self.version}", {})
            schema, data = self._read()
            schema_diff = diff_schemas(self.bench.snapshots(self.engine).fresh_schema(self.version), schema)
        scenario = self.bench.scenario
        violations: list[str] = []
        if step.action == "insert":
            lost = preserved_differences(before, data, frozenset())
        elif before_version == self.version:
            lost = snapshot_differences(before, data)
        else:
            lost = preserved_differences(before, data, scenario.changed_on_purpose(before_version, self.version))
            violations = [
                f"{version}: {message}"
                for version in scenario.crossed(before_version, self.version)
                if (invariant := scenario.invariants.get(version)) is not None
                for message in invariant(before.as_rows(), data.as_rows())
            ]
        if schema_diff or lost or violations:
            self._fail(
                f"after `{step.render()}` the database breaks an invariant at {self.version}",
                {
                    f"schema (expected = fresh install of {self.version})": render_differences(schema_diff),
                    f"rows ({before_version} -> now)": render_rows(lost),
                    "invariants": "\n".join(violations[:20]),
                },
            )
        self.data = data

    def replay_command(self) -> str:
        return (
            f"python -m harness.faults.replay_sequence --scenario {shlex.quote(self.scenario_arg)} "
            f"--engine {shlex.quote(self.engine)} --from {self.start} "
            f"--seed-size {self.bench.seed_size} --steps {shlex.quote(render_steps(self.steps))}"
        )

    def _fail(self, headline: str, sections: dict[str, str]) -> NoReturn:
        raise CheckFailed(
            f"explore on {self.engine}: {headline}",
            {
                **sections,
                "steps (from the seeded " + self.start + ")": "\n".join(s.describe() for s in self.steps),
                "rows the steps inserted": "\n".join(s.rows for s in self.steps if s.rows)[:4000],
                "replay": self.replay_command(),
            },
        )

    def close(self) -> None:
        self._engine.dispose()
        try:
            self.server.drop_database(self.database)
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
