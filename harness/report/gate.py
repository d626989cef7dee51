"""Release gating: a run passes only when every case passed, or failed in a documented, unexpired way.

The allow-list is a TOML file of `[[allow]]` tables:

    [[allow]]
    check = "data"                 # required; glob
    engine = "mariadb@*"           # optional; glob
    from = "v6.*"                  # optional; glob on the first version of the path
    to = "v7.10.0"                 # optional; glob on the last version
    path = ["v6.7.3", "v7.10.0"]   # optional; one glob per stop, same number of stops
    case = "*uq_target*"           # optional; glob on the case id
    fault = "sql-error"            # optional; glob on the fault kind ("none" for no fault)
    reason = "duplicates in customer data; fixed by v7.10.1, see TICKET-123"   # required
    expires = 2026-03-31           # required; a TOML date, the last day the entry is honoured

Only `failed` cases can be allowed: an `error` means the harness or the environment broke, which no release
note can excuse.

`decide` gives the run's verdict (report.json's `gate`): besides failures and expired entries it fails a run in
which no case ran or a requested engine could not run, unless missing engines were accepted.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path

from harness.report.environment import mask_passwords
from harness.report.json_contract import CaseRecord, EngineInfo, Report
from harness.report.matrix import case_order, first_line
from harness.report.verdict import GATE_FAILED, GATE_PASSED, GateVerdict

_KEYS = {"check", "engine", "from", "to", "path", "case", "fault", "reason", "expires"}
_HEADER = re.compile(r"^\s*\[\[\s*allow\s*\]\]")


class AllowListError(ValueError):
    """A malformed allow-list; the message names the file and the entry's line."""


@dataclass(frozen=True)
class AllowEntry:
    check: str
    reason: str
    expires: dt.date
    engine: str | None = None
    from_version: str | None = None
    to_version: str | None = None
    path: tuple[str, ...] | None = None
    case: str | None = None
    fault: str | None = None
    where: str = ""  # "allowlist.toml:12 (entry 2)", for messages

    def matches(self, case: CaseRecord) -> bool:
        fault = case.fault.kind if case.fault is not None else "none"
        pairs = (
            (self.check, case.check),
            (self.engine, case.engine),
            (self.from_version, case.from_version),
            (self.to_version, case.to_version),
            (self.case, case.id),
            (self.fault, fault),
        )
        if not all(pattern is None or fnmatchcase(value, pattern) for pattern, value in pairs):
            return False
        if self.path is None:
            return True
        return len(self.path) == len(case.path) and all(map(fnmatchcase, case.path, self.path))

    def describe(self) -> str:
        parts = [f"check={self.check}"]
        for label, value in (("engine", self.engine), ("from", self.from_version), ("to", self.to_version)):
            if value is not None:
                parts.append(f"{label}={value}")
        if self.path is not None:
            parts.append("path=" + ">".join(self.path))
        if self.case is not None:
            parts.append(f"case={self.case}")
        if self.fault is not None:
            parts.append(f"fault={self.fault}")
        return f"{self.where} [{', '.join(parts)}]"


@dataclass(frozen=True)
class AllowList:
    source: str
    entries: tuple[AllowEntry, ...]


def load_allowlist(path: Path) -> AllowList:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise AllowListError(f"{path}: cannot read the allow-list: {err.strerror or err}") from err
    return parse_allowlist(text, str(path))


def parse_allowlist(text: str, source: str) -> AllowList:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise AllowListError(f"{source}: not valid TOML: {err}") from err
    unknown = sorted(set(data) - {"allow"})
    if unknown:
        raise AllowListError(f"{source}: unknown top-level key {unknown[0]!r}; entries are [[allow]] tables")
    raw = data.get("allow", [])
    if not isinstance(raw, list):
        raise AllowListError(f"{source}: `allow` must be a list of [[allow]] tables")
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if _HEADER.match(line)]
    entries = []
    for index, item in enumerate(raw):
        line = f":{lines[index]}" if index < len(lines) else ""
        entries.append(_entry(item, f"{source}{line} (entry {index + 1})"))
    return AllowList(source, tuple(entries))


