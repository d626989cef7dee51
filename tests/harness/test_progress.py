"""The progress display: plain lines at every tenth and at each failure, counts by outcome, time left."""

from __future__ import annotations

import io

from harness.plugin.progress import CaseProgress, format_seconds


def test_plain_lines_come_at_every_tenth_and_name_each_failure() -> None:
    lines: list[str] = []
    progress = CaseProgress(20, live=False, write_line=lines.append)
    for number in range(20):
        progress.finished("failed" if number == 4 else "passed", f"case-{number}")
    assert "FAILED case-4" in lines
    status = [line for line in lines if line.startswith("upgrade cases:")]
    assert len(status) == 10
    assert status[0].startswith("upgrade cases: 2/20 done (2 passed, 0 failed, 0 skipped), about ")
    assert status[-1] == "upgrade cases: 20/20 done (19 passed, 1 failed, 0 skipped)"


def test_errors_count_as_failures_and_few_cases_still_report_each_tenth() -> None:
    lines: list[str] = []
    progress = CaseProgress(3, live=False, write_line=lines.append)
    progress.finished("error", "a")
    progress.finished("skipped", "b")
    progress.finished("passed", "c")
    assert progress.counts == {"failed": 1, "skipped": 1, "passed": 1}
    assert [line for line in lines if line.startswith("upgrade")][-1] == (
        "upgrade cases: 3/3 done (1 passed, 1 failed, 1 skipped)"
    )


def test_live_mode_draws_on_its_stream_and_writes_no_plain_lines() -> None:
    lines: list[str] = []
    stream = io.StringIO()
    progress = CaseProgress(2, live=True, write_line=lines.append, stream=stream)
    progress.finished("passed", "a")
    progress.finished("failed", "b")
    progress.close()
    assert lines == []
    assert progress.status_line() == "upgrade cases: 2/2 done (1 passed, 1 failed, 0 skipped)"


def test_time_left_is_readable() -> None:
    assert format_seconds(4.4) == "4s"
    assert format_seconds(250) == "4m 10s"
