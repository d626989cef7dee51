from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.paths import PathSelectionError, UpgradePath, enumerate_paths
from harness.release_order import sort_versions, version_key

VERSIONS = ("v6.7.3", "v7.0.0", "v7.1.0", "v9.1.0")


def test_to_head_is_every_version_to_head() -> None:
    assert [p.label for p in enumerate_paths(VERSIONS, "to-head")] == [
        "v6.7.3->v9.1.0",
        "v7.0.0->v9.1.0",
        "v7.1.0->v9.1.0",
    ]


def test_all_pairs_is_every_older_to_every_newer() -> None:
    paths = enumerate_paths(VERSIONS, "all-pairs")
    assert len(paths) == 6
    assert all(VERSIONS.index(p.start) < VERSIONS.index(p.target) for p in paths)


def test_stepwise_stops_at_every_release() -> None:
    paths = enumerate_paths(VERSIONS, "stepwise")
    assert paths[0].stops == VERSIONS
    assert paths[-1] == UpgradePath(("v7.1.0", "v9.1.0"))
    assert paths[0].direct == UpgradePath(("v6.7.3", "v9.1.0"))


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=20))
def test_sample_is_deterministic_ordered_and_bounded(seed: int, count: int) -> None:
    first = enumerate_paths(VERSIONS, f"sample:{count}", seed)
    assert first == enumerate_paths(VERSIONS, f"sample:{count}", seed)
    assert 1 <= len(first) <= count
    for path in first:
        positions = [VERSIONS.index(stop) for stop in path.stops]
        assert positions == sorted(set(positions)) and len(positions) >= 2


def test_unknown_selection_names_the_choices() -> None:
    with pytest.raises(PathSelectionError, match="to-head, all-pairs, stepwise"):
        enumerate_paths(VERSIONS, "everything")


def test_versions_sort_semantically_not_as_text() -> None:
    assert sort_versions(["v7.10.0", "v7.9.0", "v10.0.0", "v7.9.1"]) == ("v7.9.0", "v7.9.1", "v7.10.0", "v10.0.0")
    assert version_key("V2") < version_key("v10")
