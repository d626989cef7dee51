"""The application's reads and writes at each version, declared by a scenario in `workload.py` as plain data.

    WORKLOAD = {
        "v1.0.0": [
            {"name": "list rules of a group",
             "sql": "SELECT id, name FROM rule WHERE group_id = :group_id ORDER BY id LIMIT 50",
             "params": {"group_id": {"from": "SELECT DISTINCT group_id FROM rule", "default": 1}}},
            {"name": "record a heartbeat",
             "sql": {"postgresql": "UPDATE host SET seen = extract(epoch FROM now())::bigint WHERE id = :id",
                     "mysql": "UPDATE host SET seen = UNIX_TIMESTAMP() WHERE id = :id"},
             "params": {"id": range(1, 500)}},
        ],
        "v1.2.0": [...],   # v1.1.0 runs v1.0.0's workload: a version inherits it unless it declares its own
    }

`sql` is one text for both dialects or a table per dialect; `:name` marks a parameter. A parameter is a literal, a
range or list to pick from at random, or `{"from": "SELECT ..."}`: a pick among the first column of that query's rows,
read once per run (`default` when it finds none).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from harness.dialects import Dialect
from harness.scenario import DIALECTS, Scenario, ScenarioError

_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")  # the parameter syntax of SQLAlchemy's text()
_LITERALS = (str, int, float, bool, type(None))


@dataclass(frozen=True)
class Param:
    """Where a parameter's values come from: `choices` to pick from, or the rows of `query` (else `default`)."""

    name: str
    choices: Sequence[object] = ()
    query: str | None = None
    default: Sequence[object] = ()


@dataclass(frozen=True)
class WorkloadQuery:
    name: str
    sql: str
    params: tuple[Param, ...] = ()


@dataclass(frozen=True)
class _Declared:
    name: str
    sql: Mapping[str, str]
    params: tuple[Param, ...]


@dataclass(frozen=True)
class Workload:
    source: Path
    versions: tuple[str, ...]  # the history, oldest first
    declared: Mapping[str, tuple[_Declared, ...]]

    def version_declaring(self, version: str) -> str | None:
        """The newest version at or before `version` that declares a workload (the one `version` runs)."""
        older = self.versions[: self.versions.index(version) + 1] if version in self.versions else ()
        return next((v for v in reversed(older) if v in self.declared), None)

    def queries(self, version: str, dialect: Dialect) -> tuple[WorkloadQuery, ...]:
        """What the application at `version` runs on `dialect`; empty when no version up to it declares any."""
        declaring = self.version_declaring(version)
        if declaring is None:
            return ()
        chosen: list[WorkloadQuery] = []
        for query in self.declared[declaring]:
            sql = query.sql.get(dialect)
            if sql is None:
                raise ScenarioError(
                    f"{self.source}: WORKLOAD[{declaring!r}] query {query.name!r} has no SQL for {dialect}: "
                    f"give `sql` as one text or as {{'mysql': ..., 'postgresql': ...}}"
                )
            chosen.append(WorkloadQuery(query.name, sql, query.params))
        return tuple(chosen)


def load_workload(scenario: Scenario) -> Workload | None:
    """The scenario's workload, checked; None when the scenario declares none."""
    path = scenario.workload_path
    if path is None:
        return None
    if not path.is_file():
        raise ScenarioError(f"{scenario.root / 'scenario.toml'}: workload file {path} does not exist")
    raw = getattr(_import(path), "WORKLOAD", None)
    if not isinstance(raw, Mapping) or not raw:
        raise ScenarioError(f"{path}: define WORKLOAD = {{version: [queries]}} (a non-empty dict)")
    unknown = sorted(str(v) for v in raw if v not in scenario.versions)
    if unknown:
        raise ScenarioError(
            f"{path}: WORKLOAD names version(s) the history does not have: {', '.join(unknown)}; "
            f"known: {', '.join(scenario.versions)}"
        )
    declared = {str(version): _queries(path, str(version), entries) for version, entries in raw.items()}
    return Workload(path, scenario.versions, declared)


def _import(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"upgrade_harness_workload_{abs(hash(path))}", path)
    if spec is None or spec.loader is None:
        raise ScenarioError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as err:
        raise ScenarioError(f"{path}: importing it failed: {type(err).__name__}: {err}") from err
    return module


def _queries(path: Path, version: str, entries: object) -> tuple[_Declared, ...]:
    where = f"{path}: WORKLOAD[{version!r}]"
    if not isinstance(entries, list | tuple) or not entries:
        raise ScenarioError(f"{where} must be a non-empty list of queries")
    queries = tuple(_query(f"{where}[{index}]", entry) for index, entry in enumerate(entries))
    names = [query.name for query in queries]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ScenarioError(f"{where}: query names must be unique; repeated: {', '.join(repeated)}")
    return queries


def _query(where: str, entry: object) -> _Declared:
    if not isinstance(entry, Mapping):
        raise ScenarioError(f"{where} must be a dict with name, sql and params")
    extra = sorted(set(entry) - {"name", "sql", "params"})
    if extra:
        raise ScenarioError(f"{where}: unknown key(s) {', '.join(map(str, extra))}; known: name, sql, params")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError(f"{where}: `name` must be a non-empty string")
    where = f"{where} ({name!r})"
    sql = _sql(where, entry.get("sql"))
    raw_params = entry.get("params", {})
    if not isinstance(raw_params, Mapping):
        raise ScenarioError(f"{where}: `params` must be a dict of parameter name -> value source")
    params = tuple(_param(f"{where} parameter {key!r}", str(key), value) for key, value in raw_params.items())
    for dialect, text in sql.items():
        binds = set(_BIND.findall(text))
        missing, unused = sorted(binds - set(raw_params)), sorted(set(raw_params) - binds)
        if missing or unused:
            problem = f"missing params: {', '.join(missing)}" if missing else f"unused params: {', '.join(unused)}"
            raise ScenarioError(f"{where}: the {dialect} SQL's :parameters and `params` disagree ({problem})")
    return _Declared(name, sql, params)


def _sql(where: str, value: object) -> Mapping[str, str]:
    if isinstance(value, str) and value.strip():
        return dict.fromkeys(DIALECTS, value)
    if (
        isinstance(value, Mapping)
        and value
        and set(value) <= set(DIALECTS)
        and all(isinstance(text, str) and text.strip() for text in value.values())
    ):
        return {str(dialect): str(text) for dialect, text in value.items()}
    raise ScenarioError(f"{where}: `sql` must be a SQL text or a dict with keys from {', '.join(DIALECTS)}")


def _param(where: str, name: str, value: object) -> Param:
    if isinstance(value, _LITERALS):
        return Param(name, choices=(value,))
    if isinstance(value, range):
        if len(value) == 0:
            raise ScenarioError(f"{where}: the range to pick from is empty")
        return Param(name, choices=value)
    if isinstance(value, list | tuple):
        if len(value) == 0 or not all(isinstance(item, _LITERALS) for item in value):
            raise ScenarioError(f"{where}: a list to pick from must be non-empty and hold plain values")
        return Param(name, choices=tuple(value))
    if isinstance(value, Mapping) and isinstance(value.get("from"), str) and set(value) <= {"from", "default"}:
        default = value.get("default")
        if "default" in value and not isinstance(default, _LITERALS):
            raise ScenarioError(f"{where}: `default` must be a plain value")
        return Param(name, query=str(value["from"]), default=(default,) if "default" in value else ())
    raise ScenarioError(
        f"{where}: expected a value, a range or list to pick from, or {{'from': 'SELECT ...', 'default': value}}"
    )
