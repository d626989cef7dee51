"""Hook implementations. The module's hooks add the options and, when a scenario is selected, open the run core's
Run and register an `UpgradeRunPlugin` for this config: it generates the cases, orders and shards them through the
run plan, records their results and writes the report. Without a scenario nothing else is registered."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from collections.abc import Generator
from typing import Any

import pytest

from harness.cases import Case
from harness.checks import CHECKS
from harness.engines.docker_images import ENGINE_IMAGES_VARIABLE
from harness.engines.server_api import EngineError
from harness.failures import CheckFailed, root_cause_of
from harness.interrupts import INTERRUPT_EXIT, TerminationAsInterrupt
from harness.plugin.collect import UMBRELLA_MARKER, collect_check_items, split_case_arguments
from harness.plugin.options import add_options, engine_images, read_selection
from harness.plugin.progress import CaseProgress
from harness.plugin.results import case_result
from harness.report.gate import load_allowlist
from harness.report.json_contract import case_from_json, case_to_json
from harness.report.verdict import GateVerdict
from harness.run import (
    Run,
    RunPlan,
    SelectionError,
    case_id,
    finish_report,
    order_key,
    runner_seconds,
    shard,
)
from harness.scenario import ScenarioError

SESSION_KEY = pytest.StashKey[Run]()
CASE_KEY = pytest.StashKey[Case]()
VERDICT_KEY = pytest.StashKey[GateVerdict]()
CASE_PROPERTY = "upgrade_case"  # the user property carrying a case's result record (to the xdist controller too)
# Exit statuses after which the cases' outcomes are judged (not a collection or usage error).
_JUDGED = (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.NO_TESTS_COLLECTED)


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
                raise SelectionError(
                    "upgrade cases were asked for but no scenario is selected: "
                    "pass --upgrade-scenario NAME|PATH or set the upgrade_scenario ini key"
                )
            return
        if named_cases:
            selection = dataclasses.replace(selection, case_filters=(*selection.case_filters, *named_cases))
        if selection.allowlist is not None:
            load_allowlist(selection.allowlist)  # a malformed list is bad input now, not after the run
        run = Run(RunPlan.open(selection))
    except (ScenarioError, EngineError, ValueError) as err:
        raise pytest.UsageError(str(err)) from err
    config.stash[SESSION_KEY] = run
    # Naming cases (as arguments or with --upgrade-case) without naming test paths runs just those cases.
    named_cases = [*named_cases, *config.getoption("upgrade_case_filters")]
    only_cases = bool(config.getoption("upgrade_only")) or (bool(named_cases) and not paths)
    if explicit_paths:
        config.args[:] = [] if only_cases else paths
    elif only_cases:
        config.args[:] = []
    # A run narrowed to explicit paths gets the cases only when the command line asks for them.
    asked = only_cases or bool(named_cases) or config.getoption("upgrade_scenario") is not None
    config.pluginmanager.register(UpgradeRunPlugin(config, run, asked or not explicit_paths), UpgradeRunPlugin.NAME)


class UpgradeRunPlugin:
    """The hooks of one run with a scenario: registered by pytest_configure, unregistered at unconfigure."""

    NAME = "upgrade-harness-run"

    def __init__(self, config: pytest.Config, run: Run, collect: bool) -> None:
        self.config = config
        self.run = run
        self.collect = collect  # whether this run collects the cases (-k / -m may still take them all away)
        self.terminated = TerminationAsInterrupt()  # SIGTERM stops the run as Ctrl-C does: servers stopped, report
        self.terminated.install()
        self.interrupted: signal.Signals | None = None
        self.scenario_error = False  # a case met the scenario's own mistake: bad input, exit 2
        self.progress: CaseProgress | None = None
        self.finishing: dict[str, str] = {}  # node id -> outcome so far, for the progress display

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self.run.close()
        self.terminated.restore()

    @pytest.hookimpl(wrapper=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> Generator[None, None, None]:
        """The cases join the collected items before -k, -m and --deselect see them; once those have deselected,
        the cases that will really run are sharded, ordered and announced to the workbench."""
        if not self.collect:
            yield
            return
        plan = self.run.plan
        with_cases = [check for check in plan.selection.checks if plan.selected_cases(check)]
        items.extend(collect_check_items(session, with_cases))
        if plan.selection.case_filters and not with_cases:
            raise pytest.UsageError(
                f"no case matches {' or '.join(map(repr, plan.selection.case_filters))}; "
                "`upgrade-harness plan` lists the cases of a selection, report.json names each case's id"
            )
        yield
        self._order_cases(items)

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if "upgrade_case" not in metafunc.fixturenames:
            return
        module = metafunc.module.__name__
        check = next((name for name, spec in CHECKS.items() if spec.qualified_module == module), None)
        cases = self.run.plan.selected_cases(check) if check is not None else []
        metafunc.parametrize("upgrade_case", cases, ids=[case.param_id for case in cases])

    def _order_cases(self, items: list[pytest.Item]) -> None:
        for item in items:
            case = _case_of(item)
            if case is not None:
                item.stash[CASE_KEY] = case
        cases = [item.stash[CASE_KEY] for item in items if CASE_KEY in item.stash]
        if not cases:
            # -m "not upgrade_harness", -k or --deselect took every case away: the user asked for a run without them.
            self.collect = False
            return
        plan = self.run.plan
        if plan.selection.shard is not None:
            kept = set(shard(cases, plan.selection.shard))
            deselected = [item for item in items if CASE_KEY in item.stash and item.stash[CASE_KEY] not in kept]
            items[:] = [item for item in items if item not in deselected]
            self.config.hook.pytest_deselected(items=deselected)
        rank = plan.version_rank()
        items.sort(key=lambda item: (1, *order_key(item.stash[CASE_KEY], rank)) if CASE_KEY in item.stash else (0,))
        self.run.expect(item.stash[CASE_KEY] for item in items if CASE_KEY in item.stash)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
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
            self.scenario_error = True
        cause = root_cause_of(raised) if raised is not None else None
        if cause is not None:
            first = self.run.root_causes.setdefault(cause.key, item.nodeid)
            if first != item.nodeid:
                # One root cause, one failure: the cases it also breaks step aside and point at the one that reports.
                report.outcome = "skipped"
                reference = f"Skipped: {cause.description}; reported once, by {first}"
                report.longrepr = (item.nodeid.split("::")[0], 0, reference)
                scenario_error = False
        if call.when == "call" or report.outcome != "passed":
            result = case_result(case, report, runner_seconds(self.run.workbench, case), scenario_error)
            report.user_properties.append((CASE_PROPERTY, case_to_json(result)))
        if call.when == "teardown":
            self.run.release(case)
        return report

    @pytest.hookimpl(optionalhook=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Runs on the controller under xdist too, where the workers' case records arrive in `user_properties`."""
        for key, value in report.user_properties:
            if key == CASE_PROPERTY and isinstance(value, dict):
                result = case_from_json(value)
                self.run.record(result)
                worst = self.finishing.get(report.nodeid, "passed")
                outcome = "failed" if result.outcome in ("failed", "error") else result.outcome
                self.finishing[report.nodeid] = outcome if worst == "passed" else worst

    def _start_progress(self, total: int) -> None:
        config = self.config
        if hasattr(config, "workerinput") or self.progress is not None:
            return
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        live = reporter is not None and config.get_terminal_writer().hasmarkup and config.option.verbose <= 0

        def write_line(line: str) -> None:
            if reporter is not None:
                reporter.ensure_newline()
                reporter.write_line(line)

        self.progress = CaseProgress(total, live=live, write_line=write_line)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if hasattr(session.config, "workerinput") or session.config.pluginmanager.has_plugin("dsession"):
            return  # under xdist the controller learns the cases from its workers
        self._start_progress(sum(1 for item in session.items if CASE_KEY in item.stash))

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        plan = self.run.plan
        every_case = {case_id(case) for check in plan.selection.checks for case in plan.selected_cases(check)}
        self._start_progress(sum(1 for nodeid in ids if nodeid in every_case))

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        for engine in getattr(node, "workeroutput", {}).get("upgrade_engines", []):
            self.run.worker_engines.setdefault(engine["spec"], engine)

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        outcome = self.finishing.pop(nodeid, None)
        if self.progress is not None and outcome is not None:
            self.progress.finished(outcome, nodeid)

    @pytest.hookimpl(wrapper=True)
    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config) -> Generator[None, Any, Any]:
        """With the live bar on, the cases' dots would scribble over it: the letter goes, the category stays."""
        status = yield
        progress = self.progress
        is_case = any(key == CASE_PROPERTY for key, _ in getattr(report, "user_properties", ()))
        if progress is not None and progress.live and is_case and isinstance(status, tuple) and len(status) == 3:
            return (status[0], "", status[2])
        return status

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        self.interrupted = self.terminated.signal if self.terminated.signal else signal.SIGINT

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        workeroutput = getattr(session.config, "workeroutput", None)
        if workeroutput is not None:
            # An xdist worker: its servers are the ones that ran the cases; the controller reports them.
            workeroutput["upgrade_engines"] = self.run.workbench.describe_engines()
            return
        if self.progress is not None:
            self.progress.close()
        interrupted = self.interrupted
        if not self.collect or (exitstatus not in _JUDGED and interrupted is None):
            return  # the cases were not asked for, or the run broke before them (collection or usage error)
        verdict = finish_report(
            self.run,
            time.perf_counter() - self.run.started,
            interrupted is not None,
            session.config.invocation_params.args,
        )
        session.config.stash[VERDICT_KEY] = verdict
        if interrupted is not None:
            session.exitstatus = INTERRUPT_EXIT[interrupted]
        elif self.scenario_error:
            session.exitstatus = pytest.ExitCode.USAGE_ERROR  # the scenario is bad input: verify exits 2
        elif not verdict.passed and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
        verdict = config.stash.get(VERDICT_KEY, None)
        if verdict is None:
            return
        if verdict.passed:
            accepted = f" ({', '.join(verdict.allowed_missing)} accepted as missing)" if verdict.allowed_missing else ""
            terminalreporter.write_line(f"upgrade gate: passed{accepted}", green=True)
            return
        for reason in verdict.reasons:
            terminalreporter.write_line(f"upgrade gate: FAILED: {reason}", red=True)


def _case_of(item: pytest.Item) -> Case | None:
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return None
    case = callspec.params.get("upgrade_case")
    return case if isinstance(case, Case) else None
