"""Replay an explore sequence:
`python -m harness.faults.replay_sequence --scenario DIR --engine SPEC --from V --steps "..."`.

Runs the steps one by one on a clone of the seeded start version, checking every invariant after each, and prints
what happened. Exit 0: every invariant held; 1: one broke (the diagnosis is printed); 2: bad input or environment.
"""

from __future__ import annotations

import argparse
import sys

from harness.engines.server_api import EngineError
from harness.failures import CheckFailed
from harness.faults.explore_driver import Explorer, StepError, parse_steps
from harness.faults.process import FaultError
from harness.runners import runner_for
from harness.scenario import ScenarioError, load_scenario
from harness.workbench import Workbench


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m harness.faults.replay_sequence", description="Replay an explore sequence step by step."
    )
    parser.add_argument("--scenario", required=True, help="scenario name or directory")
    parser.add_argument("--engine", required=True, help="engine spec, e.g. postgresql@15 or mariadb@10.11")
    parser.add_argument("--from", dest="start", help="seeded start version (default: the first)")
    parser.add_argument("--seed-size", type=int, default=20, help="rows in the big seeded tables")
    parser.add_argument("--steps", required=True, help='e.g. "upgrade v1.1.0; insert; fault crash v1.2.0#2"')
    args = parser.parse_args(argv)
    try:
        steps = parse_steps(args.steps)
        scenario = load_scenario(args.scenario)
        start = args.start or scenario.versions[0]
        scenario.index(start)
        bench = Workbench(scenario, runner_for(scenario), {args.engine: args.engine}, args.seed_size)
    except (StepError, ScenarioError, EngineError) as err:
        print(f"replay: {err}", file=sys.stderr)
        return 2
    try:
        explorer = Explorer(bench, args.engine, start, args.scenario)
        try:
            for step in steps:
                explorer.apply(step)
                print(f"ok    {step.describe()}  (now at {explorer.version})")
        finally:
            explorer.close()
    except CheckFailed as failure:
        print(failure.render())
        return 1
    except (EngineError, FaultError, StepError) as err:
        print(f"replay: {err}", file=sys.stderr)
        return 2
    finally:
        bench.close()
    print(f"every invariant held after {len(steps)} step(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
