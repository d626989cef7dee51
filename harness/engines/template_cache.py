"""Seeded templates kept between runs: a stopped local server's data directory with its seeded databases, and the
references read from fresh installs, so a second `verify` of an unchanged scenario installs and seeds nothing.

An entry is named by a hash of everything that determines its contents: the server's data-directory template
(binary, version, initialisation options, account), the scenario's files (scripts, seed code, manifest), the
seed size, the runner and the harness's own code. Any change makes a different name, so an entry is never
patched, only replaced. An entry is complete only once its `complete` marker is in place: it is built under a
temporary name and renamed in, so an interrupted build leaves nothing that looks usable. Readers copy an entry
under a shared lock, a replacement or a pruning takes it exclusively, and only the `KEPT_ENTRIES` most recently
used entries are kept.

Local servers only: the entry is the server's data directory, which an existing server reached by URL (or a
container) does not give; those never get cache databases.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.metadata
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from harness.data import DataSnapshot
from harness.data_checksums import FingerprintStore
from harness.engines.local_cache import copy_tree
from harness.engines.local_state import owner_tag, tag_owner_gone
from harness.inspect import Schema

CACHE_DIR_VARIABLE = "UPGRADE_HARNESS_CACHE_DIR"
NO_CACHE_VARIABLE = "UPGRADE_HARNESS_NO_CACHE"
KEPT_ENTRIES = 4
METADATA = "templates.pickle"
COMPLETE = "complete"
# A format change of the metadata makes every older entry a miss instead of a wrong read.
FORMAT = "1"
_HARNESS_ROOT = Path(__file__).resolve().parents[1]  # the harness package, not only its engines
_SOURCE_ROOTS = (_HARNESS_ROOT, _HARNESS_ROOT.parent / "migrator")


def disabled_by_environment(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get(NO_CACHE_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


def cache_root(environ: Mapping[str, str] = os.environ) -> Path:
    """UPGRADE_HARNESS_CACHE_DIR, else $XDG_CACHE_HOME/upgrade-harness/templates (~/.cache by default)."""
    explicit = environ.get(CACHE_DIR_VARIABLE)
    if explicit:
        return Path(explicit)
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "upgrade-harness" / "templates"


def _hash_tree(digest: hashlib._Hash, root: Path, suffixes: tuple[str, ...] | None = None) -> None:
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts) or not path.is_file():
            continue
        if suffixes is not None and path.suffix not in suffixes:
            continue
        digest.update(f"\0{relative}\0".encode())
        digest.update(path.read_bytes())


@functools.cache
def harness_code_key() -> str:
    """The harness's version and code, read once per process: the code that runs is the code imported, so an
    edit of the files while a process runs must not rename its entries (it would save what the old code built
    under the new code's name, and stop finding what it saved itself)."""
    digest = hashlib.sha256()
    try:
        version = importlib.metadata.version("upgrade-harness")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    digest.update(f"{FORMAT}\0{version}".encode())
    for root in _SOURCE_ROOTS:
        if root.is_dir():
            _hash_tree(digest, root, (".py",))
    return digest.hexdigest()


def inputs_key(scenario_dirs: tuple[Path, ...], runner_identity: str, seed_size: int) -> str:
    """The part of an entry's name that does not depend on the server: scenario files, runner, seed size and the
    harness (its version and its code: a changed seeding or checksum function must not reuse old templates)."""
    digest = hashlib.sha256()
    digest.update(f"{harness_code_key()}\0{runner_identity}\0{seed_size}".encode())
    for directory in sorted(set(scenario_dirs)):
        digest.update(f"\0scenario {directory.name}\0".encode())
        if directory.is_dir():
            _hash_tree(digest, directory)
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredSeed:
    database: str
    schema: Schema
    rows_seeded: int
    fingerprints: FingerprintStore


@dataclass
class StoredTemplates:
    """What the databases of an entry are: seeded templates by version, and fresh-install references."""

    entry: str
    seeded: dict[str, StoredSeed] = field(default_factory=dict)
    fresh: dict[str, tuple[Schema, DataSnapshot]] = field(default_factory=dict)


class TemplateRequest:
    """One engine's use of the cache in a run: asked for while its local server starts (`requested`), bound to an
    entry by the starter, then told at the end what to keep (`keep`), which the server's stop saves."""

    def __init__(self, root: Path, inputs: str) -> None:
        self.root = root
        self.inputs = inputs
        self.entry: str | None = None  # bound: the server is local and can be saved
        self.restored: StoredTemplates | None = None
        self._to_save: StoredTemplates | None = None

    def entry_name(self, template_name: str, template_key: tuple[str, ...]) -> str:
        digest = hashlib.sha256("\0".join((*template_key, self.inputs)).encode()).hexdigest()[:16]
        return f"{template_name}-{digest}"

    def bind(self, entry: str) -> bool:
        """Bind to `entry` without reading it (the server starts empty; its stop may still save)."""
        self.entry = entry
        self.restored = None
        return False

    def restore(self, entry: str, data: Path) -> bool:
        """Bind to `entry`; copy its data directory into `data` when it is complete and its metadata reads back.
        False (and `data` left for the caller to fill) on a miss; an entry that is unreadable is removed."""
        self.entry = entry
        self.restored = None
        final = self.root / entry
        if not self.root.is_dir():
            return False
        with _lock(self.root, fcntl.LOCK_SH):
            stored = _read_complete(final)
            if stored is None or stored.entry != entry:
                broken = final.exists()
            else:
                copy_tree(final / "data", data)
                os.utime(final)  # most recently used: the last to be pruned
                self.restored = stored
                return True
        if broken:
            self.discard()
        return False

    def discard(self) -> None:
        """The bound entry cannot be used (unreadable, or its server did not start): remove it."""
        if self.entry is None or not self.root.is_dir():
            return
        with _lock(self.root, fcntl.LOCK_EX):
            shutil.rmtree(self.root / self.entry, ignore_errors=True)
        self.restored = None

    def keep(self, stored: StoredTemplates) -> None:
        """Save `stored` with the server's data directory when the server stops (cleanly: see local_startup)."""
        self._to_save = stored

    @property
    def wants_saving(self) -> bool:
        return self.entry is not None and self._to_save is not None

    def save(self, data: Path) -> None:
        """Write the entry from a stopped server's `data` under a temporary name, then swap it in."""
        if self.entry is None or self._to_save is None:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{self.entry}~{owner_tag()}~", dir=self.root))
        try:
            (staging / "data").mkdir(mode=data.stat().st_mode & 0o777)
            copy_tree(data, staging / "data")
            with open(staging / METADATA, "wb") as out:
                pickle.dump(self._to_save, out, protocol=pickle.HIGHEST_PROTOCOL)
            (staging / COMPLETE).write_text(self.entry)
            with _lock(self.root, fcntl.LOCK_EX):
                final = self.root / self.entry
                if final.exists():
                    old = final.with_name(f".{self.entry}~{owner_tag()}~replaced")
                    final.rename(old)
                    shutil.rmtree(old, ignore_errors=True)
                staging.rename(final)
                _prune(self.root)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _read_complete(entry: Path) -> StoredTemplates | None:
    try:
        if (entry / COMPLETE).read_text() != entry.name or not (entry / "data").is_dir():
            return None
        with open(entry / METADATA, "rb") as stored:
            loaded = pickle.load(stored)
    except Exception:  # missing, truncated or from another format: a miss, never a wrong read
        return None
    return loaded if isinstance(loaded, StoredTemplates) else None


def _prune(root: Path) -> None:
    """Under the exclusive lock: abandoned builds of dead owners, and every entry past the KEPT_ENTRIES newest."""
    for staging in root.glob(".*~*~*"):
        if tag_owner_gone(staging.name.split("~")[1]):
            shutil.rmtree(staging, ignore_errors=True)
    entries = sorted(
        (path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")),
        key=lambda path: path.stat().st_mtime, reverse=True,
    )
    for old in entries[KEPT_ENTRIES:]:
        shutil.rmtree(old, ignore_errors=True)


def clear(root: Path | None = None) -> None:
    """Remove every entry (what `rm -r` of the cache directory does, but waiting for runs that are reading it)."""
    root = root or cache_root()
    if not root.is_dir():
        return
    with _lock(root, fcntl.LOCK_EX):
        for path in root.iterdir():
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _lock(root: Path, mode: int) -> Iterator[None]:
    with open(root / ".lock", "a") as handle:
        fcntl.flock(handle, mode)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# Read by the local starter only (local_startup.start_local): URL and Docker providers never see a request.
REQUESTED: ContextVar[TemplateRequest | None] = ContextVar("template_cache_request", default=None)


@contextlib.contextmanager
def requested(request: TemplateRequest | None) -> Iterator[None]:
    token = REQUESTED.set(request)
    try:
        yield
    finally:
        REQUESTED.reset(token)
