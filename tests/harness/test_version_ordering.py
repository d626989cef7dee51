"""One version ordering: a table of tricky release names in the order every part of the project must give them,
and the harness's ordering equal to the migrator's on every pair of semantic versions."""

from __future__ import annotations

import itertools
import random

import pytest

from harness.release_order import sort_versions, version_key
from harness.report.matrix import sort_versions as matrix_order
from migrator import versions as migrator_versions

IN_ORDER = (
    ("v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta", "v1.0.0-beta.2", "v1.0.0-beta.11",
     "v1.0.0-rc.1", "v1.0.0"),  # the semver specification's own example
    ("v7.9.0", "v7.10.0", "v7.10.1", "v8.0.0-rc.1", "v8.0.0", "v10.0.0"),
    ("v6.7.3", "v7.0.0-beta.1", "v7.0.0", "v7.0.1"),
    ("2023.1", "2023.2", "2023.10", "2024.1"),  # calendar releases of foreign histories
    ("20240225105900", "20240307141600", "20250101000000000001"),  # pop's 14- and 20-digit versions
    ("1", "2", "10", "11"),
    ("1.1", "1.2", "1.10", "2.0"),
    ("v7.10", "v7.10.1"),
)
SEMANTIC = [name for group in IN_ORDER for name in group if migrator_versions.version_key(name) is not None]


@pytest.mark.parametrize("ordered", IN_ORDER, ids=[group[0] for group in IN_ORDER])
def test_every_ordering_gives_release_order(ordered: tuple[str, ...]) -> None:
    shuffled = list(ordered)
    random.Random(7).shuffle(shuffled)
    assert sort_versions(shuffled) == ordered
    assert tuple(matrix_order(shuffled)) == ordered


def test_the_harness_orders_semantic_versions_as_the_migrator_does() -> None:
    for left, right in itertools.combinations(SEMANTIC, 2):
        by_migrator = migrator_versions.require_key(left) < migrator_versions.require_key(right)
        assert (version_key(left) < version_key(right)) == by_migrator, (left, right)


def test_build_metadata_does_not_order_and_names_without_numbers_come_last() -> None:
    assert version_key("v1.2.0+build.5") == version_key("v1.2.0")
    assert sort_versions(("latest", "v2.0.0", "head", "v1.0.0")) == ("v1.0.0", "v2.0.0", "head", "latest")
