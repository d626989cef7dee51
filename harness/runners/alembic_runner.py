"""The `alembic` runner: the real alembic package, in-process, running the project's own env.py against our engines.

Alembic documents two ways to hand env.py a database, and both are used: `config.attributes["connection"]` holds a
connection the harness opened (so env.py runs on it and SQLAlchemy events can watch it), and the `sqlalchemy.url`
main option names the same database (for an env.py that builds its own engine). The connection is opened without
a transaction, so the transactions are env.py's own (`transaction_per_migration`, or one for the whole run) exactly
as in production. A harness version is a release: upgrading to it is `alembic upgrade <head>` for each of its heads
(harness/layouts/alembic_history.py), a rollback is `alembic downgrade <head>`, and the version the database is at
is read from `alembic_version`.

`[runner_options]` in the scenario.toml beside alembic.ini: `x_arguments = ["key=value", ...]` (Alembic's `-x`,
read by env.py and the revisions through `context.get_x_argument()`), `version_table` (default `alembic_version`,
when env.py configures another).
"""

from __future__ import annotations

import argparse
import io
import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, MetaData, create_engine, event, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from harness.dialects import Dialect, quote_identifier
from harness.layouts.alembic import alembic_config
from harness.layouts.alembic_history import AlembicHistory
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.scenario_model import Scenario
from harness.runners.system_under_test import Attempt, RunOutcome, StatementTime

if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"
_MIGRATION_LOG = "alembic.runtime.migration"
OPTIONS = ("x_arguments", "version_table")
# a URL of each dialect that env.py's offline mode can build its SQL dialect from
OFFLINE_DRIVERS: dict[Dialect, str] = {"postgresql": "postgresql+psycopg", "mysql": "mysql+pymysql"}


class _RevisionLog(logging.Handler):
    """Keeps the last "Running upgrade a -> b" line Alembic logs, to name the revision that failed, and tells
    `on_revision` which revision starts (Alembic logs the line just before it runs the revision's function)."""

    def __init__(self, on_revision: Callable[[str], None] | None = None) -> None:
        super().__init__(logging.INFO)
        self.last = ""
        self.on_revision = on_revision

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(("Running upgrade", "Running downgrade")):
            self.last = message
            if self.on_revision is not None and " -> " in message:
                # "Running upgrade r08a, r08b -> r09, the message": the revision is what follows the arrow
                self.on_revision(message.split(" -> ", 1)[1].split(",", 1)[0].strip())


