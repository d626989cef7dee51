"""CI sharding: every case in exactly one shard, shards balanced by cost, merged shards equal one run."""

from __future__ import annotations

import datetime as dt
import random
import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.report.gate import decide, parse_allowlist
from harness.report.json_contract import Report
from harness.report.merge import MergeError, merge_junit, merge_report_dirs, merge_reports
from harness.report.shard import assign_shards, estimate_duration, expected_costs, select_shard
from harness.report.write import REPORT_FILES, write_reports

costs = st.lists(
    st.tuples(st.text(min_size=1, max_size=12), st.floats(min_value=0, max_value=600, allow_nan=False)),
    max_size=80,
    unique_by=lambda case: case[0],
)


@settings(max_examples=200, deadline=None)
@given(cases=costs, total=st.integers(min_value=1, max_value=9))
def test_every_case_in_exactly_one_shard_and_balanced(cases: list[tuple[str, float]], total: int) -> None:
    shards = assign_shards(cases, total)
    assert len(shards) == len(cases) and all(1 <= shard <= total for shard in shards)
    selected = [select_shard(cases, index, total) for index in range(1, total + 1)]
    assert sorted(case_id for part in selected for case_id in part) == sorted(case_id for case_id, _ in cases)
    loads = [
        sum(cost for (_, cost), shard in zip(cases, shards, strict=True) if shard == n) for n in range(1, total + 1)
    ]
    largest = max((cost for _, cost in cases), default=0.0)
    assert max(loads) - min(loads) <= largest + 1e-6


@settings(max_examples=100, deadline=None)
@given(cases=costs, total=st.integers(min_value=1, max_value=6), seed=st.integers())
def test_assignment_ignores_input_order(cases: list[tuple[str, float]], total: int, seed: int) -> None:
    shuffled = list(cases)
    random.Random(seed).shuffle(shuffled)
    first = dict(zip((c for c, _ in cases), assign_shards(cases, total), strict=True))
    second = dict(zip((c for c, _ in shuffled), assign_shards(shuffled, total), strict=True))
    assert first == second


def test_longest_first_with_ties_in_id_order() -> None:
    cases = [("b", 1.0), ("a", 1.0), ("c", 3.0), ("d", 2.0)]
    # c -> 1; d -> 2; a (tie with b, earlier id) -> 2 (load 2 < 3); b -> 1 and 2 are both 3: the lower number.
    assert assign_shards(cases, 2) == [1, 2, 1, 2]
    assert select_shard(cases, 1, 2) == ["b", "c"]
    assert select_shard(cases, 2, 2) == ["a", "d"]


@pytest.mark.parametrize(("index", "total"), [(0, 2), (3, 2), (1, 0)])
def test_shard_numbers_are_checked(index: int, total: int) -> None:
    with pytest.raises(ValueError, match="shard"):
        select_shard([("a", 1.0)], index, total)


def test_negative_cost_is_rejected() -> None:
    with pytest.raises(ValueError, match="case 'a': expected cost must be a finite number >= 0"):
        assign_shards([("a", -1.0)], 2)


def test_costs_come_from_the_earlier_report(report: Report) -> None:
    ran = [case for case in report.cases if case.outcome != "skipped"]
    new_id = "schema[postgresql@16-v6.7.3>v9.1.0]"
    skipped_id = next(case.id for case in report.cases if case.outcome == "skipped")
    found = dict(expected_costs([ran[0].id, new_id, skipped_id], report))
    assert found[ran[0].id] == ran[0].duration_s
    # Unknown, and skipped last time: both get the median of the cases that ran.
    assert found[new_id] == found[skipped_id] == statistics.median(case.duration_s for case in ran)
    assert expected_costs(["x", "y"], None) == [("x", 1.0), ("y", 1.0)]
    assert estimate_duration(["x", "y", "z"], None) == 3.0
    # What `plan` passes: report.json's content as loaded by json.
    assert estimate_duration([ran[0].id, ran[1].id], report.to_json()) == pytest.approx(
        ran[0].duration_s + ran[1].duration_s
    )


