"""Containers the harness started are labelled with their owner; a killed run's containers are removed by the next.

Each container carries the machine, the boot and the owning process (pid and start time) that started it. Before a
container is started, every container of this machine whose owner is gone (another boot, or no such process) is
removed — so a run killed with SIGKILL, which neither testcontainers' reaper nor atexit can clean up after, leaves
nothing behind for longer than the next run. Containers of other machines sharing the Docker daemon are never touched.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path
from typing import Any

from harness.engines.local_state import _start_ticks

OWNER_PID = "org.upgrade-harness.owner-pid"
OWNER_TICKS = "org.upgrade-harness.owner-ticks"
MACHINE = "org.upgrade-harness.machine"
BOOT = "org.upgrade-harness.boot"


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def machine_id() -> str:
    return _read("/etc/machine-id") or socket.gethostname()


def boot_id() -> str:
    return _read("/proc/sys/kernel/random/boot_id")


def owner_labels(pid: int | None = None) -> dict[str, str]:
    """Labels naming this process (or `pid`) as the owner of a container."""
    pid = os.getpid() if pid is None else pid
    return {
        OWNER_PID: str(pid), OWNER_TICKS: str(_start_ticks(pid)), MACHINE: machine_id(), BOOT: boot_id(),
    }


def owner_is_gone(labels: dict[str, str]) -> bool:
    """True for a container started on this machine by a process that no longer runs; False when unsure."""
    if labels.get(MACHINE) != machine_id():
        return False
    if labels.get(BOOT) != boot_id():
        return True
    try:
        pid = int(labels[OWNER_PID])
    except (KeyError, ValueError):
        return False
    return str(_start_ticks(pid)) != labels.get(OWNER_TICKS)


def remove_orphaned_containers(client: Any) -> list[str]:
    """Remove (with their anonymous volumes) this machine's harness containers whose owner is gone; their ids."""
    removed: list[str] = []
    for container in client.containers.list(all=True, filters={"label": OWNER_PID}):
        if owner_is_gone(container.labels):
            with contextlib.suppress(Exception):  # already being removed by someone else
                container.remove(force=True, v=True)
                removed.append(container.id)
    return removed
