"""`python -m harness.online REPORT.json`: the online check's per-statement measurements of a run as Markdown,
one table per engine and step (the tables in docs/online.md are made this way)."""

from __future__ import annotations

import sys
from pathlib import Path

from harness.online.impact_tables import report_markdown
from harness.report.json_contract import Report, ReportError


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m harness.online REPORT.json", file=sys.stderr)
        return 2
    try:
        report = Report.from_file(Path(argv[0]))
    except ReportError as err:
        print(f"harness.online: error: {err}", file=sys.stderr)
        return 2
    print(report_markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
