"""CPU seconds a local database server has used, read from /proc: a measure of work that load on the machine does
not inflate the way it inflates wall time.

PostgreSQL: the postmaster's own time plus its reaped backends' (cutime, cstime); MariaDB: the server process,
all threads. The process is the one whose command line names the server's port. Servers elsewhere (Docker, a URL)
have no such process here: `seconds()` is then None.
"""

from __future__ import annotations

import os
from pathlib import Path

from harness.engines.server_api import Server

_TICKS = os.sysconf("SC_CLK_TCK")
_SERVER_BINARIES = ("postgres", "mariadbd", "mysqld")


def _command_line(pid: str) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _listens_on(argv: list[str], port: int) -> bool:
    if not argv or os.path.basename(argv[0]) not in _SERVER_BINARIES:
        return False
    text = str(port)
    return any(arg in (f"--port={text}",) or (arg == text and i and argv[i - 1] == "-p") for i, arg in enumerate(argv))


def find_server_pid(port: int) -> int | None:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _listens_on(_command_line(entry.name), port):
            return int(entry.name)
    return None


class ServerCpu:
    def __init__(self, server: Server) -> None:
        port = server.url().port
        self.pid = find_server_pid(port) if server.provider == "local" and port else None

    def seconds(self) -> float | None:
        if self.pid is None:
            return None
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        # after the command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based)
        utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
        return (utime + stime + cutime + cstime) / _TICKS
