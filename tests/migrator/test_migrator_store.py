"""Writes to the runner's tables must affect exactly the rows they name, or fail with a named error."""

from __future__ import annotations

import re

import pytest

from migrator import Migrator, VersionTableError
from migrator.dialects import DIALECTS
from migrator.session import Session
from migrator.store import VersionStore
from tests.migrator.support import ACCOUNTS, Database


def test_version_table_writes_check_their_row_count(db: Database) -> None:
    Migrator(db.url, ACCOUNTS).install("v1.0.0")
    session = Session(db.url, DIALECTS[db.dialect])
    try:
        store = VersionStore(session)
        missing = re.escape("schema_migrations: delete v9.9.9 affected 0 row(s), expected 1")
        with pytest.raises(VersionTableError, match=missing):
            store.delete_version("v9.9.9")
        unknown = re.escape("schema_migrations: update checksum of v1.1.0 affected 0")
        with pytest.raises(VersionTableError, match=unknown):
            store.set_checksum("v1.1.0", "0" * 64)
        with pytest.raises(VersionTableError, match="schema_migrations_history: finish attempt"):
            store.finish_attempt("f" * 32, "applied", 1)
        with pytest.raises(VersionTableError, match=re.escape("schema_migrations_journal: clear v1.0.0 affected 0")):
            store.journal_clear("v1.0.0", 1)
        store.delete_version("v1.0.0")
        assert store.applied() == []
    finally:
        session.close()
