"""Join the reports of CI shards (or of per-engine jobs) into one report with the same files.

Duration: shards run side by side, so the merged `duration_s` is the longest shard's wall time; the work
done in total is the sum of case times (`Report.case_time_s`), shown next to it in report.html and
summary.md.

Completeness: a report written by one shard of a run carries `shard: [index, total]`. Shards of one run (the same
requested engines) must all be given, each once, and agree on the total; otherwise the merge is refused, since a
merged report missing a shard would read as a complete run. The merged report's gate verdict is decided again
from the joined cases (with the allow-list when one is given): a verdict never carries over from one shard.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from harness.report.gate import AllowList, apply_gate, decide
from harness.report.json_contract import CaseRecord, EngineInfo, JsonValue, Report
from harness.report.matrix import case_order
from harness.report.verdict import GateVerdict
from harness.report.write import OutputConfig, write_reports


class MergeError(ValueError):
    """Shard reports that cannot be joined; the message names the directories involved."""


def merge_reports(dirs: Sequence[Path], allowlist: AllowList | None = None, today: dt.date | None = None) -> Report:
    """The joined report with its gate verdict; allowed failures are marked when an allow-list is given."""
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
    _check_shards(loaded)
    merged = Report.build(
        scenario=first.scenario,
        duration_s=max(report.duration_s for _, report in loaded),
        engines=_engines(loaded),
        cases=sorted(_cases(loaded), key=case_order),
        environment=_environment(loaded),
    )
    today = today or dt.date.today()
    if allowlist is not None:
        merged = apply_gate(merged, allowlist, today).report
    return merged.with_gate(_verdict(merged, [report for _, report in loaded], allowlist, today))


def _check_shards(loaded: list[tuple[Path, Report]]) -> None:
    """Each run's shards 1..n present exactly once, all saying the same n (a run: the same requested engines)."""
    runs: dict[tuple[str, ...], list[tuple[Path, tuple[int, int]]]] = {}
    for directory, report in loaded:
        if report.shard is not None:
            engines = tuple(sorted(engine.spec for engine in report.engines))
            runs.setdefault(engines, []).append((directory, report.shard))
    for engines, shards in runs.items():
        run = f" of the run on {', '.join(engines)}" if len(runs) > 1 else ""
        totals = sorted({total for _, (_, total) in shards})
        if len(totals) > 1:
            said = ", ".join(f"{directory} is {index}/{total}" for directory, (index, total) in shards)
            raise MergeError(
                f"report merge: the shards{run} disagree on the shard count ({said}); merge the shards of one run"
            )
        total = totals[0]
        seen: dict[int, Path] = {}
        for directory, (index, _) in shards:
            if index in seen:
                raise MergeError(
                    f"report merge: shard {index}/{total}{run} is given twice, in {seen[index]} and "
                    f"{directory}; give each shard's report directory once"
                )
            seen[index] = directory
        missing = [f"{index}/{total}" for index in range(1, total + 1) if index not in seen]
        if missing:
            have = ", ".join(f"{index}/{total} ({seen[index]})" for index in sorted(seen))
            raise MergeError(
                f"report merge: shard {', '.join(missing)}{run} is missing (given: {have}); the merged "
                "report would not cover the run. Pass every shard's report directory"
            )


def _verdict(merged: Report, shards: list[Report], allowlist: AllowList | None, today: dt.date) -> GateVerdict:
    """Every engine a shard names is requested; engines a shard accepted as missing stay accepted."""
    accepted = list(dict.fromkeys(spec for r in shards if r.gate is not None for spec in r.gate.allowed_missing))
    entries = allowlist.entries if allowlist is not None else ()
    interrupted = any(r.gate is not None and r.gate.interrupted for r in shards)
    requested = [engine.spec for engine in merged.engines if engine.spec not in accepted]
    verdict = decide(
        merged,
        requested_engines=requested,
        allow_missing_engines=False,
        allowlist=entries,
        today=today,
        interrupted=interrupted,
    )
    still_missing = decide(merged, requested_engines=accepted, allow_missing_engines=True, allowlist=(), today=today)
    return replace(verdict, allowed_missing=still_missing.allowed_missing)


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


def _cases(loaded: list[tuple[Path, Report]]) -> list[CaseRecord]:
    seen: dict[str, Path] = {}
    cases: list[CaseRecord] = []
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


def merge_report_dirs(
    dirs: Sequence[Path],
    out_dir: Path,
    config: OutputConfig | None = None,
    allowlist: AllowList | None = None,
    today: dt.date | None = None,
) -> Report:
    """`upgrade-harness report merge`: merged report.json, report.html, matrix.png, summary.md and junit.xml.

    The returned report's `gate` is the merged run's verdict: its `code` is the exit code of a release gate.
    """
    merged = merge_reports(dirs, allowlist, today)
    write_reports(merged, out_dir, config)
    junit = [directory / "junit.xml" for directory in dirs if (directory / "junit.xml").is_file()]
    if junit:
        merge_junit(junit, out_dir / "junit.xml")
    return merged
