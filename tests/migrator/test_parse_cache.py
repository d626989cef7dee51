"""Parsed scripts are cached by their exact text: a second load reads the cache, an edit is never served stale,
and a broken script is never cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator import SourceError, load_source, parse_cache
from tests.migrator.test_migrator_loader import write_history

UPGRADE = "-- migrator:step\nALTER TABLE t ADD COLUMN c int;\n-- migrator:undo\nALTER TABLE t DROP COLUMN c;\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("MIGRATOR_CACHE_DIR", str(directory))
    monkeypatch.setattr(parse_cache, "_MEMORY", {})
    return directory


def test_a_second_process_reads_the_parse_from_disk(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_history(tmp_path / "m", UPGRADE)
    first = load_source(root)
    stored = sorted(cache.glob("*.pickle"))
    # The four install scripts have one text, the two upgrade scripts another, made of two chunks (step and undo).
    assert len(stored) == 4
    monkeypatch.setattr(parse_cache, "_MEMORY", {})  # as a new process would start
    assert load_source(root) == first
    assert sorted(cache.glob("*.pickle")) == stored


def test_a_copy_elsewhere_is_served_from_the_cache(cache: Path, tmp_path: Path) -> None:
    load_source(write_history(tmp_path / "a", UPGRADE))
    stored = sorted(cache.glob("*.pickle"))
    copy = load_source(write_history(tmp_path / "b", UPGRADE))
    assert sorted(cache.glob("*.pickle")) == stored
    assert copy.get("v1.1.0").for_dialect("mysql").install_path == tmp_path / "b" / "v1.1.0" / "mysql.install.sql"


def test_an_edited_script_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", UPGRADE)
    assert load_source(root).get("v1.1.0").for_dialect("mysql").steps[0].forward.sql.endswith("c int")
    (root / "v1.1.0" / "mysql.upgrade.sql").write_text(UPGRADE.replace("c int", "c bigint"))
    assert load_source(root).get("v1.1.0").for_dialect("mysql").steps[0].forward.sql.endswith("c bigint")


def test_a_broken_script_reports_its_error_every_time(cache: Path, tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", UPGRADE + "-- migrator:step\nSELECT 'open;\n-- migrator:undo noop\n")
    for _ in range(2):
        with pytest.raises(SourceError, match="unterminated string"):
            load_source(root)


def test_off_disables_the_disk_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRATOR_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(parse_cache, "_MEMORY", {})
    load_source(write_history(tmp_path / "m", UPGRADE))
    assert not (tmp_path / "xdg").exists()
