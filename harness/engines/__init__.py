"""Database servers for the harness: engine specs, local / Docker / existing-URL providers, scratch databases.

    with start_server("postgresql@16") as server:
        database = server.create_database()
        copy = server.clone_database(database)
"""

from __future__ import annotations

from harness.engines.availability import EngineAvailability, available_engines, render_engines
from harness.engines.server import ScratchDatabaseError, SqlServer
from harness.engines.server_api import (
    SCRATCH_PREFIX,
    EngineError,
    EngineSpec,
    EngineSpecError,
    EngineUnavailable,
    Server,
)
from harness.engines.specs import KNOWN_ENGINES, parse_spec
from harness.engines.start import start_server

__all__ = [
    "KNOWN_ENGINES",
    "SCRATCH_PREFIX",
    "EngineAvailability",
    "EngineError",
    "EngineSpec",
    "EngineSpecError",
    "EngineUnavailable",
    "ScratchDatabaseError",
    "Server",
    "SqlServer",
    "available_engines",
    "parse_spec",
    "render_engines",
    "start_server",
]
