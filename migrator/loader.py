"""Load and validate a migration directory before any database is touched (see docs/migrator.md, "Format")."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from migrator.errors import SourceError
from migrator.parse_cache import cached_parse
from migrator.source import DIALECT_NAMES, DialectScripts, MigrationSource, Statement, Step, VersionSource
from migrator.sqltext import MARKER, Marker, first_line_of, marker_lines, scan, split
from migrator.versions import VersionKey, version_key

VERSION_FILE = "version.toml"
_VERSION_KEYS = frozenset({"description"})
_SCRIPT = re.compile(r"^(?P<dialect>[^.]+)\.(?P<kind>install|upgrade)\.sql$")
_RUNNER_TABLE = re.compile(r"\bschema_migrations(_history|_journal)?\b", re.IGNORECASE)
_STEP_FLAGS = frozenset({"nontransactional"})
_SET_ASIDE_PREFIXES = (".", "_")
_MEANT_AS_VERSION = re.compile(r"^[vV]?\d")  # `1.3.0`, `V2`, `v1.3`: a version spelt wrongly


def load_source(path: str | Path) -> MigrationSource:
    """Read every version directory under `path`; raise SourceError (file and line) on the first problem."""
    root = Path(path)
    if not root.is_dir():
        raise SourceError(root, None, "migrations directory does not exist (pass the directory holding v1.0.0/ ...)")
    ordered = version_directories(root)
    if not ordered:
        raise SourceError(root, None, "no version directories (expected e.g. v1.0.0/ with mysql.install.sql, ...)")
    versions = tuple(_load_version(directory, first=index == 0) for index, directory in enumerate(ordered))
    return MigrationSource(root, versions)


def version_directories(root: Path) -> tuple[Path, ...]:
    """The version directories under `root`, oldest first: the one rule for what is a version in this format.

    Every directory is a version named `v` + a semantic version, except those whose name starts with `.` or `_`
    (hidden, tool caches, or set aside on purpose), which are skipped. Any other directory is an error rather than
    skipped, so that `1.3.0/` or `v1.3/` cannot silently drop out of the history. Files beside the versions are
    allowed.
    """
    try:
        entries = sorted(root.iterdir())
    except OSError as err:
        raise SourceError(root, None, f"cannot list the directory: {err.strerror}") from err
    found: dict[VersionKey, Path] = {}
    for entry in entries:
        if not entry.is_dir() or entry.name.startswith(_SET_ASIDE_PREFIXES):
            continue
        key = version_key(entry.name)
        if key is None:
            raise SourceError(entry, None, _not_a_version(entry.name))
        if key in found:
            raise SourceError(
                entry, None, f"duplicate version: {found[key].name} and {entry.name} are the same version"
            )
        found[key] = entry
    return tuple(found[key] for key in sorted(found))


def _not_a_version(name: str) -> str:
    skipped = "directories whose name starts with `_` or `.` are skipped"
    if _MEANT_AS_VERSION.match(name) is None:
        return (
            "not a version directory: every directory here is a version named v<major>.<minor>.<patch>; "
            f"move it out of the migrations directory ({skipped})"
        )
    suggestion = _suggested_name(name)
    return (
        "not a version name: version directories are named v<major>.<minor>.<patch>; "
        f"rename it to {suggestion or 'that form, e.g. v1.3.0'} ({skipped})"
    )


def _suggested_name(name: str) -> str | None:
    """`1.3.0` -> `v1.3.0`, `V1.3` -> `v1.3.0`: the version name the directory most likely means, if any."""
    numbers = name[1:] if name[:1] in "vV" else name
    if re.fullmatch(r"\d+(\.\d+){0,2}", numbers):
        parts = numbers.split(".")
        numbers = ".".join(parts + ["0"] * (3 - len(parts)))
    candidate = f"v{numbers}"
    return candidate if version_key(candidate) is not None else None


def _load_version(directory: Path, *, first: bool) -> VersionSource:
    description = _description(directory)
    for entry in sorted(directory.iterdir()):
        if entry.suffix == ".sql":
            match = _SCRIPT.match(entry.name)
            if match is None or match.group("dialect") not in DIALECT_NAMES:
                names = "|".join(DIALECT_NAMES)
                raise SourceError(entry, None, f"unexpected script; scripts are named <{names}>.<install|upgrade>.sql")
    scripts = {dialect: _load_dialect(directory, dialect, first=first) for dialect in DIALECT_NAMES}
    return VersionSource(directory.name, description, directory, scripts)


def _description(directory: Path) -> str:
    path = directory / VERSION_FILE
    if not path.exists():
        return directory.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise SourceError(path, _toml_line(str(err)), f"not valid TOML: {err}") from err
    unknown = sorted(set(data) - _VERSION_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_VERSION_KEYS))
        raise SourceError(path, None, f"unknown key(s) {', '.join(unknown)}; allowed: {allowed}")
    description = data.get("description", directory.name)
    if not isinstance(description, str):
        raise SourceError(path, None, "description must be a string")
    return description


def _toml_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _load_dialect(directory: Path, dialect: str, *, first: bool) -> DialectScripts:
    install_path = directory / f"{dialect}.install.sql"
    upgrade_path = directory / f"{dialect}.upgrade.sql"
    if not install_path.exists():
        raise SourceError(install_path, None, "missing: every version needs the full-schema install script per dialect")
    install_bytes, install_text = _read(install_path)
    install = cached_parse("install", install_text, install_path, _parse_install)
    if first:
        if upgrade_path.exists():
            raise SourceError(
                upgrade_path, None, "the first version has no upgrade script (nothing precedes it); remove it"
            )
        return DialectScripts(install_path, install, _sha256(install_bytes), None, (), None)
    if not upgrade_path.exists():
        raise SourceError(
            upgrade_path, None, "missing: every version after the first needs an upgrade script per dialect"
        )
    upgrade_bytes, upgrade_text = _read(upgrade_path)
    steps = cached_parse("upgrade", upgrade_text, upgrade_path, parse_upgrade)
    return DialectScripts(
        install_path, install, _sha256(install_bytes), upgrade_path, steps, _sha256(upgrade_bytes)
    )


def _read(path: Path) -> tuple[bytes, str]:
    data = path.read_bytes()
    try:
        # A byte-order mark is not SQL; the checksum still covers the exact bytes.
        return data, data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SourceError(path, line, "not UTF-8 text") from err


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parse_install(text: str, path: Path) -> tuple[Statement, ...]:
    markers = marker_lines(text)
    if markers:
        raise SourceError(path, markers[0], "migrator markers belong in upgrade scripts, not install scripts")
    statements = split(text, 1, path, check_tokens=True)
    if not statements:
        raise SourceError(path, None, "empty install script: it must create the full schema of this version")
    for statement in statements:
        if _RUNNER_TABLE.search(statement.sql) and statement.kind in {"CREATE", "ALTER", "DROP", "INSERT"}:
            raise SourceError(
                path, statement.line, "install scripts must not touch the runner's own tables (schema_migrations*)"
            )
    return statements


def parse_upgrade(text: str, path: Path) -> tuple[Step, ...]:
    """The steps of an upgrade script: `-- migrator:step [nontransactional]` + one statement, then its undo."""
    sections = _chunked_sections(text, path)
    return _steps(sections if sections is not None else _scanned_sections(text, path), path)


@dataclass(frozen=True)
class _Section:
    """The text after a marker up to the next one (`marker` None: the text before the first marker)."""

    marker: Marker | None
    body: str
    first_line: int
    path: Path
    known: tuple[Statement, ...] | None = None  # already split (from the chunk cache)

    def statements(self) -> tuple[Statement, ...]:
        # Split when asked, so that problems are reported in the order the script is read.
        return self.known if self.known is not None else split(self.body, self.first_line, self.path)


def _scanned_sections(text: str, path: Path) -> list[_Section]:
    markers = scan(text, path)
    sections = [_Section(None, text[: markers[0].start] if markers else text, 1, path)]
    for index, marker in enumerate(markers):
        end = markers[index + 1].start if index + 1 < len(markers) else len(text)
        sections.append(_Section(marker, text[marker.end : end], marker.line + 1, path))
    return sections


@dataclass(frozen=True)
class _Chunk:
    """A chunk's marker (None for the text before the first one) and its statements, lines counted from 1."""

    marker: Marker | None
    statements: tuple[Statement, ...]


