"""`migrator` carries the Nightingale history from its first version to head, one release at a time, and at every
version `migrator verify` finds the schema identical to a fresh install of that version."""

from __future__ import annotations

from harness.engines.server_api import Server
from migrator import Migrator
from migrator.source import MigrationSource


def test_every_version_upgrades_and_verifies_against_its_fresh_install(
    server: Server, n9e_source: MigrationSource
) -> None:
    database = server.create_database()
    try:
        migrator = Migrator(server.url(database), n9e_source, installed_by="scenario-tests")
        first, *later = n9e_source.names
        assert migrator.install(first).applied == (first,)
        differences = {first: migrator.verify()}
        for version in later:
            assert migrator.upgrade(to=version).applied == (version,), f"upgrade --to {version}"
            status = migrator.status()
            assert (status.current, status.problems, status.dirty) == (version, (), False)
            differences[version] = migrator.verify()
        assert {version: found for version, found in differences.items() if found} == {}
        history = [(entry.version, entry.status) for entry in migrator.history()]
        assert [version for version, status in history if status in ("installed", "applied")] == list(
            n9e_source.names
        ), history
    finally:
        server.drop_database(database)
