"""The replay of a foreign layout as a process of its own, for the fault checks (they kill it, race it, and point it
at rewritten copies of the files):

    python -m harness.runners.replay_process --layout LAYOUT --migrations DIR --url URL --to VERSION
                                             [--lock-timeout SECONDS]

Upgrades the database to VERSION the way the layout's tool does. Exit 0: done; 1: the upgrade failed (the message
is printed); 2: bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from harness.layouts import FOREIGN_LAYOUTS, load_foreign_scenario
from harness.runners.replay import ReplayRunner
from harness.scenario import ScenarioError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.runners.replay_process", description=__doc__)
    parser.add_argument("--layout", required=True, choices=sorted(FOREIGN_LAYOUTS))
    parser.add_argument("--migrations", required=True, type=Path, help="the directory holding the migration files")
    parser.add_argument("--url", required=True, help="SQLAlchemy URL of the database")
    parser.add_argument("--to", required=True, help="the version to upgrade to")
    parser.add_argument("--lock-timeout", type=float, help="seconds a statement may wait for a table lock")
    args = parser.parse_args(argv)
    try:
        url = make_url(args.url)
        runner = ReplayRunner(load_foreign_scenario(args.migrations, args.layout), args.lock_timeout)
    except (ArgumentError, ScenarioError) as err:
        print(f"replay: {err}", file=sys.stderr)
        return 2
    outcome = runner.upgrade(url, args.to)
    if not outcome.ok:
        print(f"replay: upgrade to {args.to} failed: {outcome.error}", file=sys.stderr)
        return 1
    print(f"replay: at {args.to} ({', '.join(outcome.applied) or 'nothing to do'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
