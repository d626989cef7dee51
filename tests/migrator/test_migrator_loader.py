"""Loading validates the whole source before any database is touched; errors name the file and line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migrator import SourceError, load_source
from migrator.cli import app
from migrator.versions import require_key
from tests.migrator.support import ACCOUNTS, VERSIONS

INSTALL = "CREATE TABLE t (id int PRIMARY KEY);\n"


def write_history(root: Path, upgrade: str, *, dialect_upgrade: dict[str, str] | None = None) -> Path:
    """v1.0.0 (install only) and v1.1.0 whose upgrade scripts are `upgrade` (per dialect if given)."""
    for version in ("v1.0.0", "v1.1.0"):
        (root / version).mkdir(parents=True)
        for dialect in ("mysql", "postgresql"):
            (root / version / f"{dialect}.install.sql").write_text(INSTALL)
    for dialect in ("mysql", "postgresql"):
        text = (dialect_upgrade or {}).get(dialect, upgrade)
        (root / "v1.1.0" / f"{dialect}.upgrade.sql").write_text(text)
    return root


def test_sample_history_loads_in_semantic_version_order() -> None:
    source = load_source(ACCOUNTS)
    assert source.names == VERSIONS
    pg = source.get("v1.3.0").for_dialect("postgresql")
    assert [step.nontransactional for step in pg.steps] == [False, False, True, False]
    assert pg.steps[2].forward.sql == "CREATE INDEX CONCURRENTLY idx_events_created ON events (created_at)"
    assert pg.steps[1].undo == ()
    two_statement_undo = source.get("v2.0.0").for_dialect("mysql").steps[1].undo
    assert [s.kind for s in two_statement_undo] == ["ALTER", "UPDATE"]
    assert source.get("v1.2.0").description == "Group memberships in their own table; account status"


def test_versions_sort_by_semver_not_text(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    for name in ("v1.10.0", "v1.9.0", "v1.10.0-rc.1"):
        shutil.copytree(root / "v1.1.0", root / name)
    assert load_source(root).names == ("v1.0.0", "v1.1.0", "v1.9.0", "v1.10.0-rc.1", "v1.10.0")
    ordered = ["v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-beta", "v1.0.0"]
    assert sorted(reversed(ordered), key=require_key) == ordered


def test_checksum_is_sha256_of_the_exact_script_bytes(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    before = load_source(root).get("v1.1.0").for_dialect("mysql").checksum
    (root / "v1.1.0" / "mysql.upgrade.sql").write_text("-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n\n")
    after = load_source(root).get("v1.1.0").for_dialect("mysql")
    assert after.checksum != before
    assert load_source(root).get("v1.0.0").for_dialect("mysql").checksum == after.install_checksum


SCRIPT_ERRORS = [
    pytest.param(
        "-- migrator:step\nALTER TABLE t ADD c int;\n\n-- migrator:step\nALTER TABLE t ADD d int;\n-- migrator:undo\n"
        "ALTER TABLE t DROP d;\n",
        1,
        "step without an undo section",
        id="step-without-undo",
    ),
    pytest.param(
        "-- migrator:step\nUPDATE t SET id = 1;\n-- migrator:undo\nUPDATE t SET c = 'it''s\n;\n",
        4,
        "unterminated string",
        id="unterminated-string",
    ),
    pytest.param(
        "-- migrator:step\nSELECT $$ a;\n-- migrator:undo noop\n", 2, "unterminated dollar-quoted", id="dollar-quote"
    ),
    pytest.param("-- migrator:step\nSELECT 1; /* open\n-- migrator:undo noop\n", 2, "block comment", id="comment"),
    pytest.param("-- fine\nSELECT 1;\n-- migrator:step\nSELECT 2;\n", 2, "before the first", id="preamble"),
    pytest.param(
        "-- migrator:step\nSELECT 1;\n\nSELECT 2;\n-- migrator:undo noop\n", 4, "exactly one forward", id="two-forward"
    ),
    pytest.param("-- migrator:step\n-- migrator:undo noop\n", 1, "without a statement", id="no-forward"),
    pytest.param("-- migrator:step\nSELECT 1;\n-- migrator:undo\n\n", 3, "empty undo", id="empty-undo"),
    pytest.param("-- migrator:step\nSELECT 1;\n-- migrator:undo noop\nSELECT 2;\n", 4, "takes no", id="noop-sql"),
    pytest.param("-- migrator:step concurrently\nSELECT 1;\n-- migrator:undo noop\n", 1, "step flag", id="flag"),
    pytest.param("-- migrator:undo\nSELECT 1;\n", 1, "expected a `-- migrator:step`", id="undo-first"),
    pytest.param("-- migrator:stpe\nSELECT 1;\n", 1, "unknown marker", id="typo-marker"),
    pytest.param("-- migrator:step\nSELECT (1;\n-- migrator:undo noop\n", 2, "unbalanced parentheses", id="parens"),
]


@pytest.mark.parametrize(("script", "line", "message"), SCRIPT_ERRORS)
def test_upgrade_script_errors_name_file_and_line(tmp_path: Path, script: str, line: int, message: str) -> None:
    valid = "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n"
    root = write_history(tmp_path / "m", "", dialect_upgrade={"mysql": valid, "postgresql": script})
    with pytest.raises(SourceError) as caught:
        load_source(root)
    assert caught.value.path == root / "v1.1.0" / "postgresql.upgrade.sql"
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{root / 'v1.1.0' / 'postgresql.upgrade.sql'}:{line}: ")


def test_duplicate_versions_are_refused(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    shutil.copytree(root / "v1.1.0", root / "v1.01.0")
    with pytest.raises(SourceError, match=r"duplicate version: v1\.01\.0 and v1\.1\.0"):
        load_source(root)


def test_malformed_version_directory_is_refused(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    (root / "v1.2").mkdir()
    with pytest.raises(SourceError, match="not a version name") as caught:
        load_source(root)
    assert caught.value.path == root / "v1.2"


def test_missing_dialect_scripts_are_refused(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    (root / "v1.1.0" / "mysql.upgrade.sql").unlink()
    with pytest.raises(SourceError, match="missing: every version after the first needs an upgrade script") as caught:
        load_source(root)
    assert caught.value.path == root / "v1.1.0" / "mysql.upgrade.sql"
    (root / "v1.1.0" / "mysql.upgrade.sql").write_text("")
    (root / "v1.0.0" / "postgresql.install.sql").unlink()
    with pytest.raises(SourceError, match="missing: every version needs the full-schema install script"):
        load_source(root)


def test_misnamed_script_and_first_version_upgrade_are_refused(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    (root / "v1.1.0" / "postgres.upgrade.sql").write_text("")
    with pytest.raises(SourceError, match="unexpected script"):
        load_source(root)
    (root / "v1.1.0" / "postgres.upgrade.sql").unlink()
    (root / "v1.0.0" / "mysql.upgrade.sql").write_text("")
    with pytest.raises(SourceError, match="first version has no upgrade script"):
        load_source(root)


def test_install_scripts_are_checked(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    install = root / "v1.1.0" / "mysql.install.sql"
    install.write_text(INSTALL + "CREATE TABLE schema_migrations (version varchar(64));\n")
    with pytest.raises(SourceError, match="must not touch the runner's own tables") as caught:
        load_source(root)
    assert caught.value.line == 2
    install.write_text(INSTALL + "-- migrator:step\n")
    with pytest.raises(SourceError, match="markers belong in upgrade scripts"):
        load_source(root)


def test_version_toml_is_validated(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    (root / "v1.1.0" / "version.toml").write_text('descripton = "typo"\n')
    with pytest.raises(SourceError, match="unknown key"):
        load_source(root)
    (root / "v1.1.0" / "version.toml").write_text('description = "unterminated\n')
    with pytest.raises(SourceError, match="not valid TOML") as caught:
        load_source(root)
    assert caught.value.line == 1


def test_statements_keep_strings_comments_and_dollar_quotes(tmp_path: Path) -> None:
    body = (
        "-- migrator:step\n"
        "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;\n"
        "-- migrator:undo\n"
        "DROP FUNCTION f(); -- a trailing comment; with a semicolon\n"
        "/* a block comment; */ SELECT 'a;b', \"x;y\" FROM t WHERE c LIKE '%;';\n"
    )
    root = write_history(tmp_path / "m", body)
    step = load_source(root).get("v1.1.0").for_dialect("postgresql").steps[0]
    assert step.forward.sql.endswith("LANGUAGE plpgsql")
    assert [s.sql for s in step.undo] == ["DROP FUNCTION f()", "SELECT 'a;b', \"x;y\" FROM t WHERE c LIKE '%;'"]
    assert [s.line for s in step.undo] == [4, 5]


def test_cli_reports_source_errors_with_exit_2(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nALTER TABLE t ADD c int;\n")
    url = "postgresql://u:secret@localhost/db"
    result = CliRunner().invoke(app, ["--url", url, "--migrations", str(root), "status"])
    assert result.exit_code == 2
    assert f"{root / 'v1.1.0' / 'mysql.upgrade.sql'}:1: step without an undo section" in result.output
    assert "secret" not in result.output


def test_cli_reports_a_missing_directory_with_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--url", "mysql://u@h/db", "--migrations", str(tmp_path / "nope"), "plan"])
    assert result.exit_code == 2
    assert "migrations directory does not exist" in result.output


@pytest.mark.parametrize(
    ("break_it", "where"),
    [
        (lambda root: shutil.copytree(root / "v1.1.0", root / "v1.1.0+build.7"), "v1.1.0+build.7: duplicate version"),
        (lambda root: (root / "v1.1.0" / "postgresql.upgrade.sql").unlink(), "v1.1.0/postgresql.upgrade.sql: missing"),
        (
            lambda root: (root / "v1.1.0" / "mysql.upgrade.sql").write_text("-- migrator:step\nSELECT 1;\n"),
            "v1.1.0/mysql.upgrade.sql:1: step without an undo section",
        ),
        (
            lambda root: (root / "v1.1.0" / "mysql.upgrade.sql").write_text(
                "-- migrator:step\nUPDATE t SET c = 'open;\n-- migrator:undo noop\n"
            ),
            "v1.1.0/mysql.upgrade.sql:2: unterminated string",
        ),
    ],
    ids=["duplicate", "missing-script", "no-undo", "unterminated-string"],
)
def test_every_verb_exits_2_on_a_source_error(tmp_path: Path, break_it: Callable[[Path], object], where: str) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    break_it(root)
    for verb in (["status"], ["upgrade"], ["plan"], ["install", "--version", "v1.0.0"], ["verify"]):
        result = CliRunner().invoke(app, ["--url", "mysql://u@h/db", "--migrations", str(root), *verb])
        assert result.exit_code == 2, result.output
        assert f"migrator: {root}/{where}" in result.output


def test_byte_order_mark_is_not_part_of_the_first_statement(tmp_path: Path) -> None:
    root = write_history(tmp_path / "m", "-- migrator:step\nSELECT 1;\n-- migrator:undo noop\n")
    (root / "v1.0.0" / "mysql.install.sql").write_bytes(b"\xef\xbb\xbf" + INSTALL.encode())
    statement = load_source(root).get("v1.0.0").for_dialect("mysql").install[0]
    assert (statement.sql, statement.kind) == ("CREATE TABLE t (id int PRIMARY KEY)", "CREATE")
