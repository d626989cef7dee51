"""Every layout a history is written in, read into one model (`harness.layouts.history`): migrator's own,
golang-migrate, dialect-suffixed, Flyway, dbmate, pop.

`LAYOUTS` is the registry: each layout's name, summary, detector (None: never detected, named by its scenario.toml)
and reader. `read_history` reads a directory in a layout once; the scenario loader keeps the result in
`Scenario.history`, which the runners and the fault rewriting take. For foreign layouts the harness's versions are the
migrations (or the releases of `releases.toml`), a fresh install is the upgrade from an empty database, and the down
files give the undo; without a configured runner the system under test is the built-in replay of the layout's own
tool (`harness.runners.replay`), and a `scenario.toml` beside the files may name a `command` runner instead (see
docs/foreign-histories.md).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from harness.dialects import Dialect
from harness.layouts import alembic, dbmate, dialect_suffixed, flyway, golang_migrate, migrator_dirs, pop
from harness.layouts.history import (
    ForeignHistory,
    History,
    Migration,
    MigratorHistory,
    Release,
    Script,
    SetAside,
    same_version,
    version_identity,
)
from harness.layouts.releases import FILE_NAME as RELEASES_FILE
from harness.layouts.releases import read_baseline, read_releases
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.scenario_model import Scenario

DEFAULT_RUNNER = "replay"


@dataclass(frozen=True)
class Layout:
    name: str
    summary: str
    detect: Callable[[Path], bool] | None  # None: never detected (migrator's layout is named by its scenario.toml)
    read: Callable[[Path], History]
    supersedes: tuple[str, ...] = ()  # layouts whose files this one's directories hold too (pop: golang-migrate's)
    # A layout that builds its own Scenario (its runner and releases file are its own: Alembic's), else None.
    load: Callable[[Any, str | None, Mapping[str, Any]], Scenario] | None = None


LAYOUTS: dict[str, Layout] = {
    **{
        module.NAME: Layout(module.NAME, module.SUMMARY, module.detect, module.read)
        for module in (golang_migrate, dialect_suffixed, flyway, dbmate)
    },
    pop.NAME: Layout(pop.NAME, pop.SUMMARY, pop.detect, pop.read, pop.SUPERSEDES),
    migrator_dirs.NAME: Layout(migrator_dirs.NAME, migrator_dirs.SUMMARY, None, migrator_dirs.read),
    alembic.NAME: Layout(alembic.NAME, alembic.SUMMARY, alembic.detect, alembic.read, load=alembic.load_scenario),
}
KNOWN_LAYOUTS: dict[str, str] = {name: layout.summary for name, layout in LAYOUTS.items()}
FOREIGN_LAYOUTS = tuple(name for name in LAYOUTS if name != migrator_dirs.NAME)


def known_layouts_text() -> str:
    width = max(len(name) for name in KNOWN_LAYOUTS)
    return "\n".join(f"  {name.ljust(width)}  {summary}" for name, summary in KNOWN_LAYOUTS.items())


def detect_layout(root: Path) -> str:
    """The one layout `root` is written in; a clear ScenarioError when it is none or more than one."""
    if root.is_file() and alembic.detect(root):  # an Alembic project named by its alembic.ini
        return alembic.NAME
    if not root.is_dir():
        raise ScenarioError(f"{root}: not a directory; give the directory holding the migration files")
    matches = [name for name, layout in LAYOUTS.items() if layout.detect is not None and layout.detect(root)]
    superseded = {name for match in matches for name in LAYOUTS[match].supersedes}
    matches = [name for name in matches if name not in superseded]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ScenarioError(
            f"{root}: files of several layouts are here ({', '.join(matches)}); pass --layout with the one to verify"
        )
    entries = sorted(entry.name + ("/" if entry.is_dir() else "") for entry in root.iterdir())
    shown = ", ".join(entries[:5]) + (f" and {len(entries) - 5} more" if len(entries) > 5 else "")
    raise ScenarioError(
        f"{root}: no migration layout recognised (found: {shown or 'an empty directory'}). Known layouts:\n"
        f"{known_layouts_text()}\n"
        f"Point --scenario at the directory holding the migration files, or pass --layout NAME."
    )


def read_history(root: Path, layout: str = "auto") -> History:
    """The parsed history of `root` in `layout` (detected when `auto`); a foreign one with its releases file applied."""
    chosen = detect_layout(root) if layout == "auto" else layout
    if chosen not in LAYOUTS:
        raise ScenarioError(f"layout {chosen!r} cannot be read here. Known layouts:\n{known_layouts_text()}")
    if not root.is_dir() and not (chosen == alembic.NAME and root.is_file()):
        raise ScenarioError(f"{root}: not a directory; give the directory holding the migration files")
    history = LAYOUTS[chosen].read(root)
    if isinstance(history, MigratorHistory) or LAYOUTS[chosen].load is not None:
        return history  # its releases are its own (migrator's versions; Alembic's heads)
    return _with_releases_file(history)


def read_foreign_history(root: Path, layout: str = "auto") -> ForeignHistory:
    """`read_history` of a foreign layout (ScenarioError for migrator's own, which has no migrations to replay)."""
    history = read_history(root, layout)
    if not isinstance(history, ForeignHistory):
        raise ScenarioError(f"{root}: a {history.layout} history, not one of {', '.join(FOREIGN_LAYOUTS)}")
    return history


def _with_releases_file(history: ForeignHistory) -> ForeignHistory:
    root = history.root
    releases = read_releases(history)
    if releases:
        history = dataclasses.replace(history, releases=releases)
    elif history.dialect_histories:
        raise ScenarioError(
            f"{root}: the dialect directories are numbered independently ({golang_migrate.numbering_example(history)})"
            f", so a number does not name one change everywhere; say in {RELEASES_FILE} where each release ends in "
            f'each dialect, e.g. "2.0" = {{ mysql = "8", postgres = "10" }} (see docs/foreign-histories.md)'
        )
    baseline = read_baseline(history.root)
    if baseline:
        missing = sorted(set(history.dialects) - set(baseline))
        if missing:
            raise ScenarioError(
                f"{history.root / RELEASES_FILE}: [baseline] has no file for {', '.join(missing)}, which the history "
                f"migrates; add one (an empty file if that dialect's host schema is nothing)"
            )
        files = {script.path for script in baseline.values()}
        history = dataclasses.replace(
            _with_baseline(history, baseline),
            dialect_histories={
                dialect: _with_baseline(own, baseline) for dialect, own in history.dialect_histories.items()
            },
            # the baseline's files (and the directory holding them) are read, not set aside
            set_aside_files=tuple(
                entry for entry in history.set_aside_files
                if entry.path.resolve() not in files and not any(f.is_relative_to(entry.path.resolve()) for f in files)
            ),
        )  # fmt: skip
    return history


def _with_baseline(history: ForeignHistory, baseline: Mapping[Dialect, Script]) -> ForeignHistory:
    """`history` with the baseline on its first migration (none when its migrations are per dialect)."""
    if not history.migrations:
        return history
    first = dataclasses.replace(history.migrations[0], baseline=baseline)
    return dataclasses.replace(history, migrations=(first, *history.migrations[1:]))


class HasHistory(Protocol):
    """Anything that carries a loaded history (a Scenario)."""

    @property
    def history(self) -> History: ...


def set_aside_entries(scenario: HasHistory) -> list[tuple[str, str]]:
    """(path, reason) for every file of the history that the harness does not run (none for migrator's layout),
    paths relative to the history's directory."""
    history = scenario.history
    return [(str(entry.path.relative_to(history.root)), entry.reason) for entry in history.set_aside_files]


def set_aside_lines(scenario: HasHistory) -> list[str]:
    """`path: reason` for every file set aside (`set_aside_entries`), as `plan` prints them."""
    return [f"{path}: {reason}" for path, reason in set_aside_entries(scenario)]


def load_foreign_scenario(
    root: Path, layout: str, name: str | None = None, *, manifest: Mapping[str, Any] | None = None
) -> Scenario:
    """A Scenario for a foreign history. `manifest` is the scenario.toml that pointed here, if any; without one the
    scenario.toml beside the files (or the one named `name` whose `migrations` is `root`) is read for `runner`,
    `[runner_options]` and `description`."""
    root = root.resolve()
    history = read_foreign_history(root, layout)
    config = dict(manifest) if manifest is not None else _manifest_in(root, name)
    own_loader = LAYOUTS[history.layout].load
    if own_loader is not None:
        return own_loader(history, name, config)
    runner = str(config.get("runner", DEFAULT_RUNNER))
    if runner not in (DEFAULT_RUNNER, "command"):
        raise ScenarioError(
            f"{root}: runner {runner!r} cannot run a {history.layout} history; use {DEFAULT_RUNNER!r} (the built-in "
            f"replay of the layout's tool, the default) or 'command' with [runner_options]"
        )
    runner_options = config.get("runner_options", {})
    if not isinstance(runner_options, dict):
        raise ScenarioError(f"{root / 'scenario.toml'}: [runner_options] must be a table")
    return Scenario(
        name=name or str(config.get("name") or root.name),
        root=root,
        description=str(config.get("description") or _describe(history)),
        versions=history.versions,
        migrations_dir=root,
        runner=runner,
        history=history,
        runner_options=runner_options,
        layout=history.layout,
        dialects=history.dialects,
    )


def _manifest_in(root: Path, name: str | None) -> dict[str, Any]:
    """The scenario.toml that describes `root`: beside the files, or (given the scenario's name) the one above whose
    `migrations` points here."""
    candidates = [root / "scenario.toml"]
    if name is not None:
        candidates += [parent / "scenario.toml" for parent in list(root.parents)[:3]]
    for path in candidates:
        if not path.is_file():
            continue
        try:
            config = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ScenarioError(f"{path}: not valid TOML: {err}") from err
        if path.parent == root or (
            config.get("name") == name and (path.parent / str(config.get("migrations", "."))).resolve() == root
        ):
            return config
    return {}


def _describe(history: ForeignHistory) -> str:
    grouped = f" in {len(history.releases)} releases" if history.releases else ""
    aside = f"; set aside (no engine here): {', '.join(history.set_aside)}" if history.set_aside else ""
    if history.set_aside_files:
        aside += f"; {len(history.set_aside_files)} files set aside (`upgrade-harness plan` lists them)"
    if history.dialect_histories:
        counted = " and ".join(f"{len(own.migrations)} {dialect}" for dialect, own in history.dialect_histories.items())
        return f"{history.layout} history of {counted} migrations (numbered per dialect){grouped}{aside}"
    return (
        f"{history.layout} history of {len(history.migrations)} migrations{grouped} "
        f"for {', '.join(history.dialects)}{aside}"
    )


__all__ = [
    "FOREIGN_LAYOUTS",
    "KNOWN_LAYOUTS",
    "LAYOUTS",
    "RELEASES_FILE",
    "ForeignHistory",
    "HasHistory",
    "History",
    "Layout",
    "Migration",
    "MigratorHistory",
    "Release",
    "Script",
    "SetAside",
    "detect_layout",
    "known_layouts_text",
    "load_foreign_scenario",
    "read_foreign_history",
    "read_history",
    "same_version",
    "set_aside_entries",
    "set_aside_lines",
    "version_identity",
]
