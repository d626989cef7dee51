"""Hook implementations: enabling, generating the cases, ordering and sharding them, recording their results."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import time
from collections.abc import Generator
from typing import Any

import pytest

from harness.cases import Case, reads
from harness.checks import CHECKS
from harness.engines.base import EngineError
from harness.engines.docker_images import ENGINE_IMAGES_VARIABLE
from harness.failures import CheckFailed, root_cause_of
from harness.interrupts import INTERRUPT_EXIT, TerminationAsInterrupt
from harness.plugin.collect import UMBRELLA_MARKER, collect_check_items, split_case_arguments
from harness.plugin.options import SelectionError, add_options, engine_images, read_selection
from harness.plugin.progress import CaseProgress
from harness.plugin.results import case_record, finish_report, merge_record
from harness.plugin.session import UpgradeSession
from harness.report.gate import load_allowlist
from harness.report.verdict import GateVerdict
from harness.scenario import ScenarioError

SESSION_KEY = pytest.StashKey[UpgradeSession]()
CASE_KEY = pytest.StashKey[Case]()
PROGRESS_KEY = pytest.StashKey[CaseProgress]()
COLLECT_KEY = pytest.StashKey[bool]()  # whether this run collects the cases (see pytest_configure)
INTERRUPTED_KEY = pytest.StashKey[signal.Signals]()
VERDICT_KEY = pytest.StashKey[GateVerdict]()
SCENARIO_ERROR_KEY = pytest.StashKey[bool]()  # a case met the scenario's own mistake: bad input, exit 2
# Exit statuses after which the cases' outcomes are judged (not a collection or usage error).
_JUDGED = (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.NO_TESTS_COLLECTED)
CHECK_ORDER = {name: position for position, name in enumerate(CHECKS)}
_CONFIGS: list[pytest.Config] = []  # pytest_runtest_logreport gets no config; the configured run is the last one
_TERMINATED = TerminationAsInterrupt()  # SIGTERM stops the run as Ctrl-C does: servers stopped, partial report


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{UMBRELLA_MARKER}: every upgrade case (select or deselect them all)")
    for name, spec in CHECKS.items():
        config.addinivalue_line("markers", f"{name}: upgrade check - {spec.description}")
    explicit_paths = config.args_source == pytest.Config.ArgsSource.ARGS
    paths, named_cases = split_case_arguments(config.args if explicit_paths else [])
    try:
        images = engine_images(config, os.environ)
        if images:
            # The providers read the overrides from the environment, which xdist workers and runners inherit.
            os.environ[ENGINE_IMAGES_VARIABLE] = images
        selection = read_selection(config)
        if selection is None:
            if named_cases or config.getoption("upgrade_only"):
                raise SelectionError("upgrade cases were asked for but no scenario is selected: "
                                     "pass --upgrade-scenario NAME|PATH or set the upgrade_scenario ini key")
            return
        if named_cases:
            selection = dataclasses.replace(selection, case_filters=(*selection.case_filters, *named_cases))
        if selection.allowlist is not None:
            load_allowlist(selection.allowlist)  # a malformed list is bad input now, not after the run
        session = UpgradeSession.open(selection)
    except (ScenarioError, EngineError, ValueError) as err:
        raise pytest.UsageError(str(err)) from err
    config.stash[SESSION_KEY] = session
    _CONFIGS.append(config)
    _TERMINATED.install()
    # Naming cases (as arguments or with --upgrade-case) without naming test paths runs just those cases.
    named_cases = [*named_cases, *config.getoption("upgrade_case_filters")]
    only_cases = bool(config.getoption("upgrade_only")) or (bool(named_cases) and not paths)
    if explicit_paths:
        config.args[:] = [] if only_cases else paths
    elif only_cases:
        config.args[:] = []
    # A run narrowed to explicit paths gets the cases only when the command line asks for them.
    asked = only_cases or bool(named_cases) or config.getoption("upgrade_scenario") is not None
    config.stash[COLLECT_KEY] = asked or not explicit_paths


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> Generator[None, None, None]:
    """The cases join the collected items before -k, -m and --deselect see them; once those have deselected,
    the cases that will really run are sharded, ordered and announced to the workbench."""
    upgrade = config.stash.get(SESSION_KEY, None)
    if upgrade is None or not config.stash.get(COLLECT_KEY, False):
        yield
        return
    with_cases = [check for check in upgrade.selection.checks if upgrade.selected_cases(check)]
    items.extend(collect_check_items(session, with_cases))
    if upgrade.selection.case_filters and not with_cases:
        raise pytest.UsageError(
            f"no case matches {' or '.join(map(repr, upgrade.selection.case_filters))}; "
            "`upgrade-harness plan` lists the cases of a selection, report.json names each case's id")
    yield
    _order_cases(upgrade, config, items)


def pytest_unconfigure(config: pytest.Config) -> None:
    session = config.stash.get(SESSION_KEY, None)
    if session is not None:
        session.close()
        _CONFIGS.remove(config)
        _TERMINATED.restore()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "upgrade_case" not in metafunc.fixturenames:
        return
    session = metafunc.config.stash.get(SESSION_KEY, None)
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    check = next((name for name, spec in CHECKS.items() if spec.module == module), None)
    cases = session.selected_cases(check) if session is not None and check is not None else []
    metafunc.parametrize("upgrade_case", cases, ids=[case.param_id for case in cases])


def _order_cases(session: UpgradeSession, config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        case = _case_of(item)
        if case is not None:
            item.stash[CASE_KEY] = case
    if not any(CASE_KEY in item.stash for item in items):
        # -m "not upgrade_harness", -k or --deselect took every case away: the user asked for a run without them.
        config.stash[COLLECT_KEY] = False
        return
    shard = session.selection.shard
    if shard is not None:
        from harness.report.shard import select_shard

        ids = [item.nodeid for item in items if CASE_KEY in item.stash]
        kept = set(select_shard([(nodeid, 1.0) for nodeid in ids], shard[0], shard[1]))
        deselected = [item for item in items if CASE_KEY in item.stash and item.nodeid not in kept]
        items[:] = [item for item in items if item not in deselected]
        config.hook.pytest_deselected(items=deselected)
    # Cases reading the same upgraded database run together, so it is built once and dropped early; the newest
    # start versions come first, so the first result arrives after one short upgrade, not the longest one.
    rank = {version: position for position, version in enumerate(session.scenario.versions)}
    items.sort(key=lambda item: _order_key(item, rank))
    for item in items:
        case = item.stash.get(CASE_KEY, None)
        if case is not None:
            for engine, path in reads(case):
                session.workbench.expect(engine, path)


def _case_of(item: pytest.Item) -> Case | None:
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return None
    case = callspec.params.get("upgrade_case")
    return case if isinstance(case, Case) else None


def _order_key(item: pytest.Item, rank: dict[str, int]) -> tuple[Any, ...]:
    case = item.stash.get(CASE_KEY, None)
    if case is None:
        return (0,)
    fault = case.fault.label if case.fault else ""
    start, target = -rank.get(case.path.start, 0), rank.get(case.path.target, 0)
    return (1, case.engines[0], start, target, len(case.path.stops), fault, CHECK_ORDER[case.check])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report = yield
    case = item.stash.get(CASE_KEY, None)
    if case is None:
        return report
    raised = call.excinfo.value if call.excinfo is not None else None
    if isinstance(raised, CheckFailed):
        report.longrepr = raised.render()
    # The scenario's own mistake (its seed, its files) is an error of the case, told in its one message.
    scenario_error = isinstance(raised, ScenarioError)
    if scenario_error:
        report.longrepr = str(raised)
        item.config.stash[SCENARIO_ERROR_KEY] = True
    session = item.config.stash[SESSION_KEY]
    cause = root_cause_of(raised) if raised is not None else None
    if cause is not None:
        first = session.root_causes.setdefault(cause.key, item.nodeid)
        if first != item.nodeid:
            # One root cause, one failure: the cases it also breaks step aside and point at the one that reports it.
            report.outcome = "skipped"
            reference = f"Skipped: {cause.description}; reported once, by {first}"
            report.longrepr = (item.nodeid.split("::")[0], 0, reference)
            scenario_error = False
    if call.when == "call" or report.outcome != "passed":
        runner_s = sum(session.workbench.runner_seconds.get(key, 0.0) for key in reads(case))
        report.user_properties.append(("upgrade_case", case_record(case, report, runner_s, scenario_error)))
    if call.when == "teardown":
        for engine, path in reads(case):
            session.workbench.release(engine, path)
    return report


@pytest.hookimpl(optionalhook=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Runs on the controller under xdist too, where the workers' case records arrive in `user_properties`."""
    config = _CONFIGS[-1] if _CONFIGS else None
    session = config.stash.get(SESSION_KEY, None) if config is not None else None
    if session is None:
        return
    for key, value in report.user_properties:
        if key == "upgrade_case" and isinstance(value, dict):
            merge_record(session.results, value)
            worst = _FINISHING.get(report.nodeid, "passed")
            outcome = "failed" if value.get("outcome") in ("failed", "error") else str(value.get("outcome"))
            _FINISHING[report.nodeid] = outcome if worst == "passed" else worst


