"""Where local servers live and how a killed run's leftovers are found: directories, accounts, state records.

Every server is recorded in a state directory (owner pid and start time, server pid and start time, directory)
before its directory exists, and removed only once the directory is gone; `reap_orphans()`, run before every
start, kills the servers whose owner is gone and removes their directories.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from harness.child_process import signal_group


def _work_root() -> Path:
    """Data directories live on tmpfs when there is one: creating a table there costs a tenth of a disk's."""
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
    return base / _WORK_NAME


_WORK_NAME = f"upgrade-harness-{os.getuid()}"


STATE_DIR = Path(tempfile.gettempdir()) / f"upgrade-harness-state-{os.getuid()}"
WORK_ROOT = _work_root()
# Shared by every run of the same user: binary copies and initialised data directories (see local_cache.py).
CACHE_ROOT = Path("/var/tmp") / ("upgrade-harness" if os.getuid() == 0 else f"upgrade-harness-{os.getuid()}")
SERVICE_ACCOUNTS = ("nobody",)


@dataclass(frozen=True)
class Account:
    """Who the server runs as: the current user, or an unprivileged one when the harness runs as root."""

    uid: int
    gid: int
    name: str

    @property
    def switch(self) -> bool:
        return self.uid != os.getuid()

    @property
    def ids(self) -> tuple[int, int] | None:
        """(uid, gid) a child or a file must be switched to; None when it is the harness's own account."""
        return (self.uid, self.gid) if self.switch else None


def service_account() -> Account:
    if os.geteuid() != 0:
        return Account(os.getuid(), os.getgid(), pwd.getpwuid(os.getuid()).pw_name)
    for name in SERVICE_ACCOUNTS:
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return Account(entry.pw_uid, entry.pw_gid, name)
    raise RuntimeError(f"running as root and none of the accounts {', '.join(SERVICE_ACCOUNTS)} exists")


def _start_ticks(pid: int) -> int | None:
    """Process start time (clock ticks since boot), telling a process from a later one with the same pid;
    None when there is no such process or it is a zombie (dead, waiting to be reaped by its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in ("Z", "X") else int(fields[19])


def _alive(pid: int | None, ticks: int | None) -> bool:
    return pid is not None and ticks is not None and _start_ticks(pid) == ticks


def owner_tag() -> str:
    """This process as `pid.start-ticks`, for names of things only it may remove while it lives."""
    return f"{os.getpid()}.{_start_ticks(os.getpid())}"


def tag_owner_gone(tag: str) -> bool:
    pid, _, ticks = tag.partition(".")
    return pid.isdigit() and ticks.isdigit() and not _alive(int(pid), int(ticks))


@dataclass(frozen=True)
class ServerRecord:
    """One state-directory entry: which process owns which server, and its directory."""

    owner_pid: int
    server_pid: int | None
    directory: Path
    owner_alive: bool
    server_alive: bool


def recorded_servers() -> list[ServerRecord]:
    records: list[ServerRecord] = []
    for entry in sorted(STATE_DIR.glob("*.json")) if STATE_DIR.is_dir() else []:
        try:
            state = json.loads(entry.read_text())
        except (OSError, ValueError):
            continue
        records.append(ServerRecord(
            state["owner_pid"], state.get("server_pid"), Path(state["directory"]),
            _alive(state["owner_pid"], state.get("owner_ticks")),
            _alive(state.get("server_pid"), state.get("server_ticks")),
        ))
    return records


class Workspace:
    """A private temporary directory for one server, recorded in the state directory until removed.

    Open workspaces are known to the process (`remove_open_workspaces`), so an interrupt between making the
    directory and starting the server cannot leave the directory behind at exit.
    """

    def __init__(self, label: str, account: Account) -> None:
        for directory in (STATE_DIR, WORK_ROOT):
            directory.mkdir(parents=True, exist_ok=True)
            os.chmod(directory, 0o755)  # the service account must reach its directory inside
        reap_orphans()
        self._owner = os.getpid()
        while True:
            self.path = WORK_ROOT / f"{label}-{secrets.token_hex(4)}"
            self.entry = STATE_DIR / f"{self.path.name}.json"
            if not self.entry.exists() and not self.path.exists():
                break
        with _OPEN_LOCK:
            _OPEN.add(self)
        self.record(server_pid=None)
        self.path.mkdir(mode=0o700)
        if account.switch:
            os.chown(self.path, account.uid, account.gid)

    def record(self, server_pid: int | None) -> None:
        owner = os.getpid()
        state = {
            "owner_pid": owner, "owner_ticks": _start_ticks(owner), "server_pid": server_pid,
            "server_ticks": _start_ticks(server_pid) if server_pid else None, "directory": str(self.path),
        }
        partial = self.entry.with_suffix(".tmp")
        partial.write_text(json.dumps(state))
        partial.replace(self.entry)

    def remove(self) -> None:
        """Remove the directory, then its record (kept if the directory could not be removed: the reaper retries)."""
        if os.getpid() != self._owner:
            return  # a forked child shares the object, not the directory's lifetime
        shutil.rmtree(self.path, ignore_errors=True)
        if not self.path.exists():
            self.entry.unlink(missing_ok=True)
        with _OPEN_LOCK:
            _OPEN.discard(self)


_OPEN: set[Workspace] = set()
_OPEN_LOCK = threading.Lock()


def remove_open_workspaces() -> None:
    """Remove every workspace this process made and has not removed yet (at exit, after its servers stopped)."""
    with _OPEN_LOCK:
        workspaces = list(_OPEN)
    for workspace in workspaces:
        workspace.remove()


def reap_orphans() -> list[int]:
    """Kill servers and remove directories whose owning process is gone; returns the pids killed."""
    killed: list[int] = []
    if not STATE_DIR.is_dir():
        return killed
    for entry in STATE_DIR.glob("*.json"):
        try:
            state = json.loads(entry.read_text())
        except (OSError, ValueError):
            continue
        if _alive(state.get("owner_pid"), state.get("owner_ticks")):
            continue
        pid, ticks = state.get("server_pid"), state.get("server_ticks")
        if pid is not None and _alive(pid, ticks):
            signal_group(pid, signal.SIGKILL)  # a server leads its own group: its backends go with it
            killed.append(pid)
            deadline = time.monotonic() + 5
            while _alive(pid, ticks) and time.monotonic() < deadline:
                time.sleep(0.02)
        directory = Path(state.get("directory", ""))
        if directory.parent.name == _WORK_NAME:  # never remove anything outside a harness work root
            shutil.rmtree(directory, ignore_errors=True)
        entry.unlink(missing_ok=True)
    return killed

