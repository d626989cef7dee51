"""Build-once directories shared by every run on the machine: readable binary copies and initialised data dirs.

A directory is built under a temporary name and renamed into place, so concurrent runs (pytest-xdist workers)
never see a half-built one; the loser of a race throws its copy away. The temporary name carries its builder's
pid and start time: a builder killed mid-build leaves it behind, and the next build of that kind removes it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from harness.engines.local_state import CACHE_ROOT, Account, owner_tag, tag_owner_gone


def cache_key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:10]


def cached_dir(kind: str, name: str, build: Callable[[Path], None]) -> Path:
    """`CACHE_ROOT/kind/name`, made by `build(path)` the first time it is asked for."""
    final = CACHE_ROOT / kind / name
    if final.is_dir():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    for directory in (CACHE_ROOT, final.parent):
        os.chmod(directory, 0o755)  # the service account reads binaries and templates from here
    _remove_abandoned_builds(final.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}~{owner_tag()}~", dir=final.parent))
    os.chmod(staging, 0o755)
    try:
        build(staging)
        try:
            staging.rename(final)
        except OSError:
            if not final.is_dir():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def _remove_abandoned_builds(directory: Path) -> None:
    for staging in directory.glob(".*~*~*"):
        if tag_owner_gone(staging.name.split("~")[1]):
            shutil.rmtree(staging, ignore_errors=True)


def readable_install(base: Path, parts: tuple[str, ...], name: str, account: Account) -> Path:
    """`base` itself when the service account can use it in place, else a world-readable copy of `parts` of it.

    Python wheels live under the installing user's home (often /root, mode 700), where an unprivileged
    server cannot execute them. `parts` keep their paths relative to `base`, so a wheel's `$ORIGIN/../..`
    library paths still resolve in the copy.
    """
    parts = tuple(part for part in parts if (base / part).is_dir())
    if not account.switch or all(_readable_by_others(base / part) for part in parts):
        return base

    def copy(target: Path) -> None:
        for part in parts:
            shutil.copytree(base / part, target / part, symlinks=True)
        subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)

    return cached_dir("bin", name, copy)


def _readable_by_others(path: Path) -> bool:
    """Every directory from / down to `path` is world-searchable."""
    return all(os.stat(directory).st_mode & 0o001 for directory in (path, *path.parents))


def copy_tree(template: Path, target: Path) -> None:
    """Copy a data directory keeping owners and modes (servers check their data directory's mode)."""
    subprocess.run(["cp", "-a", f"{template}/.", str(target)], check=True, capture_output=True)
