"""Hook implementations: enabling, generating the cases, ordering and sharding them, recording their results."""

from __future__ import annotations

import re
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from harness.cases import Case, reads
from harness.checks import CHECKS
from harness.engines.base import EngineError
from harness.failures import CheckFailed
from harness.plugin.options import add_options, read_selection
from harness.plugin.progress import CaseProgress
from harness.plugin.results import case_record, merge_record, write_session_report
from harness.plugin.session import UpgradeSession
from harness.scenario import ScenarioError

SESSION_KEY = pytest.StashKey[UpgradeSession]()
CASE_KEY = pytest.StashKey[Case]()
PROGRESS_KEY = pytest.StashKey[CaseProgress]()
CHECK_ORDER = {name: position for position, name in enumerate(CHECKS)}
_CONFIGS: list[pytest.Config] = []  # pytest_runtest_logreport gets no config; the configured run is the last one


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    for name, spec in CHECKS.items():
        config.addinivalue_line("markers", f"{name}: upgrade check - {spec.description}")
    try:
        selection = read_selection(config)
        if selection is None:
            return
        session = UpgradeSession.open(selection)
    except (ScenarioError, EngineError, ValueError) as err:
        raise pytest.UsageError(str(err)) from err
    config.stash[SESSION_KEY] = session
    _CONFIGS.append(config)
    # Without explicit test paths pytest falls back to `testpaths`; a scenario run then collects only the checks.
    given = list(config.args) if config.args_source == pytest.Config.ArgsSource.ARGS else []
    # A check module the arguments already name (a node id such as `...rollback_restores_previous.py::test[...]`)
    # is not added whole: the named cases are the selection.
    named = {_file_of(arg, config.invocation_params.dir) for arg in given}
    wanted = [str(CHECKS[check].file) for check in selection.checks if CHECKS[check].file.resolve() not in named]
    config.args[:] = given + wanted


def _file_of(arg: str, invoked_in: Path) -> Path:
    return (invoked_in / arg.split("::", 1)[0]).resolve()


def pytest_unconfigure(config: pytest.Config) -> None:
    session = config.stash.get(SESSION_KEY, None)
    if session is not None:
        session.close()
        _CONFIGS.remove(config)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "upgrade_case" not in metafunc.fixturenames:
        return
    session = metafunc.config.stash.get(SESSION_KEY, None)
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    check = next((name for name, spec in CHECKS.items() if spec.module == module), None)
    cases = session.cases_for(check) if session is not None and check is not None else []
    metafunc.parametrize("upgrade_case", cases, ids=[case.param_id for case in cases])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    session = config.stash.get(SESSION_KEY, None)
    if session is None:
        return
    for item in items:
        case = _case_of(item)
        if case is not None:
            item.stash[CASE_KEY] = case
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
    if call.excinfo is not None and isinstance(call.excinfo.value, CheckFailed):
        report.longrepr = call.excinfo.value.render()
    session = item.config.stash[SESSION_KEY]
    if call.when == "call" or report.outcome != "passed":
        runner_s = sum(session.workbench.runner_seconds.get(key, 0.0) for key in reads(case))
        report.user_properties.append(("upgrade_case", case_record(case, report, runner_s)))
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
    is_case = any(key == "upgrade_case" for key, _ in report.user_properties)
    if progress is not None and progress.live and is_case and isinstance(status, tuple) and len(status) == 3:
        return (status[0], "", status[2])
    return status


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
    if upgrade.selection.report_dir is not None:
        write_session_report(upgrade, time.perf_counter() - upgrade.started)
