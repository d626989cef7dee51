"""The files a run leaves behind: all written, the html's matrices right, the picture not blank."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image
import pytest

from harness.report.gate import apply_gate, parse_allowlist
from harness.report.json_contract import Report, ReportError
from harness.report.matrix import sort_versions
from harness.report.write import REPORT_FILES, OutputConfig, load_output_config, write_reports

POSTGRES, MARIADB, MYSQL = "postgresql@15", "mariadb@10.11", "mysql@8.0"
TO_VERSIONS = ["v7.0.0", "v7.4.0", "v7.9.0", "v7.10.0", "v8.0.0", "v9.1.0"]


@dataclass
class ParsedMatrix:
    engine: str
    check: str
    cols: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (from, to) -> (class, title)


class ReportPage(HTMLParser):
    """Just enough of report.html's structure to check what a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.matrices: list[ParsedMatrix] = []
        self.detail_ids: set[str] = set()
        self.links: list[str] = []
        self.scripts_with_src = 0
        self.stylesheets = 0
        self._in_header = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "table" and attributes.get("class") == "matrix":
            self.matrices.append(ParsedMatrix(attributes["data-engine"], attributes["data-check"]))
        elif tag == "td" and "data-detail" in attributes and self.matrices:
            cell = (attributes["data-from"], attributes["data-to"])
            self.matrices[-1].cells[cell] = (attributes["class"], attributes.get("title", ""))
        elif tag == "th" and attributes.get("scope") == "col" and self.matrices:
            self._in_header = True
        elif tag == "div" and attributes.get("id", "").startswith("detail-"):
            self.detail_ids.add(attributes["id"])
        elif tag == "script" and "src" in attributes:
            self.scripts_with_src += 1
        elif tag == "link":
            self.stylesheets += 1
        self.links += [attributes[name] for name in ("href", "src") if name in attributes]

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        if self._in_header:
            self.matrices[-1].cols.append(data)
            self._in_header = False

    @property
    def text(self) -> str:
        return "".join(self._text)