_CASE_NODE = re.compile(r"::test_(" + "|".join(re.escape(name) for name in CHECKS) + r")\[[^]]*->")
_FINISHING: dict[str, str] = {}  # node id -> outcome so far, for the progress display


def _start_progress(config: pytest.Config, total: int) -> None:
    if hasattr(config, "workerinput") or PROGRESS_KEY in config.stash:
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    live = reporter is not None and config.get_terminal_writer().hasmarkup and config.option.verbose <= 0

    def write_line(line: str) -> None:
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(line)

    config.stash[PROGRESS_KEY] = CaseProgress(total, live=live, write_line=write_line)


def pytest_collection_finish(session: pytest.Session) -> None:
    if SESSION_KEY in session.config.stash and not hasattr(session.config, "workerinput"):
        if session.config.pluginmanager.has_plugin("dsession"):
            return  # under xdist the controller learns the cases from its workers
        _start_progress(session.config, sum(1 for item in session.items if CASE_KEY in item.stash))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    config = _CONFIGS[-1] if _CONFIGS else None
    if config is not None and SESSION_KEY in config.stash:
        _start_progress(config, sum(1 for nodeid in ids if _CASE_NODE.search(nodeid)))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    config = _CONFIGS[-1] if _CONFIGS else None
    session = config.stash.get(SESSION_KEY, None) if config is not None else None
    if session is None:
        return
    for engine in getattr(node, "workeroutput", {}).get("upgrade_engines", []):
        session.worker_engines.setdefault(engine["spec"], engine)