class AlembicRunner:
    name = "alembic"
    records_attempts = False

    def __init__(self, scenario: Scenario) -> None:
        history = scenario.history
        if not isinstance(history, AlembicHistory):
            raise ScenarioError(f"scenario {scenario.name!r}: the alembic runner reads an Alembic project")
        options = dict(scenario.runner_options)
        unknown = sorted(set(options) - set(OPTIONS))
        if unknown:
            raise ScenarioError(
                f"scenario {scenario.name!r}: unknown [runner_options] {', '.join(unknown)} for the alembic runner; "
                f"known: {', '.join(OPTIONS)}"
            )
        x_arguments = options.get("x_arguments", [])
        if not isinstance(x_arguments, list) or not all(isinstance(a, str) and "=" in a for a in x_arguments):
            raise ScenarioError(
                f'scenario {scenario.name!r}: [runner_options] x_arguments must be a list of "key=value" texts'
            )
        self.history = history
        self.x_arguments: tuple[str, ...] = tuple(x_arguments)
        self.version_table = str(options.get("version_table", VERSION_TABLE))
        self.own_tables = frozenset({self.version_table})

    # -- the Runner protocol -------------------------------------------------------------------------------------
    def install(self, url: URL, version: str) -> RunOutcome:
        return self.upgrade(url, version)

    def upgrade(self, url: URL, target: str) -> RunOutcome:
        return self.run_command(url, "upgrade", target)

    def rollback(self, url: URL, target: str) -> RunOutcome:
        return self.run_command(url, "downgrade", target)

    def rollback_gap(self, dialect: Dialect, start: str, target: str) -> str | None:
        """Why `alembic downgrade` cannot bring `target` back to exactly `start`: a downgrade to a revision removes
        only its descendants, so from after a merge back to a branch release the other branch's revisions stay.
        Whether each downgrade() is right is what down_up finds out."""
        history = self.history
        kept = history.ancestors(history.heads_of(start))
        applied = history.ancestors(history.heads_of(target))
        left = {rev for rev in applied - kept if not history.ancestors((rev,)) & set(history.heads_of(start))}
        if not left:
            return None
        return (
            f"alembic downgrade {' '.join(history.heads_of(start))} removes only the revisions after it; "
            f"{', '.join(sorted(left))} (another branch) would stay, so {start} cannot be reached by a downgrade"
        )

    def current_version(self, url: URL) -> str | None:
        return self.history.version_of_heads(tuple(row[0] for row in self.version_rows(url)))

    def attempts(self, url: URL) -> list[Attempt]:
        return []  # alembic_version holds the current heads only

    def version_rows(self, url: URL) -> list[tuple[str, ...]]:
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                if not inspect(connection).has_table(self.version_table):
                    return []
                table = quote_identifier(connection, self.version_table)
                rows = connection.execute(text(f"SELECT version_num FROM {table}")).all()
                return sorted((str(row[0]),) for row in rows)
        finally:
            engine.dispose()

    def target_metadata(self, dialect: Dialect) -> MetaData | None:
        """The `target_metadata` env.py configures (None when it gives none), read by running env.py in Alembic's
        offline mode for `dialect` with no migrations to run: no database is touched."""
        from alembic.runtime.environment import EnvironmentContext
        from alembic.script import ScriptDirectory

        captured: list[object] = []

        def no_migrations(heads: object, context: Any) -> list[object]:
            captured.append(context.opts.get("target_metadata"))
            return []

        output = io.StringIO()
        config = self.config(URL.create(OFFLINE_DRIVERS[dialect]), None, output)
        script = ScriptDirectory.from_config(config)
        try:
            with EnvironmentContext(config, script, fn=no_migrations, as_sql=True, output_buffer=output):
                script.run_env()
        except Exception as err:
            raise ScenarioError(
                f"{self.history.script_location / 'env.py'}: running it offline to read target_metadata failed: "
                f"{type(err).__name__}: {err}"
            ) from err
        found = captured[0] if captured else None
        if isinstance(found, Sequence) and found and all(isinstance(m, MetaData) for m in found):
            merged = MetaData()  # Alembic accepts a list of MetaData; the models are all of them
            for metadata in found:
                for table in metadata.tables.values():
                    table.to_metadata(merged)
            return merged
        return found if isinstance(found, MetaData) else None

    # -- running Alembic -----------------------------------------------------------------------------------------
    def config(self, url: URL, connection: Connection | None, output: io.StringIO) -> Config:
        """The project's Config, pointed at `url` and handed `connection` (Alembic's documented hand-offs)."""
        config = alembic_config(self.history)
        config.output_buffer = output
        config.stdout = output
        config.cmd_opts = argparse.Namespace(x=list(self.x_arguments))
        # ConfigParser interpolates %, which a percent-encoded password may hold.
        config.set_main_option("sqlalchemy.url", url.render_as_string(hide_password=False).replace("%", "%%"))
        if connection is not None:
            config.attributes["connection"] = connection
        return config

    # -- statement faults (harness/faults/statement_faults.py) ----------------------------------------------------
    def upgrade_watched(
        self, url: URL, target: str, watch: Callable[[Connection], Any], on_unit: Callable[[str], None]
    ) -> RunOutcome:
        """The upgrade to harness version `target` with `watch` attached to the connection env.py is handed and
        `on_unit` told each revision as it starts."""
        return self.run_command(url, "upgrade", target, watch, on_unit)

    def upgrade_to_units(self, url: URL, units: tuple[str, ...]) -> RunOutcome:
        """`alembic upgrade <revision>` for each of `units`: the database a fault-free run leaves at those heads."""
        return self.run_command(url, "upgrade", " ".join(units), heads=units)

    def applied_units(self, heads: tuple[str, ...]) -> frozenset[str]:
        """The revisions applied when `alembic_version` holds `heads`."""
        return self.history.ancestors(heads)

    def units_at(self, version: str) -> frozenset[str]:
        """The revisions applied at harness version `version`."""
        return self.history.ancestors(self.history.heads_of(version))

    def recorded_units(self, url: URL) -> tuple[str, ...]:
        """The revisions `alembic_version` holds."""
        return tuple(row[0] for row in self.version_rows(url))

    def records_unit(self, statement: str) -> bool:
        """Whether `statement` is Alembic's write of the version table (after a revision's own statements)."""
        table = re.escape(self.version_table)
        writes = rf"\s*(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+[`\"]?{table}[`\"]?(?:\s|$)"
        return re.match(writes, statement, re.IGNORECASE) is not None

    def run_command(
        self,
        url: URL,
        verb: str,
        target: str,
        watch: Callable[[Connection], Any] | None = None,
        on_revision: Callable[[str], None] | None = None,
        heads: tuple[str, ...] | None = None,
    ) -> RunOutcome:
        """`alembic <verb> <head>` for each head of harness version `target` (or each of `heads`), on one
        connection; `watch` is called with the connection before Alembic runs (statement faults attach their
        listeners there) and `on_revision` with each revision as Alembic starts it."""
        from alembic import command

        run = getattr(command, verb)
        before = self.version_rows(url)
        output = io.StringIO()
        statements: list[StatementTime] = []
        started = time.perf_counter()
        engine = create_engine(url, poolclass=NullPool)
        log = _RevisionLog(on_revision)
        last_statement: list[str] = [""]
        try:
            with engine.connect() as connection, _logging(log):
                _time_statements(connection, target, statements, last_statement)
                if watch is not None:
                    watch(connection)
                config = self.config(url, connection, output)
                for head in heads if heads is not None else self.history.heads_of(target):
                    run(config, head)
                if connection.in_transaction():
                    connection.commit()
        except Exception as err:
            return RunOutcome(
                ok=False,
                seconds=time.perf_counter() - started,
                error=f"alembic {verb} to {target} failed"
                + (f" ({log.last})" if log.last else "")
                + f": {type(err).__name__}: {err}",
                failed_version=target,
                failed_statement=last_statement[0] or None,
                statements=tuple(statements),
            )
        finally:
            engine.dispose()
        seconds = time.perf_counter() - started
        applied = (target,) if self.version_rows(url) != before else ()
        return RunOutcome(ok=True, seconds=seconds, applied=applied, statements=tuple(statements))


@contextmanager
def _logging(handler: logging.Handler) -> Iterator[None]:
    logger = logging.getLogger(_MIGRATION_LOG)
    level = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _time_statements(connection: Connection, version: str, into: list[StatementTime], last: list[str]) -> None:
    """Record every statement the run sends (report.json's `statements`) and keep the last one for a failure."""
    began: list[float] = []

    def before(conn: Connection, cursor: object, statement: str, *args: Sequence[object]) -> None:
        last[0] = statement
        began.append(time.perf_counter())

    def after(conn: Connection, cursor: object, statement: str, *args: Sequence[object]) -> None:
        if began:
            into.append(StatementTime(version, len(into) + 1, statement, time.perf_counter() - began.pop()))

    event.listen(connection, "before_cursor_execute", before)
    event.listen(connection, "after_cursor_execute", after)


__all__ = ["OPTIONS", "VERSION_TABLE", "AlembicRunner"]