def _chunked_sections(text: str, path: Path) -> list[_Section] | None:
    """The sections, lexed chunk by chunk through the parse cache; None when the chunks cannot stand for the text.

    A script cut at every line that looks like a marker lexes into the same tokens as the whole script as long as no
    token crosses a cut: a string, quoted name, comment or dollar quote that does leaves its chunk unterminated,
    and a marker that is not at the start of its line is found inside a chunk; either makes the chunk unusable and
    the whole script is scanned instead (which also reports the problem, if it is one). Only the chunks of a changed
    script are lexed again: a fault statement inserted into a large version costs one chunk, not the whole script.
    """
    cuts = _marker_line_starts(text)
    preamble = text[: cuts[0][0]] if cuts else text
    before = cached_parse("upgrade-chunk", preamble, path, _lex_chunk) if preamble else _Chunk(None, ())
    if before is None or before.marker is not None:
        return None
    sections = [_Section(None, "", 1, path, before.statements)]
    ends = [start for start, _ in cuts[1:]] + [len(text)] if cuts else []
    for (offset, first_line), end in zip(cuts, ends, strict=True):
        chunk = cached_parse("upgrade-chunk", text[offset:end], path, _lex_chunk)
        if chunk is None or chunk.marker is None:
            return None
        shift = first_line - 1
        marker = replace(chunk.marker, line=chunk.marker.line + shift, start=chunk.marker.start + offset,
                         end=chunk.marker.end + offset)
        statements = tuple(replace(statement, line=statement.line + shift) for statement in chunk.statements)
        sections.append(_Section(marker, "", marker.line + 1, path, statements))
    return sections


