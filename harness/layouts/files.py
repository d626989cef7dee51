"""What the layout readers share: finding the per-dialect directories, reading files, merging dialects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness.dialects import DIALECTS, Dialect
from harness.layouts.history import Migration, Ordering, Script, ordering, version_identity
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.tool_dialects import harness_dialect, is_dialect_name

Accepts = Callable[[Path], bool]


def sql_files(directory: Path) -> list[Path]:
    try:
        return sorted(entry for entry in directory.iterdir() if entry.is_file())
    except OSError as err:
        raise ScenarioError(f"{directory}: cannot list the directory: {err.strerror}") from err


def dialect_subdirectories(root: Path, accepts: Accepts) -> dict[str, Path]:
    """Subdirectories named after a dialect (`postgres/`, `mysql/`, `sqlite3/`) holding files of the layout."""
    found: dict[str, Path] = {}
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and is_dialect_name(entry.name) and any(accepts(f) for f in sql_files(entry)):
            found[entry.name] = entry
    return found


def detect_in(root: Path, accepts: Accepts) -> bool:
    return any(accepts(f) for f in sql_files(root)) or bool(dialect_subdirectories(root, accepts))


def dialect_directories(root: Path, accepts: Accepts, layout: str) -> tuple[dict[Dialect, Path], tuple[str, ...]]:
    """harness dialect -> directory, and the dialect names set aside. Files directly in `root` serve every dialect."""
    subdirectories = dialect_subdirectories(root, accepts)
    if not subdirectories:
        if any(accepts(f) for f in sql_files(root)):
            return {dialect: root for dialect in DIALECTS}, ()
        raise ScenarioError(f"{root}: no {layout} migrations here or in a per-dialect subdirectory")
    directories: dict[Dialect, Path] = {}
    set_aside: list[str] = []
    for name, path in subdirectories.items():
        dialect = harness_dialect(name)
        if dialect is None:
            set_aside.append(name)
        elif dialect in directories:
            raise ScenarioError(
                f"{root}: both {directories[dialect].name}/ and {name}/ hold {dialect} migrations; "
                f"the harness runs one history per dialect - point it at a copy with one of them"
            )
        else:
            directories[dialect] = path
    if not directories:
        raise ScenarioError(
            f"{root}: {layout} migrations only for {', '.join(set_aside)}, which no engine here runs; "
            f"add a mysql/ or postgres/ directory"
        )
    return directories, tuple(set_aside)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ScenarioError(f"{path}: not UTF-8 text (byte {err.start}); save it as UTF-8") from err
    except OSError as err:
        raise ScenarioError(f"{path}: cannot be read: {err.strerror}") from err


@dataclass
class MigrationBuilder:
    """Collects one migration's scripts from several files and dialects before it is frozen."""

    version: str
    name: str
    up: dict[Dialect, Script] = field(default_factory=dict)
    down: dict[Dialect, Script] = field(default_factory=dict)
    seen: dict[tuple[Dialect, str], Path] = field(default_factory=dict)

    def add(self, dialect: Dialect, direction: str, script: Script) -> None:
        previous = self.seen.get((dialect, direction))
        if previous is not None:
            raise ScenarioError(
                f"{script.path}: version {self.version} already has a {direction} script for {dialect} "
                f"({previous.name}); each version needs exactly one - renumber one of them"
            )
        self.seen[(dialect, direction)] = script.path
        (self.up if direction == "up" else self.down)[dialect] = script

    def freeze(self) -> Migration:
        return Migration(self.version, self.name, dict(self.up), dict(self.down))


class Collector:
    """Migrations by version across dialects, returned in version order."""

    def __init__(self) -> None:
        self._builders: dict[tuple[int, ...] | str, MigrationBuilder] = {}

    def add(self, version: str, name: str, dialect: Dialect, direction: str, script: Script) -> None:
        key = version_identity(version)
        builder = self._builders.setdefault(key, MigrationBuilder(version, name))
        builder.add(dialect, direction, script)

    def migrations(self, root: Path, layout: str, order: Callable[[str], Ordering] = ordering) -> tuple[Migration, ...]:
        """The migrations in the order the tool applies them (`order` maps a version to its sort key)."""
        if not self._builders:
            raise ScenarioError(f"{root}: no {layout} migrations found")
        builders = sorted(self._builders.values(), key=lambda builder: order(builder.version))
        return tuple(builder.freeze() for builder in builders)
