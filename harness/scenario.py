"""Load and validate a scenario directory: the product history the harness verifies.

A scenario is a directory with a `scenario.toml`:

    name = "nightingale"
    migrations = "migrations"      # the runner's source directory
    runner = "migrator"            # or "command" with a [runner] table
    seed = "seed.py"               # def seed(connection, *, version, dialect, size, batch) -> dict[str, int]
    semantics = "semantics.py"     # CHANGES and INVARIANTS (see scenarios/nightingale/README.md)
    strategies = "strategies.py"   # hypothesis strategies for table rows (optional; contract below)
    workload = "workload.py"       # the application's reads and writes per version (online checks; optional)
    [online]                       # online-check settings, e.g. max_blocking_s = 1.0
    [volatile]                     # columns the migrations fill from the clock (docs/volatile-columns.md)
    columns = ["audit_log.created_at", "*.updated_at"]

The strategies module (optional) lets the harness draw data of the current version's shape (the explore check's
`insert` step). It defines:

    TABLES: tuple[str, ...]        # the tables it draws rows for
    def rows(table, columns, *, batch=0, max_rows=3) -> SearchStrategy[list[dict[str, object]]]

`columns` maps each column the table has in the database right now to a ColumnInfo (data type, nullability,
length, signedness, as information_schema.columns says), so one strategy fits every version. The strategy draws
1 .. max_rows rows whose keys collide neither with seeded rows nor with another batch's, and whose values are
JSON-compatible (ints, strings, booleans, None), so that drawn rows can be recorded as text and replayed.

Everything is checked here, before any server starts, so bad input fails fast with one message.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import tomllib
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from harness.dialects import DIALECTS
from harness.layouts import known_layouts_text, load_foreign_scenario, read_history
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.scenario_model import (
    ColumnInfo,
    Invariant,
    Rows,
    RowsFunction,
    RowStrategies,
    Scenario,
    SeedFunction,
)
from harness.volatile import declared_volatile

__all__ = [
    "DIALECTS",
    "ColumnInfo",
    "Invariant",
    "RowStrategies",
    "Rows",
    "RowsFunction",
    "Scenario",
    "ScenarioError",
    "SeedFunction",
    "default_scenario_roots",
    "load_scenario",
    "resolve_scenario_path",
    "scenario_frames",
]


def default_scenario_roots() -> tuple[Path, ...]:
    """Where a scenario given by name is looked up: ./scenarios, then the scenarios shipped beside the harness."""
    return (Path.cwd() / "scenarios", Path(__file__).resolve().parent.parent / "scenarios")


def resolve_scenario_path(name_or_path: str | Path) -> Path:
    candidate = Path(name_or_path)
    if candidate.is_dir():
        return candidate.resolve()
    if candidate.is_file() and candidate.suffix == ".ini":  # an Alembic project named by its alembic.ini
        return candidate.resolve()
    if candidate.name == str(name_or_path):
        for root in default_scenario_roots():
            if (root / candidate).is_dir():
                return (root / candidate).resolve()
    searched = ", ".join(str(root) for root in default_scenario_roots())
    raise ScenarioError(
        f"scenario {str(name_or_path)!r} not found: give a directory with a scenario.toml, "
        f"or a name under one of: {searched}"
    )


def load_scenario(name_or_path: str | Path, layout: str | None = None) -> Scenario:
    """The scenario at `name_or_path`, validated: its manifest, history, seed, semantics and the syntax of its
    [volatile] declaration (harness/volatile.py), which every layout reads from the manifest beside its files."""
    scenario = _load(name_or_path, layout)
    declared_volatile(scenario)
    return scenario


def _load(name_or_path: str | Path, layout: str | None) -> Scenario:
    root = resolve_scenario_path(name_or_path)
    if root.is_file() and (root.parent / "scenario.toml").is_file():  # alembic.ini beside its scenario.toml
        root = root.parent
    manifest = root / "scenario.toml"
    if not manifest.is_file():  # a foreign history may have none
        if layout == "migrator":
            raise ScenarioError(
                f"{root} has no scenario.toml; layout 'migrator' cannot be read here. Known layouts:\n"
                f"{known_layouts_text()}"
            )
        return load_foreign_scenario(root, layout or "auto")
    try:
        config = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"{manifest}: not valid TOML: {err}") from err
    except UnicodeDecodeError as err:
        raise ScenarioError(f"{manifest}: not UTF-8 text (byte {err.start}); save it as UTF-8") from err
    name = _required_str(config, "name", manifest)
    chosen_layout = layout if layout not in (None, "auto") else str(config.get("layout", "migrator"))
    if chosen_layout != "migrator":
        foreign = load_foreign_scenario(
            root / str(config.get("migrations", ".")), chosen_layout, name=name, manifest=config
        )
        if foreign.layout != "alembic":
            return foreign
        # An Alembic project declares its seed and semantics in the scenario.toml beside alembic.ini, as migrator
        # scenarios do (docs/alembic.md).
        seed_module = _load_module(root, config.get("seed"), f"{name}_seed", manifest)
        changes, invariants = _read_semantics(
            _load_module(root, config.get("semantics"), f"{name}_semantics", manifest), foreign.versions, manifest
        )
        return dataclasses.replace(
            foreign, seed=_seed_of(seed_module), changes=changes, invariants=invariants, root=root
        )
    migrations_dir = root / str(config.get("migrations", "migrations"))
    if not migrations_dir.is_dir():
        raise ScenarioError(f"{manifest}: migrations directory {migrations_dir} does not exist")
    history = read_history(migrations_dir, "migrator")
    versions = history.versions
    seed = _seed_of(_load_module(root, config.get("seed"), f"{name}_seed", manifest))
    semantics = _load_module(root, config.get("semantics"), f"{name}_semantics", manifest)
    changes, invariants = _read_semantics(semantics, versions, manifest)
    strategies_module = _load_module(root, config.get("strategies"), f"{name}_strategies", manifest)
    workload = config.get("workload", "workload.py" if (root / "workload.py").is_file() else None)
    online = config.get("online", {})
    if not isinstance(online, dict):
        raise ScenarioError(f"{manifest}: [online] must be a table (e.g. max_blocking_s = 1.0)")
    runner_options = config.get("runner_options", {})
    if not isinstance(runner_options, dict):
        raise ScenarioError(f"{manifest}: [runner_options] must be a table")
    return Scenario(
        name=name,
        root=root,
        description=str(config.get("description", "")),
        versions=versions,
        migrations_dir=migrations_dir,
        runner=str(config.get("runner", "migrator")),
        history=history,
        runner_options=runner_options,
        seed=seed,
        changes=changes,
        invariants=invariants,
        strategies=_read_strategies(strategies_module, root / str(config.get("strategies"))),
        workload_path=(root / workload) if workload else None,
        online=online,
    )


def scenario_frames(error: BaseException, root: Path) -> list[tuple[Path, int, str]]:
    """(file, line, function) of the traceback frames in the scenario's own files, innermost first: where in the
    user's code an error raised by it happened (a SyntaxError counts its own position as the innermost frame)."""
    frames = [
        (Path(frame.filename), frame.lineno or 0, frame.name)
        for frame in traceback.extract_tb(error.__traceback__)
        if Path(frame.filename).is_relative_to(root)
    ]
    if isinstance(error, SyntaxError) and error.filename and Path(error.filename).is_relative_to(root):
        frames.append((Path(error.filename), error.lineno or 0, "<module>"))
    return frames[::-1]


