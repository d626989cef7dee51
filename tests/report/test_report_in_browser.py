"""report.html in a real browser (headless Chromium): it renders the matrices, and its script shows a diagnosis."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import matplotlib.image
import pytest

from harness.report.model import Report
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
