"""`Runner.records_attempts` decides whether the upgrade check holds a runner to a complete history of attempts.

The migrator records every attempt, so a build that loses one (here: the attempt of the version it upgraded to)
fails the check; a replayed tool keeps only its current version, so its empty history is not held against it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL

from harness.cases import Case
from harness.checks.upgrade_succeeds import verify
from harness.engines import Server
from harness.paths import UpgradePath
from harness.runners.migrator_runner import MigratorRunner
from harness.runners.system_under_test import Attempt
from harness.scenario import load_scenario
from harness.workbench import Workbench
from tests.faults.support import LEDGER, PG, run, workbench

GOLANG_MIGRATE = Path(__file__).resolve().parents[2] / "fixtures" / "foreign" / "golang-migrate"


class LosesTheLastAttempt(MigratorRunner):
    """A migrator build whose history drops the attempt of the version an upgrade ends at (a missed insert)."""

    def __init__(self, target: str) -> None:
        super().__init__(LEDGER / "migrations")
        self.target = target

    def attempts(self, url: URL) -> list[Attempt]:
        return [attempt for attempt in super().attempts(url) if attempt.version != self.target]


def _upgrade_case(bench: Workbench) -> Case:
    versions = bench.scenario.versions
    return Case("upgrade", PG, UpgradePath((versions[0], versions[-1])))


def test_a_runner_that_records_attempts_is_held_to_every_version(postgresql_server: Server) -> None:
    servers = {PG: postgresql_server}
    correct = workbench(LEDGER, servers)
    try:
        assert correct.runner.records_attempts
        assert run(verify, correct, _upgrade_case(correct)).outcome == "passed"
    finally:
        correct.close()
    head = load_scenario(LEDGER).head
    broken = workbench(LEDGER, servers, LosesTheLastAttempt(head))
    try:
        outcome = run(verify, broken, _upgrade_case(broken))
    finally:
        broken.close()
    assert outcome.outcome == "failed", outcome
    assert f"the runner's history lacks a successful attempt for {head}" in outcome.message


def test_a_runner_that_keeps_only_its_version_is_not_held_to_attempts(postgresql_server: Server) -> None:
    bench = workbench(GOLANG_MIGRATE, {PG: postgresql_server})
    try:
        assert not bench.runner.records_attempts
        assert run(verify, bench, _upgrade_case(bench)).outcome == "passed"
    finally:
        bench.close()
