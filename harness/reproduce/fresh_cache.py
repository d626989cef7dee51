"""Fresh-install schemas kept between runs, so fingerprinting a dump does not reinstall every version each time.

A schema is stored under ~/.cache/upgrade-harness/fresh-schemas/, keyed by everything it depends on: the scenario,
the runner, the server's family and version, and the bytes of the version's scripts. Any change to those gives a
new key; deleting the directory only costs the installs again. Histories that are not a directory per version
(foreign layouts) are not cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from harness.dialects import dialect_of
from harness.inspect import Column, Constraint, Index, Schema, Table

CACHE_DIR = Path.home() / ".cache" / "upgrade-harness" / "fresh-schemas"
_FORMAT = 1


def cache_key(scenario: str, runner: str, server: str, version_dir: Path) -> str | None:
    if not version_dir.is_dir():
        return None
    digest = hashlib.sha256(f"{_FORMAT}|{scenario}|{runner}|{server}".encode())
    for path in sorted(version_dir.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(version_dir).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load(key: str) -> Schema | None:
    path = CACHE_DIR / f"{key}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return _schema(raw)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(key: str, schema: Schema) -> None:
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=CACHE_DIR, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(asdict(schema), file)
        os.replace(temporary, CACHE_DIR / f"{key}.json")
    except OSError:
        return  # a cache that cannot be written only costs time


def _schema(raw: dict[str, Any]) -> Schema:
    return Schema(dialect_of(str(raw["dialect"])), {name: _table(table) for name, table in raw["tables"].items()})


def _table(raw: dict[str, Any]) -> Table:
    return Table(
        raw["name"],
        {name: Column(**column) for name, column in raw["columns"].items()},
        {name: Index(**{**index, "columns": tuple(index["columns"])}) for name, index in raw["indexes"].items()},
        {name: Constraint(**constraint) for name, constraint in raw["constraints"].items()},
        dict(raw["options"]),
    )
