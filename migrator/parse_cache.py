"""A cache of parsed scripts, keyed by their exact text, so a large history is lexed once per machine.

Splitting SQL with sqlparse costs seconds per megabyte, and every runner process loads the whole history (the
harness starts many). A parse depends only on the script's text and this package's parsing code (the path only
appears in error messages, and errors are never stored), so those make the key: a copy of a history elsewhere hits
the cache too, and a broken script reports its error every time. The cache lives in $MIGRATOR_CACHE_DIR, else
$XDG_CACHE_HOME/migrator or ~/.cache/migrator; when that cannot be written the parse simply runs every time.
`MIGRATOR_CACHE_DIR=off` disables it.

Every distinct text adds an entry (a fault-injection run writes thousands of slightly changed copies of a history),
so the directory is kept under a size limit: the first time a process adds an entry, the oldest entries go until
the rest fit in three quarters of the limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Parsed = TypeVar("Parsed")

_CODE = hashlib.sha256(
    b"".join((Path(__file__).parent / name).read_bytes() for name in ("loader.py", "sqltext.py", "source.py"))
).hexdigest()
_MEMORY: dict[str, object] = {}
SIZE_LIMIT_BYTES = 256 * 1024 * 1024
_pruned: set[Path] = set()


def cache_dir() -> Path | None:
    configured = os.environ.get("MIGRATOR_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "migrator"


def cached_parse(kind: str, text: str, path: Path, parse: Callable[[str, Path], Parsed]) -> Parsed:
    """`parse(text, path)`, from the cache when this exact text was parsed before."""
    key = hashlib.sha256(f"{_CODE}\0{kind}\0{text}".encode()).hexdigest()
    if key in _MEMORY:
        return _MEMORY[key]  # type: ignore[return-value]
    directory = cache_dir()
    file = directory / f"{key}.pickle" if directory is not None else None
    if file is not None:
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            parsed: Parsed = pickle.loads(file.read_bytes())
            os.utime(file)  # recently used entries are the last to be pruned
            _MEMORY[key] = parsed
            return parsed
    parsed = parse(text, path)
    _MEMORY[key] = parsed
    if file is not None:
        _store(file, parsed)
        if file.parent not in _pruned:
            _pruned.add(file.parent)
            prune(file.parent, SIZE_LIMIT_BYTES)
    return parsed


def prune(directory: Path, limit_bytes: int) -> None:
    """Remove the oldest entries when the cache is larger than `limit_bytes`, down to three quarters of it."""
    entries = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(directory):
            if entry.name.endswith(".pickle"):
                with contextlib.suppress(OSError):
                    info = entry.stat()
                    entries.append((info.st_mtime, info.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    if total <= limit_bytes:
        return
    for _, size, path in sorted(entries):
        if total <= limit_bytes * 3 // 4:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
            total -= size


def _store(file: Path, parsed: object) -> None:
    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".parse-")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(parsed, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, file)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
