"""The `alembic` layout: an Alembic project (`alembic.ini`, or a script directory with `env.py` and `versions/`).

The revision graph is read with Alembic's own `ScriptDirectory`, so branches, merge points, several heads, partial
revision ids and `depends_on` mean what they mean to Alembic. Releases come from a `releases.toml` beside
`alembic.ini` (or the script directory):

    "1.0" = "r03_statuses"                 # release name = its head revision (any id Alembic resolves)
    "1.1.1" = "r08b_price_backfill"        # a release on a branch
    "1.2" = ["r08a_addresses", "r08b_x"]   # a release shipping two heads

Without one, each revision is a release, in Alembic's order from base to heads. Needs the `alembic` package
(`pip install 'upgrade-harness[alembic]'`); without it an Alembic scenario is refused with that line (exit 2).
See docs/alembic.md and harness/layouts/alembic_history.py for how the graph maps into the history model.
"""

from __future__ import annotations

import configparser
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.dialects import DIALECTS
from harness.layouts.alembic_history import NAME, AlembicHistory, ancestors
from harness.layouts.history import Migration, Release
from harness.layouts.releases import FILE_NAME as RELEASES_FILE
from harness.layouts.scenario_error import ScenarioError
from harness.layouts.scenario_model import Scenario

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SUMMARY = "alembic.ini (or env.py beside versions/): an Alembic project, its revision graph read by Alembic"
INI = "alembic.ini"
RUNNER = "alembic"
INSTALL_HINT = "pip install 'upgrade-harness[alembic]'"


def detect(root: Path) -> bool:
    if root.is_file():
        return _is_alembic_ini(root)
    return _is_alembic_ini(root / INI) or ((root / "env.py").is_file() and (root / "versions").is_dir())


def _is_alembic_ini(path: Path) -> bool:
    if not path.is_file() or path.suffix != ".ini":
        return False
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error:
        return False
    return parser.has_option("alembic", "script_location")


def require_alembic(what: Path) -> None:
    """ScenarioError naming the extra to install when the alembic package is missing."""
    try:
        import alembic  # noqa: F401
    except ImportError as err:
        raise ScenarioError(
            f"{what}: an Alembic project, and the alembic package is not installed; install it with `{INSTALL_HINT}`"
        ) from err


def alembic_config(history: AlembicHistory) -> Config:
    """A fresh Config of the project (its alembic.ini, or just its script location)."""
    from alembic.config import Config

    config = Config(str(history.ini)) if history.ini is not None else Config()
    config.set_main_option("script_location", str(history.script_location))
    return config


def read(root: Path) -> AlembicHistory:
    require_alembic(root)
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    ini = root if root.is_file() else (root / INI if (root / INI).is_file() else None)
    project = ini.parent if ini is not None else root
    config = Config(str(ini)) if ini is not None else Config()
    if ini is None:
        config.set_main_option("script_location", str(root))
    try:
        script = ScriptDirectory.from_config(config)
        revisions = list(reversed(list(script.walk_revisions())))
    except CommandError as err:
        raise ScenarioError(f"{ini or root}: Alembic cannot read the revisions: {err}") from err
    except Exception as err:  # a revision file that does not import: the user's code, named with its error
        raise ScenarioError(
            f"{ini or root}: reading the revisions failed: {type(err).__name__}: {err}; fix the revision file"
        ) from err
    if not revisions:
        raise ScenarioError(f"{Path(script.dir) / 'versions'}: no revisions; an Alembic history needs at least one")
    parents = {rev.revision: _tuple(rev.down_revision) + _tuple(rev.dependencies) for rev in revisions}
    names = {rev.revision: (rev.doc or "").strip().splitlines()[0] if rev.doc else "" for rev in revisions}
    base_order = [rev.revision for rev in revisions]
    release_heads = _read_release_heads(project, script, base_order, parents)
    order = _linear_order(release_heads, parents, base_order)
    migrations = tuple(Migration(revision, names[revision]) for revision in order)
    last_of = {name: max(ancestors(heads, parents), key=order.index) for name, heads in release_heads.items()}
    releases = tuple(Release(name, last_of[name]) for name in release_heads)
    versions_dir = Path(script.versions)
    return AlembicHistory(
        layout=NAME,
        root=project.resolve(),
        migrations=migrations,
        directories={dialect: versions_dir for dialect in DIALECTS},
        releases=releases,
        ini=ini.resolve() if ini is not None else None,
        script_location=Path(script.dir).resolve(),
        parents=parents,
        release_heads=release_heads,
    )


