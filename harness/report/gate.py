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
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path

from harness.report.model import Case, Report

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

    def matches(self, case: Case) -> bool:
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


def _first_match(entries: Sequence[tuple[int, AllowEntry]], case: Case) -> tuple[int, AllowEntry] | None:
    return next((item for item in entries if item[1].matches(case)), None)
