"""`[runner_options]` of the `command` runner, read and checked before anything runs.

    upgrade = "migrate -path {migrations} -database {url} goto {target}"   # required
    status = "migrate -path {migrations} -database {url} version"          # optional
    rollback = "migrate -path {migrations} -database {url} goto {target}"  # optional (the down_up check)
    recover = "migrate -path {migrations} -database {url} force {target}"  # optional (the rollback check)
    version_table = "schema_migrations"   # or version_query = "SELECT ...", or neither: `status` output is parsed
    timeout = 300                         # seconds per invocation; the process group is killed after it
    recovers_on_start = false             # the program finishes an interrupted version itself when started again
    lock_timeout_url = false              # the program reads session settings from {url} (lock-timeout faults)

`recover` is the repair an operator runs after a failed upgrade, as the tool documents it (golang-migrate's `force`,
Flyway's `repair`); the rollback check runs it when the database is back where it was but the program's records
still mark the failure, so only the bookkeeping is repaired, never a half-applied change.
"""

from __future__ import annotations

import re
import shlex
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.runners.version_tables import VersionTable, known_table
from harness.scenario import ScenarioError

PLACEHOLDERS = ("url", "host", "port", "database", "user", "password", "target", "migrations", "dialect", "python")
DEFAULT_TIMEOUT = 300.0
DEFAULT_STATUS_PATTERN = r"\A\s*(?P<version>[\w.\-]+)(?:\s+\((?P<state>[^)]*)\))?\s*\Z"


@dataclass(frozen=True)
class CommandOptions:
    upgrade: str
    status: str | None = None
    rollback: str | None = None
    recover: str | None = None
    version_table: VersionTable | None = None
    version_query: str | None = None
    status_pattern: re.Pattern[str] = re.compile(DEFAULT_STATUS_PATTERN)
    timeout: float = DEFAULT_TIMEOUT
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    own_tables: frozenset[str] = frozenset()
    recovers_on_start: bool = False
    lock_timeout_url: bool = False


def parse_options(raw: Mapping[str, Any], where: str, base: Path) -> CommandOptions:
    """Validate `[runner_options]` before anything runs; `where` names the file in messages."""
    known = {
        "upgrade",
        "status",
        "rollback",
        "recover",
        "version_table",
        "version_query",
        "status_pattern",
        "timeout",
        "env",
        "cwd",
        "own_tables",
        "recovers_on_start",
        "lock_timeout_url",
    }
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ScenarioError(
            f"{where}: unknown [runner_options] key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    templates = {key: raw.get(key) for key in ("upgrade", "status", "rollback", "recover")}
    if not isinstance(templates["upgrade"], str) or not templates["upgrade"].strip():
        raise ScenarioError(
            f"{where}: [runner_options] needs `upgrade`, the command that upgrades a database to {{target}}, e.g. "
            f'upgrade = "migrate -path {{migrations}} -database {{url}} goto {{target}}"'
        )
    for key, template in templates.items():
        if template is not None:
            _check_template(template, f"{where}: `{key}`")
    table_name, query = raw.get("version_table"), raw.get("version_query")
    if table_name is not None and query is not None:
        raise ScenarioError(f"{where}: give `version_table` or `version_query`, not both")
    table = None
    if table_name is not None:
        table = known_table(str(table_name))
        if table is None:
            raise ScenarioError(
                f"{where}: version_table {table_name!r} is not a table the harness knows; known: schema_migrations "
                f"(golang-migrate), dbmate, flyway_schema_history, alembic_version, DATABASECHANGELOG, "
                f'atlas_schema_revisions - or give version_query = "SELECT ..." returning the version'
            )
    if table is None and query is None and templates["status"] is None:
        raise ScenarioError(
            f'{where}: say where the runner records its version: version_table = "schema_migrations" (or another '
            f'known table), version_query = "SELECT ...", or a `status` command printing the version'
        )
    try:
        timeout = float(raw.get("timeout", DEFAULT_TIMEOUT))
        pattern = re.compile(str(raw.get("status_pattern", DEFAULT_STATUS_PATTERN)))
    except (TypeError, ValueError, re.error) as err:
        raise ScenarioError(f"{where}: bad `timeout` or `status_pattern`: {err}") from err
    if timeout <= 0 or "version" not in pattern.groupindex:
        raise ScenarioError(f"{where}: `timeout` must be > 0 and `status_pattern` needs a (?P<version>...) group")
    env = raw.get("env", {})
    if not isinstance(env, dict):
        raise ScenarioError(f'{where}: `env` must be a table of NAME = "template"')
    for name, template in env.items():
        _check_template(str(template), f"{where}: env {name}")
    extra = raw.get("own_tables", [])
    flags = {key: raw.get(key, False) for key in ("recovers_on_start", "lock_timeout_url")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise ScenarioError(f"{where}: `{key}` must be true or false, not {value!r}")
    return CommandOptions(
        upgrade=str(templates["upgrade"]),
        status=templates["status"],
        rollback=templates["rollback"],
        recover=templates["recover"],
        version_table=table,
        version_query=str(query) if query is not None else None,
        status_pattern=pattern,
        timeout=timeout,
        env={str(name): str(value) for name, value in env.items()},
        cwd=(base / str(raw["cwd"])) if "cwd" in raw else None,
        own_tables=frozenset(str(name) for name in extra) | (table.own_tables if table else frozenset()),
        recovers_on_start=flags["recovers_on_start"],
        lock_timeout_url=flags["lock_timeout_url"],
    )


def _check_template(template: object, where: str) -> None:
    if not isinstance(template, str):
        raise ScenarioError(f"{where} must be a string")
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
        shlex.split(template)
    except ValueError as err:
        raise ScenarioError(f"{where}: cannot be read as a command line: {err}") from err
    unknown = sorted(fields - set(PLACEHOLDERS))
    if unknown:
        raise ScenarioError(
            f"{where}: unknown placeholder(s) {', '.join('{' + n + '}' for n in unknown)}; "
            f"known: {', '.join('{' + n + '}' for n in PLACEHOLDERS)} (write {{{{ and }}}} for literal braces)"
        )