def _entry(item: object, where: str) -> AllowEntry:
    def bad(problem: str) -> AllowListError:
        return AllowListError(f"{where}: {problem}")

    if not isinstance(item, dict):
        raise bad("expected a table")
    unknown = sorted(set(item) - _KEYS)
    if unknown:
        raise bad(f"unknown key {unknown[0]!r}; allowed keys: {', '.join(sorted(_KEYS))}")
    for key in ("check", "reason", "expires"):
        if key not in item:
            raise bad(f"missing required key {key!r}")
    for key in ("check", "reason", "engine", "from", "to", "case", "fault"):
        if key in item and (not isinstance(item[key], str) or not item[key].strip()):
            raise bad(f"{key!r} must be a non-empty string")
    expires = item["expires"]
    if not isinstance(expires, dt.date) or isinstance(expires, dt.datetime):
        raise bad(f"'expires' must be a TOML date such as 2026-03-31 (unquoted), got {expires!r}")
    path = item.get("path")
    if path is not None and (
        not isinstance(path, list) or len(path) < 2 or not all(isinstance(v, str) and v for v in path)
    ):
        raise bad('\'path\' must be a list of at least two version globs, e.g. ["v7.*", "v9.1.0"]')
    return AllowEntry(
        check=item["check"],
        reason=item["reason"].strip(),
        expires=expires,
        engine=item.get("engine"),
        from_version=item.get("from"),
        to_version=item.get("to"),
        path=tuple(path) if path is not None else None,
        case=item.get("case"),
        fault=item.get("fault"),
        where=where,
    )


@dataclass(frozen=True)
class GateResult:
    code: int
    report: Report  # allowed failures have outcome "allowed" and the entry's reason
    messages: tuple[str, ...]


def apply_gate(report: Report, allowlist: AllowList | Path | None, today: dt.date) -> GateResult:
    """Mark allowed failures and decide the exit code: 0 only when nothing is left failed or in error,
    1 otherwise (an expired entry included), 2 when the allow-list file is malformed."""
    if isinstance(allowlist, Path):
        try:
            allowlist = load_allowlist(allowlist)
        except AllowListError as err:
            return GateResult(2, report, (f"error: {err}",))
    entries = allowlist.entries if allowlist is not None else ()
    expired = [entry for entry in entries if entry.expires < today]
    live = [(index, entry) for index, entry in enumerate(entries) if entry.expires >= today]
    used: set[int] = set()
    cases = []
    for case in report.cases:
        match = _first_match(live, case) if case.outcome == "failed" else None
        if match is None:
            cases.append(case)
            continue
        index, entry = match
        used.add(index)
        cases.append(replace(case, outcome="allowed", allowed_reason=f"{entry.reason} (until {entry.expires})"))
    gated = report.with_cases(cases)
    messages = [
        f"error: allow-list entry {entry.describe()} expired on {entry.expires}: {entry.reason!r}; "
        "fix the failure, or renew the entry with a new date and reason"
        for entry in expired
    ]
    failing = [case for case in gated.cases if case.outcome in ("failed", "error")]
    messages += [f"error: {case.outcome}: {case.id}" for case in failing]
    messages += [
        f"warning: allow-list entry {entry.describe()} matched no failing case; remove it if the failure is fixed"
        for index, entry in live
        if index not in used
    ]
    if allowlist is not None and gated.summary.allowed:
        messages.append(f"note: {gated.summary.allowed} known failure(s) allowed by {allowlist.source}")
    if gated.summary.skipped:
        # Skips do not fail the gate (an engine may be unavailable by design), but are never silent.
        messages.append(f"note: {gated.summary.skipped} case(s) skipped, so not verified")
    code = 1 if failing or expired else 0
    return GateResult(code, gated, tuple(messages))


def gate_exit_code(report: Report, allowlist: AllowList | Path | None, today: dt.date) -> tuple[int, list[str]]:
    """(exit code, messages): 0 all passed or allowed, 1 a failure or an expired entry, 2 a malformed list."""
    result = apply_gate(report, allowlist, today)
    return result.code, list(result.messages)


ALLOW_MISSING_ENGINE_FLAG = "--allow-missing-engine"
# How a case says its engine could not be started: "<engine> unavailable: <why>" (the plugin's skip message).
_UNAVAILABLE = " unavailable: "
_RAN = ("passed", "failed", "allowed")