@pytest.fixture(scope="module")
def written(make_report: Callable[[], Report], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Rendering the picture takes a second or so: write once, read in many tests."""
    out = tmp_path_factory.mktemp("report") / "out"
    write_reports(make_report(), out)
    return out


@pytest.fixture(scope="module")
def page(written: Path) -> ReportPage:
    parser = ReportPage()
    parser.feed((written / "report.html").read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_every_file_is_written(written: Path) -> None:
    assert sorted(path.name for path in written.iterdir()) == sorted(REPORT_FILES)
    assert all((written / name).stat().st_size > 0 for name in REPORT_FILES)


def test_one_matrix_per_engine_and_check(page: ReportPage) -> None:
    found = [(matrix.engine, matrix.check) for matrix in page.matrices]
    engines = (POSTGRES, MARIADB, MYSQL)
    assert found == [(engine, check) for engine in engines for check in ("schema", "data")]


def test_versions_in_release_order(page: ReportPage) -> None:
    assert sort_versions(["v7.10.0", "v7.9.0", "v10.0.0", "v9.1.0"]) == ["v7.9.0", "v7.10.0", "v9.1.0", "v10.0.0"]
    for matrix in page.matrices:
        assert matrix.cols == TO_VERSIONS


def test_cell_colours(page: ReportPage) -> None:
    by_name = {(m.engine, m.check): m for m in page.matrices}
    failed_class, failed_title = by_name[(MARIADB, "data")].cells[("v6.7.3", "v7.10.0")]
    assert failed_class == "cell failed"
    assert "Duplicate entry 'host<01>&\"prod\"'" in failed_title  # the diagnosis itself, unescaped by the parser
    assert by_name[(POSTGRES, "schema")].cells[("v7.0.0", "v9.1.0")][0] == "cell failed"
    assert by_name[(POSTGRES, "data")].cells[("v8.0.0", "v9.1.0")][0] == "cell error"
    assert {cls for cls, _ in by_name[(MYSQL, "schema")].cells.values()} == {"cell skipped"}
    passed = by_name[(MARIADB, "schema")].cells
    assert len(passed) == 21 and {cls for cls, _ in passed.values()} == {"cell passed"}


def test_text_is_escaped_and_nothing_is_fetched(written: Path, page: ReportPage) -> None:
    raw = (written / "report.html").read_text(encoding="utf-8")
    assert "host<01>" not in raw
    assert "host&lt;01&gt;&amp;&quot;prod&quot;" in raw
    assert page.scripts_with_src == 0 and page.stylesheets == 0
    # The only links are to the page's own diagnoses.
    assert page.links and {link.removeprefix("#") for link in page.links} <= page.detail_ids
    assert "http://" not in raw and "https://" not in raw


def test_details_for_every_case_once(page: ReportPage, report: Report) -> None:
    # Each cell of the synthetic run holds one case, so the matrices and the lists share the cases' blocks.
    assert len(page.detail_ids) == len(report.cases)
    for heading in ("crash (2)", "sql-error (2)", "multi-stop path (4)", "Slowest migration statements", "Environment"):
        assert heading in page.text
    assert "CREATE INDEX idx_nr_event_id ON notification_record (event_id)" in page.text


def test_allowed_cells_are_amber(report: Report, tmp_path: Path) -> None:
    allowlist = parse_allowlist(
        '[[allow]]\ncheck = "data"\nengine = "mariadb@*"\nfrom = "v6.7.3"\nto = "v7.10.0"\n'
        'reason = "known duplicates"\nexpires = 2030-01-01\n',
        "allow.toml",
    )
    gated = apply_gate(report, allowlist, dt.date(2026, 1, 1)).report
    write_reports(gated, tmp_path)
    parser = ReportPage()
    parser.feed((tmp_path / "report.html").read_text(encoding="utf-8"))
    matrix = next(m for m in parser.matrices if (m.engine, m.check) == (MARIADB, "data"))
    assert matrix.cells[("v6.7.3", "v7.10.0")][0] == "cell allowed"
    assert "known duplicates" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_png_is_a_real_picture(written: Path) -> None:
    assert (written / "matrix.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pixels = matplotlib.image.imread(written / "matrix.png")
    assert pixels.shape[0] > 400 and pixels.shape[1] > 600
    assert float(pixels[..., :3].std()) > 0.05


def test_png_without_matrix_cases(report: Report, tmp_path: Path) -> None:
    only_faults = report.with_cases(case for case in report.cases if case.fault is not None)
    write_reports(only_faults, tmp_path)
    pixels = matplotlib.image.imread(tmp_path / "matrix.png")
    assert float(pixels[..., :3].std()) > 0.01


def test_summary_markdown(written: Path) -> None:
    text = (written / "summary.md").read_text(encoding="utf-8")
    assert text.startswith("## Upgrade verification: nightingale - 4 of 134 cases did not pass")
    assert "88 passed, 3 failed, 1 error, 42 skipped" in text
    assert "data check failed on path v6.7.3 -&gt; v7.10.0, version v7.10.0, statement 4:" in text
    # The start of each diff, verbatim in a code block under its failure.
    assert "  ```\n    CREATE UNIQUE INDEX uq_target_ident ON target (ident)\n  error 1062: Duplicate entry" in text
    assert "| mysql@8.0 |  | 0 | 0 | 0 | 42 | 0 |" in text
    assert "Wall time 93.4s, case time 2m" in text


def test_step_summary_is_appended(report: Report, tmp_path: Path) -> None:
    step_summary = tmp_path / "step_summary.md"
    step_summary.write_text("# earlier step\n", encoding="utf-8")
    config = load_output_config({"GITHUB_STEP_SUMMARY": str(step_summary)})
    assert config == OutputConfig(step_summary=step_summary)
    write_reports(report, tmp_path / "out", config)
    text = step_summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## Upgrade verification: nightingale")
    assert load_output_config({}).step_summary is None
    assert load_output_config({"GITHUB_STEP_SUMMARY": "  "}).step_summary is None


def test_a_mapping_is_validated_before_writing(report: Report, tmp_path: Path) -> None:
    data = report.to_json()
    write_reports(data, tmp_path / "ok")
    assert Report.from_file(tmp_path / "ok" / "report.json") == report
    data["summary"] = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    with pytest.raises(ReportError, match=r"summary\.passed"):
        write_reports(data, tmp_path / "bad")
    assert not (tmp_path / "bad" / "report.json").exists()