def pytest_runtest_logfinish(nodeid: str) -> None:
    config = _CONFIGS[-1] if _CONFIGS else None
    progress = config.stash.get(PROGRESS_KEY, None) if config is not None else None
    outcome = _FINISHING.pop(nodeid, None)
    if progress is not None and outcome is not None:
        progress.finished(outcome, nodeid)


@pytest.hookimpl(wrapper=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> Generator[None, Any, Any]:
    """With the live bar on, the cases' dots would scribble over it: the letter goes, the category stays."""
    status = yield
    progress = config.stash.get(PROGRESS_KEY, None)
    is_case = any(key == "upgrade_case" for key, _ in getattr(report, "user_properties", ()))
    if progress is not None and progress.live and is_case and isinstance(status, tuple) and len(status) == 3:
        return (status[0], "", status[2])
    return status


def pytest_keyboard_interrupt(excinfo: pytest.ExceptionInfo[BaseException]) -> None:
    config = _CONFIGS[-1] if _CONFIGS else None
    if config is not None and SESSION_KEY in config.stash:
        config.stash[INTERRUPTED_KEY] = _TERMINATED.signal if _TERMINATED.signal else signal.SIGINT


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    upgrade = session.config.stash.get(SESSION_KEY, None)
    if upgrade is None:
        return
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        # An xdist worker: its servers are the ones that ran the cases; the controller reports them.
        workeroutput["upgrade_engines"] = upgrade.workbench.describe_engines()
        return
    progress = session.config.stash.get(PROGRESS_KEY, None)
    if progress is not None:
        progress.close()
    interrupted = session.config.stash.get(INTERRUPTED_KEY, None)
    if not session.config.stash.get(COLLECT_KEY, False) or (exitstatus not in _JUDGED and interrupted is None):
        return  # the cases were not asked for, or the run broke before them (collection or usage error)
    verdict = finish_report(upgrade, time.perf_counter() - upgrade.started, interrupted is not None,
                            session.config.invocation_params.args)
    session.config.stash[VERDICT_KEY] = verdict
    if interrupted is not None:
        session.exitstatus = INTERRUPT_EXIT[interrupted]
    elif session.config.stash.get(SCENARIO_ERROR_KEY, False):
        session.exitstatus = pytest.ExitCode.USAGE_ERROR  # the scenario is bad input: verify exits 2
    elif not verdict.passed and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    verdict = config.stash.get(VERDICT_KEY, None)
    if verdict is None:
        return
    if verdict.passed:
        accepted = f" ({', '.join(verdict.allowed_missing)} accepted as missing)" if verdict.allowed_missing else ""
        terminalreporter.write_line(f"upgrade gate: passed{accepted}", green=True)
        return
    for reason in verdict.reasons:
        terminalreporter.write_line(f"upgrade gate: FAILED: {reason}", red=True)
