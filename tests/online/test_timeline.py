"""Attribution of what the sampler saw to the runner's statements (pure functions over recorded samples)."""

from __future__ import annotations

from pytest import approx

from harness.online.sampler import Sample
from harness.online.server_activity import SessionState
from harness.online.timeline import impacts, place_statements, runner_executions, wait_episodes
from harness.online.workers import QueryRun
from harness.runners.system_under_test import StatementTime

RUNNER, WORKER = 7, 42
STATEMENTS = [
    StatementTime("v2", 1, "ALTER TABLE a ADD COLUMN x int", 0.01),
    StatementTime("v2", 2, "ALTER TABLE big ADD COLUMN y int", 0.5),  # the attempt that worked
    StatementTime("v2", 3, "CREATE TABLE c (id int)", 0.01),
]


def running(at: float, sql: str, started: float) -> Sample:
    return Sample(at, (SessionState(RUNNER, True, sql, started, None),))


def waiting(at: float, runner_sql: str, runner_started: float, wait_started: float) -> Sample:
    worker = SessionState(WORKER, True, "INSERT INTO big ...", wait_started, None, "the table metadata lock",
                          wait_started)
    return Sample(at, (SessionState(RUNNER, True, runner_sql, runner_started, None), worker),
                  labels=((WORKER, "insert into big"),))


def test_a_statement_retried_after_a_lock_timeout_spans_every_attempt_and_owns_their_waits() -> None:
    big = STATEMENTS[1].statement
    # attempt 1 at 10.0 times out after 5 s; attempt 2 at 15.5 works in 0.5 s; inserts queue behind both
    samples = [
        running(10.02, big, 10.0),
        waiting(11.0, big, 10.0, 10.5),
        waiting(14.9, big, 10.0, 10.5),
        running(15.52, big, 15.5),
        waiting(15.9, big, 15.5, 15.6),
    ]
    is_workload = {WORKER}.__contains__
    spans = place_statements(STATEMENTS, runner_executions(samples, is_workload), upgrade_started=9.9)
    assert [(span.start, span.observed) for span in spans] == [(9.9, False), (10.0, True), (approx(16.0), False)]
    assert spans[1].end == approx(16.0)
    episodes = wait_episodes(samples, is_workload, (9.9, 16.1))
    runs = [QueryRun("insert into big", 0, 10.5, 5.0, "lock wait timeout"), QueryRun("insert into big", 0, 15.6, 0.4)]
    found, before_first = impacts(spans, episodes, runs, None, upgrade_ended=16.1)
    first, retried, last = found
    assert before_first is None
    assert (retried.lock_wait_s, retried.waiting_query) == (approx(4.4), "insert into big")
    assert retried.seconds == approx(6.0), "the span covers the failed attempt too"
    assert retried.errors == ("insert into big: lock wait timeout",)
    assert first.lock_wait_s == last.lock_wait_s == 0.0
    assert last.errors == ()


def test_a_statement_the_sampler_never_saw_follows_its_predecessor() -> None:
    spans = place_statements(STATEMENTS, [], upgrade_started=1.0)
    assert [span.start for span in spans] == approx([1.0, 1.01, 1.51])
    assert not any(span.observed for span in spans)


def test_a_lock_the_versions_transaction_took_earlier_is_blamed_on_the_statement_that_took_it() -> None:
    statements = [
        StatementTime("v9", 1, "ALTER TABLE alert_rule ADD COLUMN time_zone varchar(64)", 0.001),
        StatementTime("v9", 2, "CREATE INDEX idx_his ON alert_his_event (group_id)", 2.0),
    ]
    build = statements[1].statement
    runner = SessionState(RUNNER, True, build, 5.0, 4.9)  # its transaction began before the index build
    reader = SessionState(WORKER, True, "SELECT ... FROM alert_rule", 5.5, None,
                          "a lock on alert_rule (AccessShareLock)", 5.5, (RUNNER,))
    samples = [Sample(at, (runner, reader), ((WORKER, "list alert rules"),)) for at in (5.52, 6.5, 7.0)]
    is_workload = {WORKER}.__contains__
    spans = place_statements(statements, runner_executions(samples, is_workload), upgrade_started=4.9)
    found, _ = impacts(spans, wait_episodes(samples, is_workload, (4.9, 7.1)), [], None, upgrade_ended=7.1)
    took_lock, kept_it = found
    assert took_lock.lock_wait_s == approx(1.5) and took_lock.held_by_transaction
    assert took_lock.lock == ("a lock on alert_rule (AccessShareLock), held by the version's transaction until it "
                              "committed (its longest statement: step 2, 2.00 s)")
    assert kept_it.lock_wait_s == 0.0


def test_a_statement_starting_right_after_a_bookkeeping_query_is_still_seen() -> None:
    statement = StatementTime("v2", 1, "ALTER TABLE big MODIFY code bigint NOT NULL", 1.5)
    samples = [
        running(20.003, "SELECT trigger_name FROM information_schema.TRIGGERS", 20.001),
        running(20.5, statement.statement, 20.004),  # the same hundredth of a second
        running(21.4, statement.statement, 20.004),
    ]
    (span,) = place_statements([statement], runner_executions(samples, {WORKER}.__contains__), upgrade_started=20.0)
    assert span.observed and span.start == approx(20.004)
