"""All result tables in order: printed after a run, and written between the figure markers of RESULTS.md."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from benchmarks import tables
from benchmarks.render import markdown, print_tables
from benchmarks.targets import judge

START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def _section(results: Mapping[str, Any], name: str) -> Any:
    section = results.get(name)
    return section.get("results") if isinstance(section, Mapping) else None


def _stamp_note(results: Mapping[str, Any], name: str) -> str:
    section = results.get(name) or {}
    return f"measured {section.get('measured_at', '?')}, load after {section.get('load_after', '?')}"


def build_tables(results: Mapping[str, Any]) -> list[tables.Table]:
    built = [tables.machine_table(results.get("machine", {}), results.get("servers", {}))]
    provisioning = _section(results, "provisioning")
    if provisioning:
        built.append(tables.provisioning_table(provisioning))
        if any("clone_methods" in numbers for numbers in provisioning.get("engines", {}).values()):
            built.append(tables.clone_methods_table(provisioning))
    scaling = _section(results, "scaling")
    if scaling:
        built += tables.scaling_tables(scaling["entries"])
        built.append(tables.growth_table(scaling["growth"]))
    for name, render in (("first_result", tables.first_result_table), ("history_load", tables.history_load_table),
                         ("readers", tables.reflection_table),
                         ("seed", tables.seed_table)):
        section = _section(results, name)
        if section:
            table = render(section)
            built.append(tables.Table(table.title, table.headers, table.rows, _stamp_note(results, name)))
    profile = _section(results, "profile")
    if profile:
        built += tables.profile_tables(profile)
    faults = _section(results, "faults")
    if faults:
        medians, *rest = tables.fault_case_tables(faults)
        note = f"{medians.note}; {_stamp_note(results, 'faults')}"
        built += [tables.Table(medians.title, medians.headers, medians.rows, note), *rest]
    built.append(tables.targets_table(judge(results)))
    return built


def print_results(results: Mapping[str, Any]) -> None:
    print_tables(build_tables(results))


def write_markdown(results: Mapping[str, Any], path: Path) -> None:
    """Replace the figures between the markers of `path` (appended when the file has none), keep the prose."""
    figures = f"{START}\n\n{markdown(build_tables(results))}\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + figures + rest.split(END, 1)[1]
    else:
        text = text + ("\n" if text else "") + figures + "\n"
    path.write_text(text, encoding="utf-8")
