"""Fixtures of the fault tests: the correct ledger on both local engines, shared by the whole session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.engines.server_api import Server
from harness.workbench import Workbench

from .support import LEDGER, MYSQL_FAMILY_ENGINE, PG, workbench


@pytest.fixture(scope="session")
def servers(postgresql_server: Server, catalogue_server: Server) -> dict[str, Server]:
    return {PG: postgresql_server, MYSQL_FAMILY_ENGINE: catalogue_server}


@pytest.fixture(scope="session")
def ledger_bench(servers: dict[str, Server]) -> Iterator[Workbench]:
    """The correct ledger history with the migrator: seeded snapshots and upgrades built once."""
    bench = workbench(LEDGER, servers)
    try:
        yield bench
    finally:
        bench.close()
