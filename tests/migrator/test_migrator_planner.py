"""The one place that decides transactions, per dialect, and the checks on recorded versions (no database)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from migrator import RefusedError, load_source
from migrator.dialects import DIALECTS
from migrator.planner import current_version, problems, undo_statements, units_for, upgrade_target
from migrator.results import AppliedVersion
from tests.migrator.support import ACCOUNTS

SOURCE = load_source(ACCOUNTS)


def layout(version: str, dialect: str) -> tuple[bool, list[tuple[tuple[int, ...], bool]]]:
    found = units_for(SOURCE.get(version).for_dialect(dialect).steps, DIALECTS[dialect])
    return found.single_transaction, [(tuple(s.index for s in unit.steps), unit.in_transaction) for unit in found.units]


def test_postgresql_runs_a_version_without_concurrent_steps_in_one_transaction() -> None:
    assert layout("v1.2.0", "postgresql") == (True, [((1, 2, 3, 4, 5, 6), True)])


def test_postgresql_splits_a_version_around_its_non_transactional_steps() -> None:
    assert layout("v1.3.0", "postgresql") == (False, [((1, 2), True), ((3,), False), ((4,), True)])


def test_mysql_runs_each_step_alone_and_only_data_statements_in_a_transaction() -> None:
    assert layout("v1.2.0", "mysql") == (
        False,
        [((1,), False), ((2,), True), ((3,), True), ((4,), False), ((5,), True), ((6,), False)],
    )


def test_undo_statements_inherit_their_steps_marking() -> None:
    concurrent = SOURCE.get("v1.3.0").for_dialect("postgresql").steps[2]
    assert [u.in_transaction for u in undo_statements(concurrent, DIALECTS["postgresql"])] == [False]
    recompute = SOURCE.get("v2.0.0").for_dialect("mysql").steps[1]
    assert [u.in_transaction for u in undo_statements(recompute, DIALECTS["mysql"])] == [False, True]


def applied(version: str, checksum: str, status: str = "applied") -> AppliedVersion:
    return AppliedVersion(version, "", checksum, datetime.now(tz=UTC), 1, "test", status)


def recorded(*versions: str, dialect: str = "mysql") -> list[AppliedVersion]:
    rows = [applied(versions[0], SOURCE.get(versions[0]).for_dialect(dialect).install_checksum, "installed")]
    rows += [applied(v, SOURCE.get(v).for_dialect(dialect).checksum) for v in versions[1:]]
    return rows


def test_current_version_is_the_highest_by_semver() -> None:
    assert current_version([applied("v1.10.0", ""), applied("v1.9.0", ""), applied("v1.2.0", "")]) == "v1.10.0"
    assert current_version([]) is None


def test_recorded_versions_matching_the_source_have_no_problems() -> None:
    assert problems(recorded("v1.0.0", "v1.1.0", "v1.2.0"), SOURCE, "mysql") == []
    assert problems(recorded("v1.2.0", "v1.3.0", dialect="postgresql"), SOURCE, "postgresql") == []


def test_problems_name_the_version_and_what_to_do() -> None:
    changed = [*recorded("v1.0.0"), applied("v1.1.0", "0" * 64)]
    assert "v1.1.0:" in problems(changed, SOURCE, "mysql")[0]
    assert "repair --accept-checksums" in problems(changed, SOURCE, "mysql")[0]
    newer = [*recorded("v1.0.0"), applied("v9.0.0", "0" * 64)]
    assert "newer than the newest version" in problems(newer, SOURCE, "mysql")[0]
    gap = recorded("v1.0.0", "v1.2.0")
    assert problems(gap, SOURCE, "mysql") == [
        "v1.1.0 lies below the current version but was never applied here "
        "(a version inserted into history after later ones were released)"
    ]


def test_upgrade_targets() -> None:
    assert upgrade_target(SOURCE, "v1.1.0", None) == "v2.0.0"
    assert upgrade_target(SOURCE, "v1.1.0", "v1.1.0") == "v1.1.0"
    with pytest.raises(RefusedError, match="unknown target"):
        upgrade_target(SOURCE, "v1.1.0", "v2.1.0")
    with pytest.raises(RefusedError, match="rollback"):
        upgrade_target(SOURCE, "v1.3.0", "v1.1.0")