def _seed_of(module: ModuleType | None) -> SeedFunction | None:
    seed = getattr(module, "seed", None) if module else None
    if module is not None and not callable(seed):
        raise ScenarioError(
            f"{module.__file__}: no seed function; define "
            "`def seed(connection, *, version, dialect, size=100, batch=0) -> dict[str, int]`"
        )
    return cast(SeedFunction | None, seed)


def _required_str(config: Mapping[str, Any], key: str, manifest: Path) -> str:
    value = config.get(key)
    if not isinstance(value, str) or not value:
        raise ScenarioError(f"{manifest}: `{key}` must be a non-empty string")
    return value


def _load_module(root: Path, relative: object, module_name: str, manifest: Path) -> ModuleType | None:
    if relative is None:
        return None
    path = root / str(relative)
    if not path.is_file():
        raise ScenarioError(f"{manifest}: {relative!s} does not exist in {root}")
    spec = importlib.util.spec_from_file_location(f"upgrade_harness_scenario_{module_name}", path)
    if spec is None or spec.loader is None:
        raise ScenarioError(f"{path}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as err:
        frames = scenario_frames(err, root)
        where = f"{frames[0][0]}:{frames[0][1]}" if frames else str(path)
        reason = str(err.msg if isinstance(err, SyntaxError) else err).strip().splitlines()
        raise ScenarioError(
            f"{where}: importing {path.name} failed: {type(err).__name__}: {reason[0] if reason else 'no message'}"
        ) from err
    return module


def _read_semantics(
    module: ModuleType | None, versions: Sequence[str], manifest: Path
) -> tuple[dict[str, tuple[str, ...]], dict[str, Invariant]]:
    if module is None:
        return {}, {}
    raw_changes = getattr(module, "CHANGES", {})
    raw_invariants = getattr(module, "INVARIANTS", {})
    unknown = sorted((set(raw_changes) | set(raw_invariants)) - set(versions))
    if unknown:
        raise ScenarioError(f"{manifest}: semantics name versions the history does not have: {', '.join(unknown)}")
    changes = {version: tuple(entries) for version, entries in raw_changes.items()}
    invariants = dict(raw_invariants)
    for version, function in invariants.items():
        if not callable(function):
            raise ScenarioError(f"{manifest}: INVARIANTS[{version!r}] is not callable")
    return changes, invariants


def _read_strategies(module: ModuleType | None, path: Path) -> RowStrategies | None:
    if module is None:
        return None
    tables = getattr(module, "TABLES", None)
    rows = getattr(module, "rows", None)
    problems = []
    if not isinstance(tables, tuple | list) or not tables or not all(isinstance(t, str) and t for t in tables):
        problems.append("TABLES must be a non-empty tuple of table names")
    if not callable(rows):
        problems.append("rows(table, columns, *, batch=0, max_rows=3) must be a function returning a strategy")
    if problems:
        raise ScenarioError(
            f"{path}: not a strategies module: {'; '.join(problems)} (see the contract in harness/scenario.py)"
        )
    return RowStrategies(tuple(cast(Sequence[str], tables)), cast(RowsFunction, rows))
