"""The Nightingale scripts themselves, applied statement by statement without the runner, on both dialects:

- every version's upgrade script turns the previous version's fresh install into exactly its own fresh install;
- every step's undo, last step first, turns that back into exactly the previous version's fresh install.

Schemas are read and compared with the harness's own catalog readers (harness.inspect), independently of
`migrator verify`, which test_nightingale_migrator exercises.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest

from harness.engines.server_api import Server
from harness.inspect import diff_schemas, render_differences
from harness.scenario import load_scenario
from tests.scenarios import n9e_apply
from tests.scenarios.n9e_support import VERSIONS, Installs

UPGRADES = list(pairwise(VERSIONS))  # (previous, version)


@pytest.fixture(scope="module")
def script_upgraded(installs: Installs) -> Iterator[dict[str, str]]:
    """version -> a clone of the previous version's install upgraded by the script (undo tests use them up)."""
    made: dict[str, str] = {}
    try:
        yield made
    finally:
        for database in made.values():
            installs.server.drop_database(database)


def _upgraded(installs: Installs, made: dict[str, str], previous: str, version: str) -> str:
    if version not in made:
        made[version] = installs.clone(previous)
        n9e_apply.upgrade(installs.server.url(made[version]), installs.source, version)
    return made[version]


def test_the_history_has_twelve_versions_from_v6_7_3_to_v9_1_0() -> None:
    assert load_scenario(n9e_apply.SCENARIO).versions == VERSIONS
    assert (len(VERSIONS), VERSIONS[0], VERSIONS[-1]) == (12, "v6.7.3", "v9.1.0")


@pytest.mark.parametrize(("previous", "version"), UPGRADES, ids=[version for _, version in UPGRADES])
def test_upgrade_script_gives_the_fresh_install(
    server: Server, installs: Installs, script_upgraded: dict[str, str], previous: str, version: str
) -> None:
    database = _upgraded(installs, script_upgraded, previous, version)
    differences = diff_schemas(installs.schema(version), n9e_apply.schema_of(server.url(database)))
    assert not differences, f"{previous} + upgrade script != fresh {version}:\n{render_differences(differences)}"


@pytest.mark.parametrize(("previous", "version"), UPGRADES, ids=[version for _, version in UPGRADES])
def test_undo_of_every_step_restores_the_previous_version(
    server: Server, installs: Installs, script_upgraded: dict[str, str], previous: str, version: str
) -> None:
    database = _upgraded(installs, script_upgraded, previous, version)
    n9e_apply.undo(server.url(database), installs.source, version)
    differences = diff_schemas(installs.schema(previous), n9e_apply.schema_of(server.url(database)))
    assert not differences, f"{version} undone != fresh {previous}:\n{render_differences(differences)}"
    server.drop_database(script_upgraded.pop(version))
