"""Foreign migration layouts read as scenarios: golang-migrate, dialect-suffixed, Flyway, dbmate, pop.

For these the harness's versions are the migrations (or the releases of `releases.toml`), a fresh install is the
upgrade from an empty database, and the down files give the undo. Without a configured runner the system under test is
the built-in replay of the layout's own tool (`harness.runners.replay`); a `scenario.toml` beside the files may name a
`command` runner instead (see docs/foreign-histories.md).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.layouts import dbmate, dialect_suffixed, flyway, golang_migrate, pop
from harness.layouts.model import ForeignHistory, Migration, Release, Script, SetAside, same_version, version_key
from harness.layouts.releases import FILE_NAME as RELEASES_FILE
from harness.layouts.releases import read_baseline, read_releases
from harness.scenario import Scenario, ScenarioError

MIGRATOR_SUMMARY = "a scenario.toml beside version directories v1.2.3/{mysql,postgresql}.{install,upgrade}.sql"
DEFAULT_RUNNER = "replay"


@dataclass(frozen=True)
class Layout:
    name: str
    summary: str
    detect: Callable[[Path], bool]
    read: Callable[[Path], ForeignHistory]
    supersedes: tuple[str, ...] = ()  # layouts whose files this one's directories hold too (pop: golang-migrate's)


LAYOUTS: dict[str, Layout] = {
    module.NAME: Layout(module.NAME, module.SUMMARY, module.detect, module.read)
    for module in (golang_migrate, dialect_suffixed, flyway, dbmate)
} | {pop.NAME: Layout(pop.NAME, pop.SUMMARY, pop.detect, pop.read, pop.SUPERSEDES)}
KNOWN_LAYOUTS: dict[str, str] = {name: layout.summary for name, layout in LAYOUTS.items()} | {
    "migrator": MIGRATOR_SUMMARY
}


def known_layouts_text() -> str:
    width = max(len(name) for name in KNOWN_LAYOUTS)
    return "\n".join(f"  {name.ljust(width)}  {summary}" for name, summary in KNOWN_LAYOUTS.items())


def detect_layout(root: Path) -> str:
    """The one layout `root` is written in; a clear ScenarioError when it is none or more than one."""
    if not root.is_dir():
        raise ScenarioError(f"{root}: not a directory; give the directory holding the migration files")
    matches = [name for name, layout in LAYOUTS.items() if layout.detect(root)]
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


def read_history(root: Path, layout: str = "auto") -> ForeignHistory:
    """The parsed history of `root` in `layout` (detected when `auto`), with its releases file applied."""
    chosen = detect_layout(root) if layout == "auto" else layout
    if chosen not in LAYOUTS:
        hint = f"{root} has no scenario.toml; " if chosen == "migrator" else ""
        raise ScenarioError(f"{hint}layout {chosen!r} cannot be read here. Known layouts:\n{known_layouts_text()}")
    if not root.is_dir():
        raise ScenarioError(f"{root}: not a directory; give the directory holding the migration files")
    history = LAYOUTS[chosen].read(root)
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


def _with_baseline(history: ForeignHistory, baseline: Mapping[str, Script]) -> ForeignHistory:
    """`history` with the baseline on its first migration (none when its migrations are per dialect)."""
    if not history.migrations:
        return history
    first = dataclasses.replace(history.migrations[0], baseline=baseline)
    return dataclasses.replace(history, migrations=(first, *history.migrations[1:]))


def set_aside_entries(scenario: Scenario) -> list[tuple[str, str]]:
    """(path, reason) for every file of a foreign history that the harness does not run (empty for other layouts),
    paths relative to the history's directory."""
    if scenario.layout not in LAYOUTS:
        return []
    history = history_of(scenario)
    return [(str(entry.path.relative_to(history.root)), entry.reason) for entry in history.set_aside_files]


def set_aside_lines(scenario: Scenario) -> list[str]:
    """`path: reason` for every file set aside (`set_aside_entries`), as `plan` prints them."""
    return [f"{path}: {reason}" for path, reason in set_aside_entries(scenario)]


def history_of(scenario: Scenario) -> ForeignHistory:
    """The foreign history behind a scenario built by `load_foreign_scenario` (read again: it is small)."""
    return read_history(scenario.migrations_dir, scenario.layout)


def load_foreign_scenario(
    root: Path, layout: str, name: str | None = None, *, manifest: Mapping[str, Any] | None = None
) -> Scenario:
    """A Scenario for a foreign history. `manifest` is the scenario.toml that pointed here, if any; without one the
    scenario.toml beside the files (or the one named `name` whose `migrations` is `root`) is read for `runner`,
    `[runner_options]` and `description`."""
    root = root.resolve()
    history = read_history(root, layout)
    config = dict(manifest) if manifest is not None else _manifest_in(root, name)
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
    "KNOWN_LAYOUTS",
    "LAYOUTS",
    "RELEASES_FILE",
    "ForeignHistory",
    "Layout",
    "Migration",
    "Release",
    "Script",
    "SetAside",
    "detect_layout",
    "history_of",
    "known_layouts_text",
    "load_foreign_scenario",
    "read_history",
    "same_version",
    "set_aside_entries",
    "set_aside_lines",
    "version_key",
]
