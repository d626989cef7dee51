"""report.html in a real browser (headless Chromium): it renders the matrices, its script shows a diagnosis, and
its case list and filters work as a reader uses them (driven over the DevTools protocol)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import matplotlib.image
import pytest

from harness.report.json_contract import Report
from harness.report.write import write_reports

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (Debian: apt-get install -y chromium)"),
]


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def html_file(make_report: Callable[[], Report], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    write_reports(make_report(), out)
    return out / "report.html"


def _detail_of_failed_cell(html: str) -> str:
    match = re.search(r'class="cell failed" data-detail="(detail-\d+)" data-from="v6\.7\.3" data-to="v7\.10\.0"', html)
    assert match is not None
    return match.group(1)


def test_screenshot_shows_the_matrices(html_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,900", html_file.as_uri())
    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (900, 1280)
    rgb = pixels[..., :3]
    assert float(rgb.std()) > 0.05
    # The matrices' green: a blank or unstyled page has none of it.
    green = (abs(rgb[..., 0] - 0x2E / 255) < 0.02) & (abs(rgb[..., 1] - 0x9E / 255) < 0.02)
    assert int(green.sum()) > 20_000


def test_linked_diagnosis_opens_in_the_panel(html_file: Path, tmp_path: Path) -> None:
    detail = _detail_of_failed_cell(html_file.read_text(encoding="utf-8"))
    result = _chromium(tmp_path, "--dump-dom", f"{html_file.as_uri()}#{detail}")
    dom = result.stdout
    panel = re.search(r'<div id="details"( hidden="")?>.*?<div id="case-details"', dom, re.DOTALL)
    assert panel is not None
    assert panel.group(1) is None, "the details panel is still hidden"
    assert "Duplicate entry 'host&lt;01&gt;&amp;\"prod\"'" in panel.group(0)
    assert 'class="cell failed selected"' in dom


class _Browser:
    """Headless Chromium driven over --remote-debugging-pipe (fd 3 in, fd 4 out, messages ending in NUL)."""

    def __init__(self, profile: Path) -> None:
        self._commands_read, self._commands = os.pipe()
        self._events, self._events_write = os.pipe()
        self._profile = profile
        self._buffer = b""
        self._next_id = 0
        command = [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank",
        ]  # fmt: skip
        self._process = subprocess.Popen(
            command, preexec_fn=self._pipes_at_3_and_4, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(self._commands_read)
        os.close(self._events_write)
        targets = self._call("Target.getTargets")["targetInfos"]
        page = next(target for target in targets if target["type"] == "page")
        self._session = self._call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})[
            "sessionId"
        ]

    def _pipes_at_3_and_4(self) -> None:
        # Copies first: os.pipe() descriptors are close-on-exec, and dup2 onto the same number would keep that.
        commands, events = os.dup(self._commands_read), os.dup(self._events_write)
        os.dup2(commands, 3)
        os.dup2(events, 4)

    def _call(self, method: str, params: dict[str, object] | None = None, session: str | None = None) -> dict:  # type: ignore[type-arg]
        self._next_id += 1
        message: dict[str, object] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._events, 1 << 16)
                if not chunk:
                    raise RuntimeError(f"Chromium closed the DevTools pipe during {method}")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]  # type: ignore[no-any-return]

    def open(self, url: str) -> None:
        self._call("Page.navigate", {"url": url}, self._session)
        deadline = time.monotonic() + 30
        while self.run("document.readyState + ' ' + location.href") != f"complete {url}":
            assert time.monotonic() < deadline, f"{url} did not load"
            time.sleep(0.05)

    def run(self, expression: str) -> object:
        result = self._call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, self._session)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):  # it may be gone already; the wait below decides
            self._call("Browser.close")
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._commands)
        os.close(self._events)
        shutil.rmtree(self._profile, ignore_errors=True)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[_Browser]:
    driven = _Browser(tmp_path / "chromium-profile")
    try:
        yield driven
    finally:
        driven.close()


_VISIBLE_ROWS = """Array.from(document.querySelectorAll('#case-list tbody tr'))
  .filter(function (row) { return !row.hidden; })
  .map(function (row) { return [row.getAttribute('data-engine'), row.getAttribute('data-outcome')]; })"""


def _choose(select_id: str, value: str) -> str:
    return (
        f"(function () {{ var s = document.getElementById({select_id!r}); s.value = {value!r}; "
        "s.dispatchEvent(new Event('change')); return document.getElementById('filter-count').textContent; })()"
    )


def test_case_list_puts_failures_first_and_links_to_each_diagnosis(html_file: Path, browser: _Browser) -> None:
    browser.open(html_file.as_uri())
    first = browser.run(
        "Array.from(document.querySelectorAll('#case-list tbody tr')).slice(0, 5).map(function (row) {"
        " return Array.from(row.cells).map(function (cell) { return cell.textContent; }); })"
    )
    assert isinstance(first, list)
    assert [row[0] for row in first] == ["error", "failed", "failed", "failed", "skipped"]
    outcome, check, engine, path, fault, diagnosis, link = first[1]
    assert (outcome, check, engine, path, fault, link) == (
        "failed",
        "data",
        "mariadb@10.11",
        "v6.7.3 → v7.10.0",
        "",
        "detail",
    )
    assert diagnosis == "data check failed on path v6.7.3 -> v7.10.0, version v7.10.0, statement 4:"
    assert first[2][4] == "sql-error at v8.0.0 #1"
    # The reader clicks "detail": the panel opens with that case's full diagnosis.
    shown = browser.run(
        "document.querySelectorAll('#case-list tbody tr')[1].querySelector('a').click();"
        "[document.getElementById('details').hidden, document.getElementById('details-body').textContent]"
    )
    assert isinstance(shown, list) and shown[0] is False
    assert "error 1062: Duplicate entry 'host<01>&\"prod\"'" in shown[1]


def test_filters_by_engine_and_outcome(html_file: Path, browser: _Browser) -> None:
    browser.open(html_file.as_uri())
    assert browser.run("document.getElementById('filter-count').textContent") == "134 of 134 cases"
    assert browser.run(_choose("filter-engine", "mariadb@10.11")) == "46 of 134 cases"
    visible = browser.run(_VISIBLE_ROWS)
    assert isinstance(visible, list) and len(visible) == 46 and {engine for engine, _ in visible} == {"mariadb@10.11"}
    blocks = browser.run(
        "Array.from(document.querySelectorAll('.engine-block')).map(function (b) {"
        " return [b.getAttribute('data-engine'), b.hidden]; })"
    )
    assert blocks == [["postgresql@15", True], ["mariadb@10.11", False], ["mysql@8.0", True]]
    assert browser.run(_choose("filter-outcome", "bad")) == "2 of 134 cases"
    assert browser.run(_VISIBLE_ROWS) == [["mariadb@10.11", "failed"], ["mariadb@10.11", "failed"]]
    # Matrix cells of other outcomes fade; the failed one stays.
    cells = browser.run(
        "Array.from(document.querySelectorAll('.engine-block[data-engine=\"mariadb@10.11\"] td.cell')).map("
        "function (c) { return c.getAttribute('data-outcome') + (c.classList.contains('dimmed') ? ' dimmed' : ''); })"
    )
    assert isinstance(cells, list) and sorted(set(cells)) == ["failed", "passed dimmed"]
    # The selection is in the address, so a copied link shows the same.
    assert browser.run("location.search") == "?engine=mariadb%4010.11&outcome=bad"
    assert browser.run(_choose("filter-engine", "")) == "4 of 134 cases"
    assert browser.run(_choose("filter-outcome", "skipped")) == "42 of 134 cases"


def test_filters_are_taken_from_the_address(html_file: Path, tmp_path: Path) -> None:
    dom = _chromium(tmp_path, "--dump-dom", f"{html_file.as_uri()}?engine=postgresql%4015&outcome=failed").stdout
    assert '<span id="filter-count">1 of 134 cases</span>' in dom
    start = dom.index('id="case-list"')
    case_list = dom[start : dom.index("</table>", start)]
    # Rows the filter hides carry hidden="" after their attributes; the one shown does not.
    row = r'<tr class="clickable" data-detail="detail-\d+" data-engine="([^"]+)" data-outcome="(\w+)">'
    assert re.findall(row, case_list) == [("postgresql@15", "failed")]
    assert case_list.count("<tr class=") == 134