def _junit(report: Report) -> ET.ElementTree[ET.Element]:
    """The shape pytest's --junitxml writes: one <testsuite name="pytest"> inside <testsuites>."""
    failures = report.summary.failed
    suite = ET.Element(
        "testsuite", name="pytest", tests=str(len(report.cases)), failures=str(failures),
        errors=str(report.summary.error), skipped=str(report.summary.skipped), time=f"{report.duration_s:.3f}",
    )  # fmt: skip
    for case in report.cases:
        testcase = ET.SubElement(suite, "testcase", classname="checks", name=case.id, time=str(case.duration_s))
        if case.outcome == "failed":
            ET.SubElement(testcase, "failure", message=case.message.splitlines()[0]).text = case.message
        elif case.outcome == "skipped":
            ET.SubElement(testcase, "skipped", message=case.message)
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.ElementTree(root)


def _shard_dirs(report: Report, tmp_path: Path, total: int) -> list[Path]:
    with_costs = [(case.id, case.duration_s) for case in report.cases]
    dirs = []
    for index in range(1, total + 1):
        keep = set(select_shard(with_costs, index, total))
        cases = [case for case in report.cases if case.id in keep]
        duration_s = round(sum(c.duration_s for c in cases) + index, 3)
        # As the plugin writes it: the shard's place in the run, and the run's verdict (kept for the test).
        part = replace(report.with_cases(cases), duration_s=duration_s, shard=(index, total), gate=report.gate)
        directory = tmp_path / f"shard-{index}"
        write_reports(part, directory)
        _junit(part).write(directory / "junit.xml", encoding="utf-8", xml_declaration=True)
        dirs.append(directory)
    return dirs


