"""Start gate for racing runners: `python gate.py LOCK READY -- PROGRAM ARGS...`.

Announces itself by creating READY, blocks on a shared lock of LOCK (the harness holds it exclusively), then
replaces itself with PROGRAM. The harness releases LOCK once every racer is ready, so all runners start at the
same moment. Run as a script file, not a module: it imports nothing but the standard library, so the wait is
short and the runner's own start-up is what races.
"""

from __future__ import annotations

import fcntl
import os
import sys


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[2] != "--":
        print("usage: gate.py LOCK READY -- PROGRAM [ARGS...]", file=sys.stderr)
        return 2
    lock, ready, command = argv[0], argv[1], argv[3:]
    with open(lock, "rb") as handle:
        with open(ready, "wb"):
            pass
        fcntl.flock(handle, fcntl.LOCK_SH)
    os.execvp(command[0], command)
    return 2  # pragma: no cover - execvp does not return


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
