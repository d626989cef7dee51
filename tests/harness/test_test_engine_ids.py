"""UPGRADE_HARNESS_TEST_ENGINES with a URL: the tests' ids (console, junit.xml) never show its password."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"
PASSWORD = "s3cret-in-the-url"

TESTS = '''
def test_on_each_engine(server):
    pass


def test_on_each_mysql_family_engine(mysql_family_server):
    pass
'''


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_url_engine_is_named_without_its_password(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile(test_ids=TESTS)
    url = f"mysql://root:{PASSWORD}@127.0.0.1:{closed_port()}/mysql"
    monkeypatch.setenv("UPGRADE_HARNESS_TEST_ENGINES", url)
    monkeypatch.delenv("UPGRADE_HARNESS_REQUIRE_ENGINES", raising=False)
    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA", "-v", f"--junitxml={junit}")
    # nothing listens there: both tests are skipped, saying why, and named by the URL without its password
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["*test_on_each_engine[[]mysql*://root:***@127.0.0.1:*/mysql[]]*SKIPPED*",
                                 "*test_on_each_mysql_family_engine[[]mysql*://root:***@127.0.0.1:*/mysql[]]*",
                                 "*cannot connect to the server*"])
    output = result.stdout.str() + result.stderr.str()
    assert PASSWORD not in output
    assert 'name="test_on_each_engine[mysql' in junit.read_text() and PASSWORD not in junit.read_text()