def test_merged_shards_equal_the_unsharded_run(report: Report, tmp_path: Path) -> None:
    dirs = _shard_dirs(report, tmp_path, 2)
    merged = merge_report_dirs(dirs, tmp_path / "merged")
    assert {case.id: case for case in merged.cases} == {case.id: case for case in report.cases}
    assert merged.summary == report.summary
    assert merged.engines == report.engines
    assert merged.scenario == report.scenario
    shard_durations = [Report.from_file(d / "report.json").duration_s for d in dirs]
    assert merged.duration_s == max(shard_durations)
    assert merged.case_time_s == pytest.approx(report.case_time_s)
    assert sorted(p.name for p in (tmp_path / "merged").iterdir()) == sorted([*REPORT_FILES, "junit.xml"])
    assert Report.from_file(tmp_path / "merged" / "report.json") == merged
    junit = ET.parse(tmp_path / "merged" / "junit.xml").getroot()
    assert junit.get("tests") == str(len(report.cases))
    assert (junit.get("failures"), junit.get("errors"), junit.get("skipped")) == ("3", "1", "42")
    assert len(junit.findall("testsuite")) == 2 and len(junit.findall("testsuite/testcase")) == len(report.cases)
    # The verdict is decided again over the joined cases, as for the unsharded run.
    requested = [engine.spec for engine in report.engines]
    expected = decide(report, requested_engines=requested, allow_missing_engines=False, allowlist=(), today=TODAY)
    assert merged.gate == expected and merged.shard is None
    summary = (tmp_path / "merged" / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## Upgrade verification: nightingale - gate failed: engine mysql@8.0 could not run")


TODAY = dt.date(2026, 6, 1)


def test_a_missing_shard_is_refused(report: Report, tmp_path: Path) -> None:
    dirs = _shard_dirs(report, tmp_path, 3)
    with pytest.raises(MergeError, match=re.escape(f"shard 2/3 is missing (given: 1/3 ({dirs[0]}), 3/3 ({dirs[2]}))")):
        merge_report_dirs([dirs[0], dirs[2]], tmp_path / "merged")
    assert not (tmp_path / "merged").exists()
    with pytest.raises(MergeError, match=re.escape(f"shard 1/3 is given twice, in {dirs[0]} and {dirs[0]}")):
        merge_reports([dirs[0], dirs[0], dirs[1], dirs[2]])


def test_shards_must_agree_on_the_count(report: Report, tmp_path: Path) -> None:
    two, three = _shard_dirs(report, tmp_path / "two", 2), _shard_dirs(report, tmp_path / "three", 3)
    with pytest.raises(MergeError, match=re.escape(f"disagree on the shard count ({two[0]} is 1/2, {three[1]} is 2/3")):
        merge_reports([two[0], three[1]])


def test_an_allow_list_and_accepted_missing_engines_carry_into_the_merged_verdict(
    report: Report, tmp_path: Path
) -> None:
    missing = next(engine.spec for engine in report.engines if not engine.server_version)
    accepted = replace(
        report, gate=decide(report, requested_engines=[missing], allow_missing_engines=True, allowlist=(), today=TODAY)
    )
    assert accepted.gate is not None and accepted.gate.allowed_missing == (missing,)
    allowlist = parse_allowlist('[[allow]]\ncheck = "*"\nreason = "known"\nexpires = 2026-12-31\n', "allow.toml")
    dirs = _shard_dirs(accepted, tmp_path, 2)
    merged = merge_reports(dirs, allowlist, TODAY)
    assert merged.summary.allowed == 3 and merged.summary.failed == 0
    assert merged.gate is not None and merged.gate.allowed_missing == (missing,)
    # Left: the one error, which no allow-list excuses; the accepted engine is not a reason.
    assert [reason.split(" (first")[0] for reason in merged.gate.reasons] == [
        "1 case in error, which no allow-list can excuse"
    ]


def test_engine_by_shard_jobs_merge(make_report: Callable[[], Report], tmp_path: Path) -> None:
    """The example workflow: one job per engine and shard, each job seeing only its engine."""
    full = make_report()
    dirs = []
    for engine in full.engines:
        alone = Report.build(
            full.scenario, 10.0, [engine], [c for c in full.cases if c.engine == engine.spec], full.environment
        )
        dirs += _shard_dirs(alone, tmp_path / engine.spec, 2)
    merged = merge_reports(dirs)
    assert merged.engines == full.engines
    assert sorted(c.id for c in merged.cases) == sorted(c.id for c in full.cases)
    assert merged.summary == full.summary
    # Each engine's job is a run of its own: its shards are checked apart from the others'.
    without = [d for d in dirs if d.parent.name != "mariadb@10.11" or d.name != "shard-2"]
    with pytest.raises(MergeError, match=re.escape("shard 2/2 of the run on mariadb@10.11 is missing")):
        merge_reports(without)


def test_a_case_in_two_shards_is_an_error(report: Report, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    report.with_cases(report.cases[:10]).to_file(_mkdir(first) / "report.json")
    report.with_cases(report.cases[9:20]).to_file(_mkdir(second) / "report.json")
    with pytest.raises(MergeError, match=re.escape(f"case '{report.cases[9].id}' is in both {first} and {second}")):
        merge_reports([first, second])


def test_scenarios_must_match(report: Report, tmp_path: Path) -> None:
    report.with_cases(report.cases[:5]).to_file(_mkdir(tmp_path / "a") / "report.json")
    replace(report.with_cases(report.cases[5:9]), scenario="other").to_file(_mkdir(tmp_path / "b") / "report.json")
    with pytest.raises(MergeError, match="scenario 'other' differs from 'nightingale'"):
        merge_reports([tmp_path / "a", tmp_path / "b"])


def test_an_engine_on_two_server_versions_is_an_error(report: Report, tmp_path: Path) -> None:
    report.with_cases(report.cases[:5]).to_file(_mkdir(tmp_path / "a") / "report.json")
    moved = (replace(report.engines[0], server_version="15.99"), *report.engines[1:])
    replace(report.with_cases(report.cases[5:9]), engines=moved).to_file(_mkdir(tmp_path / "b") / "report.json")
    with pytest.raises(MergeError, match=re.escape("engine postgresql@15 is local 15.99, but local 15.18")):
        merge_reports([tmp_path / "a", tmp_path / "b"])


def test_not_a_report_directory(tmp_path: Path) -> None:
    with pytest.raises(MergeError, match=r"no report\.json here"):
        merge_reports([tmp_path])
    with pytest.raises(MergeError, match="no report directories"):
        merge_reports([])


def test_broken_junit_is_named(tmp_path: Path) -> None:
    broken = tmp_path / "junit.xml"
    broken.write_text("<testsuites><testsuite>", encoding="utf-8")
    with pytest.raises(MergeError, match=re.escape(f"{broken}: not valid JUnit XML")):
        merge_junit([broken], tmp_path / "out.xml")


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path