def _tuple(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _read_release_heads(
    project: Path, script: ScriptDirectory, base_order: list[str], parents: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """Release name -> its heads, oldest release first; without a releases file one release per revision (the
    revisions up to it in base-to-heads order)."""
    path = next((p for p in (project / RELEASES_FILE, Path(script.dir) / RELEASES_FILE) if p.is_file()), None)
    if path is None:
        heads: dict[str, tuple[str, ...]] = {}
        placed: list[str] = []
        for revision in base_order:
            placed.append(revision)
            heads[revision] = _maximal(placed, parents)
        return heads
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ScenarioError(f"{path}: not valid TOML: {err}") from err
    if not raw:
        raise ScenarioError(f'{path}: no releases; write one line per release, e.g. "1.0" = "<head revision>"')
    releases: dict[str, tuple[str, ...]] = {}
    covered: frozenset[str] = frozenset()
    for name, value in raw.items():
        given = [value] if isinstance(value, str) else value
        if not isinstance(given, list) or not given or not all(isinstance(v, str) for v in given):
            raise ScenarioError(
                f'{path}: release {name!r}: give its head revision ("{name}" = "abc123") or its heads as a list'
            )
        resolved = tuple(_resolve(path, name, revision, script) for revision in given)
        applied = ancestors(resolved, parents)
        if not covered <= applied:
            missing = ", ".join(sorted(covered - applied))
            raise ScenarioError(
                f"{path}: release {name!r} ({', '.join(resolved)}) does not contain every revision of the releases "
                f"before it (missing: {missing}); releases are listed oldest first, each upgrading the one before"
            )
        covered = applied
        releases[name] = resolved
    uncovered = [revision for revision in base_order if revision not in covered]
    if uncovered:
        raise ScenarioError(
            f"{path}: revisions after the last release: {', '.join(uncovered)}; add a release that ends at "
            f"{', '.join(sorted(_maximal(base_order, parents)))}"
        )
    return releases


def _resolve(path: Path, release: str, given: str, script: ScriptDirectory) -> str:
    from alembic.util import CommandError

    try:
        found = script.get_revision(given)
    except CommandError as err:
        raise ScenarioError(f"{path}: release {release!r}: {err}") from err
    if found is None:
        raise ScenarioError(f"{path}: release {release!r}: no revision {given!r} in {script.versions}")
    return found.revision


def _maximal(placed: list[str], parents: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The revisions of `placed` no other revision of `placed` revises or depends on: what alembic_version holds."""
    revised = {parent for revision in placed for parent in parents.get(revision, ())}
    return tuple(revision for revision in placed if revision not in revised)


def _linear_order(
    release_heads: Mapping[str, tuple[str, ...]], parents: Mapping[str, tuple[str, ...]], base_order: list[str]
) -> list[str]:
    """The revisions in an order in which every release is a prefix (each release appends its new ancestors, in
    Alembic's base-to-heads order)."""
    order: list[str] = []
    placed: set[str] = set()
    for heads in release_heads.values():
        new = ancestors(heads, parents) - placed
        order.extend(revision for revision in base_order if revision in new)
        placed |= new
    return order


def load_scenario(history: AlembicHistory, name: str | None, config: Mapping[str, Any]) -> Scenario:
    """The Scenario of an Alembic project: its runner is `alembic` (in-process, the project's own env.py)."""
    runner = str(config.get("runner", RUNNER))
    if runner not in (RUNNER, "command"):
        raise ScenarioError(
            f"{history.root}: runner {runner!r} cannot run an Alembic history; use {RUNNER!r} (the default: the "
            "alembic package in-process, with the project's env.py) or 'command' with [runner_options]"
        )
    options = config.get("runner_options", {})
    if not isinstance(options, dict):
        raise ScenarioError(f"{history.root / 'scenario.toml'}: [runner_options] must be a table")
    branches = sum(1 for parents in history.parents.values() if len(parents) > 1)
    described = (
        f"alembic history of {len(history.migrations)} revisions ({branches} merge points) in "
        f"{len(history.versions)} releases"
    )
    return Scenario(
        name=name or str(config.get("name") or history.root.name),
        root=history.root,
        description=str(config.get("description") or described),
        versions=history.versions,
        migrations_dir=history.script_location,
        runner=runner,
        history=history,
        runner_options=options,
        layout=NAME,
        dialects=history.dialects,
    )


__all__ = ["INI", "NAME", "SUMMARY", "AlembicHistory", "alembic_config", "detect", "load_scenario", "read"]
