"""What a run reported, read from the files it wrote: junit.xml test cases, report.json cases, pytest's summary line."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# An upgrade case's id names its path (`test_schema[postgresql@15-v1.0.0->v2.0.0]`); the user's tests have none.
_UPGRADE_CASE = re.compile(r"^test_(?P<check>[a-z_]+)\[[^\]]*->[^\]]*\]$")
_SUMMARY_COUNT = re.compile(r"(\d+) (passed|failed|skipped|errors?|deselected|xfailed|xpassed)")


@dataclass(frozen=True)
class JunitCase:
    classname: str
    name: str
    outcome: str  # passed | failed | error | skipped

    @property
    def check(self) -> str | None:
        """The upgrade check this case runs, or None for one of the user's own tests."""
        match = _UPGRADE_CASE.match(self.name)
        return match["check"] if match else None


def junit_cases(path: Path) -> list[JunitCase]:
    cases = []
    for element in ET.parse(path).getroot().iter("testcase"):
        outcome = "passed"
        for tag in ("failure", "error", "skipped"):
            if element.find(tag) is not None:
                outcome = "failed" if tag == "failure" else tag
        cases.append(JunitCase(element.get("classname", ""), element.get("name", ""), outcome))
    return cases


def user_cases(cases: list[JunitCase]) -> list[JunitCase]:
    return [case for case in cases if case.check is None]


def upgrade_cases(cases: list[JunitCase]) -> list[JunitCase]:
    return [case for case in cases if case.check is not None]


def summary_counts(output: str) -> dict[str, int]:
    """pytest's last summary line (`3 passed, 1 skipped in 2.1s`) as counts by outcome."""
    lines = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed|skipped|error)", line)]
    if not lines:
        return {}
    counts = {word.rstrip("s") if word.startswith("error") else word: int(n)
              for n, word in _SUMMARY_COUNT.findall(lines[-1])}
    return counts


def report(directory: Path) -> dict[str, Any]:
    loaded = json.loads((directory / "report.json").read_text())
    assert isinstance(loaded, dict)
    return loaded
