"""UPGRADE_HARNESS_REQUIRE_ENGINES: a skip caused by an engine it names fails the run; other skips stay skips.

The project's own tests/conftest.py is copied into a pytester project, whose tests ask for an engine that cannot run
on any machine through its local provider (MySQL 5.7 binaries are not packaged anywhere we run), so the skip is real.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"
UNAVAILABLE = "mysql@5.7:local"

TESTS = f'''
import pytest

from harness.engines import EngineUnavailable, start_server


@pytest.fixture
def old_mysql(engine_server):
    return engine_server("{UNAVAILABLE}")


def test_through_a_fixture(old_mysql):
    pass


def test_through_the_session_fixture(engine_server):
    engine_server("{UNAVAILABLE}")


def test_a_direct_start_that_skips_on_its_own():
    try:
        start_server("{UNAVAILABLE}")
    except EngineUnavailable as err:
        pytest.skip(str(err))


def test_a_skip_for_another_reason():
    pytest.skip("not about engines")


def test_that_passes():
    pass
'''


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile(test_engines=TESTS)
    return pytester


def run(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, required: str | None, *options: str
) -> pytest.RunResult:
    monkeypatch.delenv("UPGRADE_HARNESS_TEST_ENGINES", raising=False)
    if required is None:
        monkeypatch.delenv("UPGRADE_HARNESS_REQUIRE_ENGINES", raising=False)
    else:
        monkeypatch.setenv("UPGRADE_HARNESS_REQUIRE_ENGINES", required)
    monkeypatch.setenv("COLUMNS", "400")  # the short summary keeps the whole line
    return project.runpytest("-p", "no:cacheprovider", "-rA", *options)


def test_without_the_variable_an_unavailable_engine_is_a_skip_with_its_reason(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(project, monkeypatch, None)
    result.assert_outcomes(passed=1, skipped=4)
    result.stdout.fnmatch_lines(["SKIPPED * mysql@5.7: *install*"])
    assert result.ret == pytest.ExitCode.OK


@pytest.mark.parametrize("required", ["mysql", "postgresql,mariadb mysql@5.7"])
def test_a_required_engine_that_cannot_run_fails_with_one_line(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, required: str
) -> None:
    result = run(project, monkeypatch, required)
    # a skip in a fixture becomes an error at setup, one in the test a failure; other skips stay skips
    result.assert_outcomes(passed=1, skipped=1, errors=1, failed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    line = f"mysql@5.7 is required here (UPGRADE_HARNESS_REQUIRE_ENGINES='{required}') but could not run: *install*"
    result.stdout.fnmatch_lines([f"ERROR test_engines.py::test_through_a_fixture - {line}",
                                 f"FAILED test_engines.py::test_through_the_session_fixture - {line}",
                                 f"FAILED test_engines.py::test_a_direct_start_that_skips_on_its_own - {line}"])
    result.stdout.fnmatch_lines(["SKIPPED * not about engines"])


def test_a_required_engine_fails_on_xdist_workers_too(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The skip becomes a failure in the worker that ran the test; the controller must report that failure.
    result = run(project, monkeypatch, "mysql", "--numprocesses", "2", "--dist", "loadfile")
    result.assert_outcomes(passed=1, skipped=1, errors=1, failed=2)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["FAILED test_engines.py::test_through_the_session_fixture - mysql@5.7 is required *"])


@pytest.mark.parametrize("required", ["postgresql mariadb mysql@9.7", ""])
def test_an_engine_not_named_stays_a_skip(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, required: str
) -> None:
    result = run(project, monkeypatch, required)
    result.assert_outcomes(passed=1, skipped=4)
    assert result.ret == pytest.ExitCode.OK


def test_a_value_that_names_no_engine_is_a_usage_error(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(project, monkeypatch, "postgresql sqlite")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: UPGRADE_HARNESS_REQUIRE_ENGINES='postgresql sqlite': 'sqlite' is neither *"])
