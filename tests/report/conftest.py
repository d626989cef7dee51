"""A realistic run's results, built without servers: the report room only turns results into files."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from itertools import combinations

import pytest

from harness.cases import Fault
from harness.report.json_contract import CaseRecord, EngineInfo, Outcome, Report, Statement

VERSIONS = ("v6.7.3", "v7.0.0", "v7.4.0", "v7.9.0", "v7.10.0", "v8.0.0", "v9.1.0")
ENGINES = (
    EngineInfo("postgresql@15", "local", "15.18"),
    EngineInfo("mariadb@10.11", "local", "10.11.14-MariaDB"),
    EngineInfo("mysql@8.0", None, None),
)
CHECKS = ("schema", "data")

DUPLICATE_DIAGNOSIS = """data check failed on path v6.7.3 -> v7.10.0, version v7.10.0, statement 4:
  CREATE UNIQUE INDEX uq_target_ident ON target (ident)
error 1062: Duplicate entry 'host<01>&"prod"' for key 'uq_target_ident'
rows blocking the index (table target):
  id=17 ident='host<01>&"prod"'
  id=42 ident='host<01>&"prod"'"""

SCHEMA_DIAGNOSIS = """schema differs from a fresh install of v9.1.0 (path v7.0.0 -> v9.1.0):
  table alert_rule, column note: expected varchar(1024) NOT NULL DEFAULT '', actual text NULL
  index <missing> idx_rule_group & 'cluster' on alert_rule (group_id, "cluster")"""


def _case(
    rng: random.Random,
    engine: str,
    check: str,
    path: tuple[str, ...],
    *,
    fault: Fault | None = None,
    outcome: Outcome = "passed",
    message: str = "",
) -> CaseRecord:
    ran = outcome != "skipped"
    runner = round(rng.uniform(0.05, 2.5), 3) if ran else 0.0
    fault_part = "" if fault is None else f"-{fault.kind}@{fault.version}#{fault.statement}"
    return CaseRecord(
        id=f"{check}[{engine}-{'>'.join(path)}{fault_part}]",
        engine=engine,
        check=check,
        from_version=path[0],
        to_version=path[-1],
        path=path,
        fault=fault,
        outcome=outcome,
        duration_s=round(runner + rng.uniform(0.1, 0.6), 3) if ran else 0.0,
        runner_s=runner,
        message=message,
    )


def build_report(engines: tuple[EngineInfo, ...] = ENGINES, seed: int = 7) -> Report:
    rng = random.Random(seed)
    cases: list[CaseRecord] = []
    for engine in engines:
        for check in CHECKS:
            for start, end in combinations(VERSIONS, 2):
                if engine.server_version is None:
                    unavailable = f"{engine.spec} unavailable: Docker is not reachable (is dockerd running?)"
                    cases.append(_case(rng, engine.spec, check, (start, end), outcome="skipped", message=unavailable))
                else:
                    cases.append(_case(rng, engine.spec, check, (start, end)))
    cases = [_with_defects(case) for case in cases]
    # Multi-stop paths and injected faults: cases a from x to matrix cannot hold.
    for engine in (e for e in engines if e.server_version is not None):
        cases.append(_case(rng, engine.spec, "schema", VERSIONS))
        cases.append(_case(rng, engine.spec, "data", ("v6.7.3", "v7.9.0", "v9.1.0")))
        for fault in (Fault("crash", "v7.4.0", 2), Fault("sql-error", "v8.0.0", 1)):
            cases.append(_case(rng, engine.spec, "rollback", ("v7.0.0", "v9.1.0"), fault=fault))
    cases[-1] = _case(
        rng, cases[-1].engine, "rollback", ("v7.0.0", "v9.1.0"), fault=cases[-1].fault, outcome="failed",
        message="after the injected sql-error at v8.0.0 statement 1 the version table says v8.0.0, "
        "expected v7.9.0\nschema_migrations row: version='v8.0.0' & state=\"applied\"",
    )  # fmt: skip
    cases[0] = _timed(cases[0])
    return Report.build(
        "nightingale", 93.4, engines, cases, environment={"python": "3.11.7", "cpu_count": 2, "pytest_args": ["-x"]}
    )


def _with_defects(case: CaseRecord) -> CaseRecord:
    if case.engine == "mariadb@10.11" and case.check == "data" and case.path == ("v6.7.3", "v7.10.0"):
        return replace(case, outcome="failed", message=DUPLICATE_DIAGNOSIS)
    if case.engine == "postgresql@15" and case.check == "schema" and case.path == ("v7.0.0", "v9.1.0"):
        return replace(case, outcome="failed", message=SCHEMA_DIAGNOSIS)
    if case.engine == "postgresql@15" and case.check == "data" and case.path == ("v8.0.0", "v9.1.0"):
        return replace(case, outcome="error", message="harness error: could not clone snapshot <v8.0.0>")
    return case


def _timed(case: CaseRecord) -> CaseRecord:
    statements = (
        Statement("v7.0.0", 0, "ALTER TABLE target ADD COLUMN os varchar(31) NOT NULL DEFAULT ''", 0.82),
        Statement("v7.0.0", 1, "CREATE INDEX idx_nr_event_id ON notification_record (event_id)", 1.91),
    )
    return replace(case, statements=statements)


@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture(scope="session")
def make_report() -> Callable[..., Report]:
    """The builder itself, for tests that need several runs (other seeds, fewer engines)."""
    return build_report
