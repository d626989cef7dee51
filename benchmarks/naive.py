"""The naive baseline: what a hand-written upgrade test does when nothing is shared between paths.

Per path: a fresh database, the first version installed, seeded, upgraded to the path's start (replaying history),
its rows read, upgraded to the target; SQLAlchemy reflection of the result compared with the reflection of a fresh
install of the target (built for that path too), and the rows compared by primary key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, MetaData

from benchmarks.reflection import reflect_schema
from benchmarks.server_cpu import ServerCpu
from benchmarks.timed_runner import TimedRunner
from benchmarks.timing import Lap, measure, seconds
from harness.db import connect
from harness.engines.server_api import Server
from harness.paths import UpgradePath
from harness.runners import runner_for
from harness.scenario import Scenario

Rows = dict[str, dict[tuple[object, ...], dict[str, object]]]


@dataclass
class NaiveClock:
    replay_s: float = 0.0  # create, install v1, seed, upgrade to start, upgrade to target
    reference_s: float = 0.0  # fresh install of the target and its reflection
    reflect_s: float = 0.0  # reflecting the upgraded database
    data_s: float = 0.0  # reading rows before and after
    drop_s: float = 0.0

    def as_json(self) -> dict[str, float]:
        return {name: round(value, 4) for name, value in vars(self).items()}


@dataclass(frozen=True)
class NaiveRun:
    lap: Lap
    paths: int
    floor_s: float  # the target upgrades only: the same work the harness's floor counts
    runner_s: float  # every runner call of the replays
    clock: NaiveClock
    failures: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, object]:
        return {
            **self.lap.as_json(),
            "paths": self.paths,
            "floor_s": round(self.floor_s, 4),
            "runner_s": round(self.runner_s, 4),
            "per_path_s": round(self.lap.wall_s / self.paths, 4) if self.paths else 0.0,
            "breakdown_s": self.clock.as_json(),
            "failures": list(self.failures),
        }


def read_rows(connection: Connection, skip: frozenset[str]) -> Rows:
    """Every row of every table, keyed by primary key (the whole row when there is none)."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    rows: Rows = {}
    for name, table in metadata.tables.items():
        if name in skip:
            continue
        key = [column.name for column in table.primary_key.columns] or [column.name for column in table.columns]
        rows[name] = {
            tuple(record[k] for k in key): dict(record)
            for record in (dict(row._mapping) for row in connection.execute(table.select()))
        }
    return rows


def lost_rows(before: Rows, after: Rows, declared: frozenset[str]) -> list[str]:
    """Rows or values present before and changed after, outside the declared changes."""
    problems: list[str] = []
    for table, rows in before.items():
        if table in declared:
            continue
        kept = after.get(table)
        if kept is None:
            problems.append(f"table {table} is gone")
            continue
        for key, row in rows.items():
            new = kept.get(key)
            if new is None:
                problems.append(f"{table} {key}: row is gone")
                continue
            problems.extend(
                f"{table} {key}.{column}: {value!r} -> {new.get(column)!r}"
                for column, value in row.items()
                if column in new and f"{table}.{column}" not in declared and new[column] != value
            )
    return problems


def _one_path(scenario: Scenario, server: Server, runner: TimedRunner, path: UpgradePath, seed_size: int,
              clock: NaiveClock) -> tuple[float, list[str]]:
    """Returns the target upgrade's runner seconds and the failures found."""
    first = scenario.versions[0]
    skip = runner.own_tables
    started = seconds(server.create_database)
    database, url = started[1], server.url(started[1])
    replay = started[0]
    try:
        replay += runner.install(url, first).seconds
        seed = scenario.seed
        if seed is not None:
            with connect(url) as connection:
                replay += seconds(lambda: seed(connection, version=first, dialect=server.dialect, size=seed_size))[0]
                connection.commit()
        if path.start != first:
            replay += seconds(lambda: runner.upgrade(url, path.start))[0]
        with connect(url) as connection:
            data_s, before = seconds(lambda: read_rows(connection, skip))
        upgrade = runner.upgrade(url, path.target)
        replay += upgrade.seconds
        with connect(url) as connection:
            reflect_s, actual = seconds(lambda: reflect_schema(connection, skip))
            after_s, after = seconds(lambda: read_rows(connection, skip))
    finally:
        clock.drop_s += seconds(lambda: server.drop_database(database))[0]
    clock.replay_s += replay
    clock.reflect_s += reflect_s
    clock.data_s += data_s + after_s

    def reference() -> dict[str, object]:
        name = server.create_database()
        try:
            runner.install(server.url(name), path.target)
            with connect(server.url(name)) as connection:
                return dict(reflect_schema(connection, skip))
        finally:
            server.drop_database(name)

    reference_s, expected = seconds(reference)
    clock.reference_s += reference_s
    failures = [] if upgrade.ok else [f"{path.label}: upgrade failed: {upgrade.error.splitlines()[:1]}"]
    if expected != actual:
        differing = sorted(t for t in set(expected) | set(actual) if expected.get(t) != actual.get(t))
        failures.append(f"{path.label}: reflected schema differs from a fresh install in {', '.join(differing[:5])}")
    declared = scenario.changed_on_purpose(path.start, path.target)
    failures.extend(f"{path.label}: {problem}" for problem in lost_rows(before, after, declared)[:5])
    return upgrade.seconds, failures


def run_naive(scenario: Scenario, server: Server, paths: Sequence[UpgradePath], seed_size: int) -> NaiveRun:
    cpu = ServerCpu(server)
    runner = TimedRunner(runner_for(scenario), cpu)
    clock = NaiveClock()

    def work() -> tuple[float, list[str]]:
        floor, failures = 0.0, []
        for path in paths:
            target_s, found = _one_path(scenario, server, runner, path, seed_size, clock)
            floor += target_s
            failures.extend(found)
        return floor, failures

    lap, (floor, failures) = measure(work, cpu)
    all_runner = runner.clock.install_s + runner.clock.upgrade_s
    return NaiveRun(lap, len(paths), floor, all_runner, clock, tuple(failures))
