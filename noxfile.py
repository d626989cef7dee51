"""nox sessions: `verify` (the main job: the upgrade matrix), `tests`, `lint`, `bench`.

Engines: pass them after `--` (`nox -s verify -- --engine postgresql@15`) or set UPGRADE_HARNESS_ENGINES to a
space-separated list; by default the embedded PostgreSQL 18 and a local MariaDB 10.11 (skipped when not installed).
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["verify", "tests", "lint"]
nox.options.reuse_existing_virtualenvs = True

DEFAULT_ENGINES = ("postgresql@18", "mariadb@10.11")


def _engines() -> list[str]:
    configured = os.environ.get("UPGRADE_HARNESS_ENGINES", "").split()
    return configured or list(DEFAULT_ENGINES)


def _install(session: nox.Session, extras: str = "dev") -> None:
    session.install("-e", f".[{extras}]")


@nox.session
def verify(session: nox.Session) -> None:
    """Main job: verify the Nightingale history on every path, with every consistency check."""
    _install(session)
    args = session.posargs or [
        "--scenario", "nightingale", "--paths", "all-pairs", "--report-dir", "out/verify",
        *(f"--engine={engine}" for engine in _engines()),
    ]
    session.run("upgrade-harness", "verify", *args)


# One worker per core, at most four: each worker starts its own servers, so more workers cost memory and server
# start-ups. A file's tests stay on one worker, so a module's fixtures are built once.
PARALLEL_TESTS = ("--numprocesses", "auto", "--maxprocesses", "4", "--dist", "loadfile")
_WORKER_OPTIONS = ("-n", "--numprocesses", "--dist", "--maxprocesses")


def _chooses_workers(arguments: list[str]) -> bool:
    """True when the arguments say how to run in parallel (or, with `-p no:xdist`, not at all)."""
    return any(argument.startswith(_WORKER_OPTIONS) or argument.endswith("no:xdist") for argument in arguments)


@nox.session
def tests(session: nox.Session) -> None:
    """The project's own test suite, on real PostgreSQL, MariaDB and MySQL servers it starts itself (an engine that
    cannot run here is skipped with the reason; UPGRADE_HARNESS_REQUIRE_ENGINES makes such skips failures), on
    pytest-xdist workers unless the arguments choose (`nox -s tests -- -p no:xdist` runs it in one process)."""
    _install(session)
    parallel = [] if _chooses_workers(session.posargs) else list(PARALLEL_TESTS)
    session.run("pytest", *parallel, *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff and mypy (strict)."""
    _install(session)
    session.run("ruff", "check", ".")
    session.run("mypy")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Benchmarks: provisioning, seeding, harness vs runner floor vs the naive method (benchmarks/results.json)."""
    _install(session)
    session.run("python", "-m", "benchmarks", *session.posargs)
