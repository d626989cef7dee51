"""Join the reports of CI shards (or of per-engine jobs) into one report with the same files.

Duration: shards run side by side, so the merged `duration_s` is the longest shard's wall time; the work
done in total is the sum of case times (`Report.case_time_s`), shown next to it in report.html and
summary.md.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from harness.report.matrix import case_order
from harness.report.model import Case, EngineInfo, JsonValue, Report
from harness.report.write import OutputConfig, write_reports


class MergeError(ValueError):
    """Shard reports that cannot be joined; the message names the directories involved."""


def merge_reports(dirs: Sequence[Path]) -> Report:
    if not dirs:
        raise MergeError("report merge: no report directories given")
    loaded: list[tuple[Path, Report]] = []
    for directory in dirs:
        path = directory / "report.json"
        if not path.is_file():
            raise MergeError(f"{directory}: no report.json here; is this a report directory of a shard?")
        loaded.append((directory, Report.from_file(path)))
    first_dir, first = loaded[0]
    for directory, report in loaded[1:]:
        if report.scenario != first.scenario:
            raise MergeError(
                f"{directory}: scenario {report.scenario!r} differs from {first.scenario!r} in {first_dir}; "
                "only shards of the same scenario can be merged"
            )
    return Report.build(
        scenario=first.scenario,
        duration_s=max(report.duration_s for _, report in loaded),
        engines=_engines(loaded),
        cases=sorted(_cases(loaded), key=case_order),
        environment=_environment(loaded),
    )


def _engines(loaded: list[tuple[Path, Report]]) -> list[EngineInfo]:
    """Union by spec; a spec seen with different server versions is an error (results could not be told apart).

    An engine one shard could not start (no provider or server version) gives way to one that ran.
    """
    merged: dict[str, tuple[Path, EngineInfo]] = {}
    for directory, report in loaded:
        for engine in report.engines:
            seen = merged.get(engine.spec)
            if seen is None or not seen[1].server_version:
                merged[engine.spec] = (directory, engine)
            elif engine.server_version and engine.server_version != seen[1].server_version:
                raise MergeError(
                    f"{directory}: engine {engine.spec} is {engine.provider} {engine.server_version}, but "
                    f"{seen[1].provider} {seen[1].server_version} in {seen[0]}; run every shard of an engine "
                    "on the same server version"
                )
    return [engine for _, engine in merged.values()]


def _cases(loaded: list[tuple[Path, Report]]) -> list[Case]:
    seen: dict[str, Path] = {}
    cases: list[Case] = []
    for directory, report in loaded:
        for case in report.cases:
            if case.id in seen:
                raise MergeError(
                    f"case {case.id!r} is in both {seen[case.id]} and {directory}; shards must not overlap "
                    "(was the same shard downloaded twice, or were shards planned from different case lists?)"
                )
            seen[case.id] = directory
            cases.append(case)
    return cases


def _environment(loaded: list[tuple[Path, Report]]) -> dict[str, JsonValue] | None:
    environments = [report.environment for _, report in loaded if report.environment is not None]
    if not environments:
        return None
    merged: dict[str, JsonValue] = dict(environments[0])
    merged["merged_shards"] = [
        {"dir": str(directory), "duration_s": report.duration_s, "cases": len(report.cases)}
        for directory, report in loaded
    ]
    return merged


def merge_junit(paths: Sequence[Path], out: Path) -> None:
    """One <testsuites> holding every shard's <testsuite>, with totals recomputed on the root."""
    root = ET.Element("testsuites", {"name": "upgrade-harness (merged)"})
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    time = 0.0
    for path in paths:
        try:
            tree = ET.parse(path)
        except ET.ParseError as err:
            raise MergeError(f"{path}: not valid JUnit XML: {err}") from err
        top = tree.getroot()
        suites = [top] if top.tag == "testsuite" else list(top.iter("testsuite"))
        for suite in suites:
            for key in totals:
                totals[key] += int(suite.get(key, "0") or 0)
            time = max(time, float(suite.get("time", "0") or 0))
            root.append(suite)
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{time:.3f}")  # shards run side by side: wall time, as in report.json
    ET.indent(root)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)


def merge_report_dirs(dirs: Sequence[Path], out_dir: Path, config: OutputConfig | None = None) -> Report:
    """`upgrade-harness report merge`: merged report.json, report.html, matrix.png, summary.md and junit.xml."""
    merged = merge_reports(dirs)
    write_reports(merged, out_dir, config)
    junit = [directory / "junit.xml" for directory in dirs if (directory / "junit.xml").is_file()]
    if junit:
        merge_junit(junit, out_dir / "junit.xml")
    return merged
