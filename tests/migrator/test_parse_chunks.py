"""An upgrade script is lexed chunk by chunk (cut at marker-like lines) so that a changed script re-lexes only its
changed chunks; the result must be exactly that of lexing the whole script, errors included."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrator import SourceError, loader, parse_cache
from migrator.loader import _scanned_sections, _steps, parse_upgrade

PATH = Path("v1.1.0/postgresql.upgrade.sql")

# Pieces that are fine alone and pieces that make a marker-like line mean something else in the whole script.
PIECES = (
    "-- migrator:step\n",
    "-- migrator:step nontransactional\n",
    "-- migrator:undo\n",
    "-- migrator:undo noop\n",
    "  -- migrator:undo\n",
    "-- migrator:bogus\n",
    "ALTER TABLE t ADD COLUMN c int;\n",
    "ALTER TABLE t DROP COLUMN c;\n",
    "UPDATE t SET a = 'x;y' WHERE b = 1;\n",
    "INSERT INTO t VALUES ('line one\n",  # a string left open: the next marker-like line is inside it
    "still the string');\n",
    "/* a comment\n",  # a block comment left open
    "end of comment */\n",
    "SELECT $$ dollar\n",  # a dollar quote left open
    "body $$;\n",
    "SELECT 1; -- migrator:step\n",  # a marker that is not at the start of its line
    "-- just a comment\n",
    "SELECT (1;\n",
    "DELIMITER //\n",
    "\r\n",
    "\n",
)


def _whole(text: str) -> object:
    try:
        return _steps(_scanned_sections(text, PATH), PATH)
    except SourceError as err:
        return ("error", str(err))


def _chunked(text: str) -> object:
    try:
        return parse_upgrade(text, PATH)
    except SourceError as err:
        return ("error", str(err))


@pytest.fixture(autouse=True, scope="module")
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MIGRATOR_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        patch.setattr(parse_cache, "_MEMORY", {})
        yield


# Whole statements, some holding a marker-like line inside a string, a dollar quote or a block comment.
STATEMENTS = (
    "ALTER TABLE t ADD COLUMN c int;\n",
    "INSERT INTO t VALUES ('a\n-- migrator:undo\nb');\n",
    "SELECT $$ x\n-- migrator:step\n$$;\n",
    "/* note\n-- migrator:step\n*/ UPDATE t SET a = 1;\n",
    'SELECT "odd\n-- migrator:undo noop\nname" FROM t;\n',
    "UPDATE t SET a = 'x;y'\r\n  WHERE b = 1;\r\n",
    "DELETE FROM t; -- why\n",
)


@st.composite
def scripts(draw: st.DrawFn) -> str:
    """Mostly well-formed upgrade scripts, with a piece of noise dropped in now and then."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        parts.append(draw(st.sampled_from(("-- migrator:step\n", "-- migrator:step nontransactional\n"))))
        parts.append(draw(st.sampled_from(STATEMENTS)))
        if draw(st.booleans()):
            parts.append("-- migrator:undo noop\n")
        else:
            parts.append("-- migrator:undo\n")
            parts.extend(draw(st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=2)))
    for _ in range(draw(st.integers(0, 2))):
        parts.insert(draw(st.integers(0, len(parts))), draw(st.sampled_from(PIECES)))
    return "".join(parts)


@settings(max_examples=500, deadline=None)
@given(scripts())
def test_chunked_parse_equals_the_whole_script_parse(text: str) -> None:
    assert _chunked(text) == _whole(text)


def test_a_marker_inside_an_open_string_is_not_a_marker() -> None:
    text = ("-- migrator:step\nINSERT INTO t VALUES ('a\n-- migrator:undo\nb');\n-- migrator:undo\n"
            "DELETE FROM t;\n")
    (step,) = parse_upgrade(text, PATH)
    assert "-- migrator:undo\nb'" in step.forward.sql
    assert step.undo[0].sql == "DELETE FROM t" and step.undo[0].line == 6


def test_an_inserted_step_lexes_only_its_own_chunks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MIGRATOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(parse_cache, "_MEMORY", {})
    steps = "".join(f"-- migrator:step\nALTER TABLE t ADD COLUMN c{n} int;\n-- migrator:undo\n"
                    f"ALTER TABLE t DROP COLUMN c{n};\n" for n in range(50))
    parsed = parse_upgrade(steps, PATH)
    lexed: list[str] = []
    original = loader._lex_chunk

    def counting(chunk: str, path: Path) -> object:
        lexed.append(chunk)
        return original(chunk, path)

    monkeypatch.setattr(loader, "_lex_chunk", counting)
    monkeypatch.setattr(parse_cache, "_MEMORY", {})  # a new process: everything comes from disk
    cut = steps.index("-- migrator:step\nALTER TABLE t ADD COLUMN c25 ")
    inserted = "-- migrator:step\nSELECT pg_sleep(3600);\n-- migrator:undo noop\n\n"
    changed = parse_upgrade(steps[:cut] + inserted + steps[cut:], PATH)
    assert lexed == ["-- migrator:step\nSELECT pg_sleep(3600);\n", "-- migrator:undo noop\n\n"]
    assert [s.forward.sql for s in changed] == [s.forward.sql for s in parsed[:25]] + ["SELECT pg_sleep(3600)"] + [
        s.forward.sql for s in parsed[25:]]
    assert changed[26].line == parsed[25].line + 4 and changed[26].undo[0].line == parsed[25].undo[0].line + 4


def test_the_cache_is_pruned_to_its_limit_oldest_first(tmp_path: Path) -> None:
    directory = tmp_path / "entries"
    directory.mkdir()
    now = time.time()
    for n in range(10):
        entry = directory / f"{n:02d}.pickle"
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, (now - 100 + n, now - 100 + n))
    parse_cache.prune(directory, 8000)
    assert sorted(p.name for p in directory.iterdir()) == [f"{n:02d}.pickle" for n in range(4, 10)]
    parse_cache.prune(directory, 8000)  # under the limit: nothing goes
    assert len(list(directory.iterdir())) == 6
