"""Check `schema`: the upgraded database has exactly the schema of a fresh install of the target version.

A difference may come from the upgrade, or from a stale install script: the path may start from a fresh install of
a version whose install script no longer matches what upgrading to it gives. So when the check fails it also
compares, once per engine and run, each version before the target: one clone of the seeded first version is
upgraded stop by stop, and at each stop its schema is compared with that version's fresh install. The
versions whose fresh install and upgrade already disagree are named in the headline (which of the two is wrong
only the history's author can say) and listed with their differences.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from harness.cases import Case, CaseKind, CheckSpec
from harness.checks._common import case_sections, upgraded_or_skip
from harness.data import read_product_schema
from harness.db import connect
from harness.failures import CheckFailed
from harness.inspect import SchemaDifference, diff_schemas, render_differences
from harness.workbench import Workbench

SPEC = CheckSpec(__name__, "schema", CaseKind.PATHS, "upgraded schema equals a fresh install")

# per workbench and engine: version -> how the upgrade to it differs from its fresh install (computed on failure)
_INSTALL_DRIFT: WeakKeyDictionary[Workbench, dict[str, dict[str, list[SchemaDifference]]]] = WeakKeyDictionary()


def verify(bench: Workbench, case: Case) -> None:
    result = upgraded_or_skip(bench, case.engine, case.path)
    expected = bench.snapshots(case.engine).fresh_schema(case.path.target)
    differences = diff_schemas(expected, bench.schema_of(result))
    if not differences:
        return
    versions = bench.scenario.versions
    drift = install_drift(bench, case.engine)
    stale = [v for v in versions[1 : versions.index(case.path.target)] if drift.get(v)]
    headline = f"upgraded schema differs from a fresh install of {case.path.target} in {len(differences)} place(s)"
    if stale:
        named = ", ".join(stale)
        origin = " (this path starts from its fresh install)" if case.path.start in stale else ""
        headline += (
            f"; the fresh install of {named} already differs from the upgrade to it{origin}: "
            f"a stale install script or a wrong upgrade of {named}"
        )
    raise CheckFailed(
        headline,
        {
            **case_sections(case),
            "differences (expected = fresh install)": render_differences(differences),
            **{
                f"install script of {version} vs the upgrade {versions[0]} -> ... -> {version} "
                "(expected = fresh install)": render_differences(drift[version])
                for version in stale
            },
        },
    )


def install_drift(bench: Workbench, engine: str) -> dict[str, list[SchemaDifference]]:
    """Version -> differences between its fresh install and the seeded first version upgraded to it stop by stop;
    versions after a stop whose upgrade fails are left out."""
    per_engine = _INSTALL_DRIFT.setdefault(bench, {})
    if engine in per_engine:
        return per_engine[engine]
    server = bench.server(engine)
    snapshots = bench.snapshots(engine)
    versions = bench.scenario.versions
    database = snapshots.clone_seeded(versions[0])
    drift: dict[str, list[SchemaDifference]] = {}
    try:
        url = server.url(database)
        for version in versions[1:]:
            if not bench.runner.upgrade(url, version).ok:
                break
            with connect(url) as connection:
                upgraded = read_product_schema(connection, bench.runner.own_tables)
            drift[version] = diff_schemas(snapshots.fresh_schema(version), upgraded)
    finally:
        server.drop_database(database)
    per_engine[engine] = drift
    return drift


def test_schema(upgrade_case: Case, upgrade_workbench: Workbench) -> None:
    verify(upgrade_workbench, upgrade_case)