def decide(
    report: Report,
    *,
    requested_engines: Sequence[str],
    allow_missing_engines: bool,
    allowlist: Sequence[AllowEntry],
    today: dt.date,
    interrupted: bool = False,
) -> GateVerdict:
    """The release gate's verdict on a run: it passes only when all of these hold.

    - the run was not interrupted;
    - at least one case ran (passed, failed or allowed);
    - every requested engine ran, unless `allow_missing_engines` (then the missing ones are listed as accepted);
    - no failed case is left that an unexpired allow-list entry does not cover, and no case is in error;
    - no allow-list entry has expired.

    Skipped cases of an engine that ran (a fault that does not apply, for a documented reason) do not fail it.
    `requested_engines` are the engine names as report.json spells them (URL passwords masked).
    """
    reasons: list[str] = []
    if interrupted:
        reasons.append("the run was interrupted: the report is partial")
    if not any(case.outcome in _RAN for case in report.cases):
        reasons.append(_nothing_ran(report))
    missing = [(spec, why) for spec in dict.fromkeys(requested_engines) if (why := _not_run(report, spec))]
    if not allow_missing_engines:
        reasons += [
            f"engine {spec} could not run: {why} (pass {ALLOW_MISSING_ENGINE_FLAG} to accept)" for spec, why in missing
        ]
    live = [(index, entry) for index, entry in enumerate(allowlist) if entry.expires >= today]
    # "first" in the matrices' order, so a report and its merged shards name the same case.
    ordered = sorted(report.cases, key=case_order)
    failed = [c for c in ordered if c.outcome == "failed" and _first_match(live, c) is None]
    errors = [c for c in ordered if c.outcome == "error"]
    if failed:
        reasons.append(f"{_count(failed, 'case')} failed that no allow-list entry covers (first: {failed[0].id})")
    if errors:
        reasons.append(f"{_count(errors, 'case')} in error, which no allow-list can excuse (first: {errors[0].id})")
    expired = [entry for entry in allowlist if entry.expires < today]
    reasons += [f"allow-list entry {entry.describe()} expired on {entry.expires}" for entry in expired]
    return GateVerdict(
        code=GATE_FAILED if reasons else GATE_PASSED,
        reasons=tuple(reasons),
        allowed_missing=tuple(spec for spec, _ in missing) if allow_missing_engines else (),
        interrupted=interrupted,
    )


def _count(cases: Sequence[CaseRecord], noun: str) -> str:
    return f"{len(cases)} {noun}" + ("" if len(cases) == 1 else "s")


def _nothing_ran(report: Report) -> str:
    if not report.cases:
        return "no case ran: the selection held no cases"
    summary = report.summary
    parts = [f"{summary.skipped} skipped"] + ([f"{summary.error} in error"] if summary.error else [])
    return f"no case ran ({', '.join(parts)} of {summary.total})"


def _involves(case_engine: str, spec: str) -> bool:
    """The case ran on `spec`, alone or as one side of a parity pair ("<first>+<second>")."""
    return case_engine == spec or case_engine.startswith(spec + "+") or case_engine.endswith("+" + spec)


def _not_run(report: Report, requested: str) -> str | None:
    """Why the requested engine did not run, or None when it ran."""
    info = _engine_entry(report.engines, requested)
    spec = info.spec if info is not None else mask_passwords(requested)
    cases = [case for case in report.cases if _involves(case.engine, spec)]
    if any(case.outcome != "skipped" for case in cases):
        return None
    told = [case.message.split(_UNAVAILABLE, 1)[1] for case in cases if case.message.startswith(spec + _UNAVAILABLE)]
    if info is not None and info.started and not (cases and len(told) == len(cases)):
        return None
    if info is not None and info.reason:
        return info.reason
    if told:
        return first_line(told[0])
    if cases:
        return f"its {len(cases)} case(s) were all skipped"
    return "the report has no case and no server for it"


def _engine_entry(engines: Sequence[EngineInfo], requested: str) -> EngineInfo | None:
    masked = mask_passwords(requested)
    return next((engine for engine in engines if engine.spec in (requested, masked)), None)


def _first_match(entries: Sequence[tuple[int, AllowEntry]], case: CaseRecord) -> tuple[int, AllowEntry] | None:
    return next((item for item in entries if item[1].matches(case)), None)