def _marker_line_starts(text: str) -> list[tuple[int, int]]:
    """(offset, line number) of every line that looks like a marker."""
    starts = []
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        if MARKER.match(line.strip()):
            starts.append((offset, number))
        offset += len(line) + 1
    return starts


def _lex_chunk(chunk: str, path: Path) -> _Chunk | None:
    """A chunk's marker and statements, or None when it does not lex cleanly on its own (see _chunked_sections)."""
    starts_with_marker = MARKER.match(chunk.split("\n", 1)[0].strip()) is not None
    try:
        markers = scan(chunk, path)
        if starts_with_marker:
            if len(markers) != 1 or markers[0].line != 1:
                return None
            return _Chunk(markers[0], split(chunk[markers[0].end :], 2, path))
        return None if markers else _Chunk(None, split(chunk, 1, path))
    except SourceError:
        return None


def _steps(sections: list[_Section], path: Path) -> tuple[Step, ...]:
    preamble = sections[0].statements()
    if preamble:
        raise SourceError(
            path, preamble[0].line, "SQL before the first `-- migrator:step`: every statement belongs to a step"
        )
    marked = sections[1:]
    steps: list[Step] = []
    index = 0
    while index < len(marked):
        step = marked[index]
        assert step.marker is not None
        if step.marker.kind != "step":
            _unexpected(step.marker, path, "a `-- migrator:step`")
        undo = marked[index + 1] if index + 1 < len(marked) else None
        if undo is None or undo.marker is None or undo.marker.kind != "undo":
            raise SourceError(
                path,
                step.marker.line,
                "step without an undo section: add `-- migrator:undo` with the statements that revert it "
                "(or `-- migrator:undo noop` when an earlier step's undo covers it)",
            )
        steps.append(_step(path, len(steps) + 1, step, undo))
        index += 2
    return tuple(steps)


def _unexpected(marker: Marker, path: Path, expected: str) -> None:
    if marker.kind not in {"step", "undo"}:
        raise SourceError(path, marker.line, f"unknown marker `migrator:{marker.kind}`; known: step, undo")
    raise SourceError(path, marker.line, f"`-- migrator:{marker.kind}` here; expected {expected}")


def _step(path: Path, number: int, step_section: _Section, undo_section: _Section) -> Step:
    step, undo = step_section.marker, undo_section.marker
    assert step is not None and undo is not None
    unknown_flags = sorted(set(step.args) - _STEP_FLAGS)
    if unknown_flags:
        raise SourceError(path, step.line, f"unknown step flag(s) {', '.join(unknown_flags)}; known: nontransactional")
    forward = step_section.statements()
    if not forward:
        raise SourceError(path, step.line, "step without a statement: exactly one forward statement follows the marker")
    if len(forward) > 1:
        raise SourceError(
            path,
            forward[1].line,
            f"a step holds exactly one forward statement, this one has {len(forward)}; "
            f"start a new step before `{first_line_of(forward[1].sql, 40)}`",
        )
    if undo.args not in {(), ("noop",)}:
        raise SourceError(path, undo.line, f"unknown undo flag(s) {' '.join(undo.args)}; known: noop")
    undo_statements = undo_section.statements()
    if undo.args == ("noop",) and undo_statements:
        raise SourceError(path, undo_statements[0].line, "`-- migrator:undo noop` takes no statements")
    if undo.args == () and not undo_statements:
        raise SourceError(
            path, undo.line, "empty undo: add the statements that revert the step, or write `-- migrator:undo noop`"
        )
    return Step(number, step.line, forward[0], undo_statements, "nontransactional" in step.args)
