"""The [volatile] declaration: where every layout keeps it, how it is read, and how volatile values are compared.

None of these needs a server; tests/harness/test_volatile_checks.py runs the checks on real ones.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from harness.data import DataSnapshot, TableData, Value, mask_volatile, snapshot_differences, volatile_value
from harness.inspect import Schema
from harness.inspect.schema import Column, Table
from harness.scenario import ScenarioError, load_scenario
from harness.volatile import VolatileColumns, VolatileDeclarationError, check_against_head, declared_volatile

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "volatile"
FOREIGN_FIXTURE = FIXTURE / "golang-migrate"


def copy_of(source: Path, target: Path, volatile: str | None) -> Path:
    """`source` copied to `target` with its scenario.toml's [volatile] table replaced by `volatile` (None: none)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("golang-migrate"))
    manifest = target / "scenario.toml"
    text = manifest.read_text(encoding="utf-8")
    head = text[: text.index("[volatile]")].rstrip() + "\n"
    manifest.write_text(head + (f"\n{volatile}\n" if volatile is not None else ""), encoding="utf-8")
    return target


def table(
    name: str, columns: tuple[str, ...], rows: Sequence[tuple[Value, ...]], key: tuple[str, ...] = ()
) -> TableData:
    key = key or columns
    positions = [columns.index(column) for column in key]
    keyed: dict[tuple[Value, ...], dict[str, Value]] = {}
    for row in rows:
        identity = tuple(row[p] for p in positions)
        keyed[identity if identity not in keyed else (*identity, len(keyed))] = dict(zip(columns, row, strict=True))
    return TableData(name, key, columns, keyed)


AUDIT = VolatileColumns(("audit_log.created_at", "*.updated_at"), Path("scenario.toml"))


# --- the declaration ---------------------------------------------------------------------------------------------


def test_the_migrator_fixture_declares_its_columns_in_scenario_toml() -> None:
    declared = declared_volatile(load_scenario(FIXTURE))
    assert declared.patterns == ("audit_log.created_at", "*.updated_at", "accounts.deactivated_at")
    assert declared.source == FIXTURE / "scenario.toml"


def test_a_foreign_history_declares_them_in_the_scenario_toml_beside_its_files() -> None:
    scenario = load_scenario(FOREIGN_FIXTURE)
    assert scenario.layout == "golang-migrate"
    assert declared_volatile(scenario).patterns == ("plans.created_at", "plans.updated_at")


def test_a_foreign_history_named_by_a_scenario_toml_above_it_is_read_from_that_file(tmp_path: Path) -> None:
    shutil.copytree(FOREIGN_FIXTURE, tmp_path / "db")
    (tmp_path / "db" / "scenario.toml").unlink()
    (tmp_path / "scenario.toml").write_text(
        'name = "plans"\nlayout = "golang-migrate"\nmigrations = "db"\n\n[volatile]\ncolumns = ["plans.*_at"]\n'
    )
    declared = declared_volatile(load_scenario(tmp_path))
    assert declared.patterns == ("plans.*_at",) and declared.source == tmp_path / "scenario.toml"


def test_a_foreign_history_without_a_manifest_declares_them_in_its_releases_file(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    shutil.copytree(FOREIGN_FIXTURE, root)
    (root / "scenario.toml").unlink()
    (root / "releases.toml").write_text('[volatile]\ncolumns = ["plans.updated_at"]\n')
    scenario = load_scenario(root)
    assert declared_volatile(scenario).source == root / "releases.toml"


def test_a_history_without_a_declaration_has_no_volatile_columns(tmp_path: Path) -> None:
    declared = declared_volatile(load_scenario(copy_of(FIXTURE, tmp_path / "billing", None)))
    assert not declared and declared.patterns == ()


@pytest.mark.parametrize(
    ("declaration", "problem"),
    [
        ('volatile = ["audit_log.created_at"]', "[volatile] must be a table, e.g. [volatile] columns = ["),
        ("[volatile]\ncolumn = []", "[volatile] has unknown key(s) column; its only key is `columns`"),
        ('[volatile]\ncolumns = "audit_log.created_at"', 'columns must be a list of "table.column" strings'),
        ('[volatile]\ncolumns = ["created_at"]', "'created_at' not of the form \"table.column\""),
        ('[volatile]\ncolumns = ["public.audit_log.created_at"]', "'public.audit_log.created_at' not of the form"),
        ('[volatile]\ncolumns = ["audit_log.created_at;"]', "'audit_log.created_at;' not of the form"),
        ("[volatile]\ncolumns = [audit_log.created_at]", "not valid TOML"),
    ],
)
def test_a_malformed_declaration_stops_the_load_naming_the_file(tmp_path: Path, declaration: str, problem: str) -> None:
    root = copy_of(FIXTURE, tmp_path / "billing", declaration)
    with pytest.raises(ScenarioError) as raised:
        load_scenario(root)
    message = str(raised.value)
    assert message.startswith(f"{root / 'scenario.toml'}: "), message
    assert problem in message, message
    assert "\n" not in message


def test_declaring_it_twice_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    shutil.copytree(FOREIGN_FIXTURE, root)
    (root / "releases.toml").write_text('[volatile]\ncolumns = ["plans.updated_at"]\n')
    scenario = load_scenario(FOREIGN_FIXTURE)  # releases.toml is read by the layouts too: read the files directly
    with pytest.raises(VolatileDeclarationError, match=r"declared in both .*releases\.toml and .*scenario\.toml"):
        declared_volatile(dataclasses.replace(scenario, root=root, migrations_dir=root))


def head_schema() -> Schema:
    def columns(*names: str) -> dict[str, Column]:
        return {name: Column(name, "timestamp", True, None) for name in names}

    return Schema(
        "postgresql",
        {
            "accounts": Table("accounts", columns("id", "updated_at", "deactivated_at")),
            "audit_log": Table("audit_log", columns("id", "created_at")),
        },
    )


def test_every_entry_must_name_a_column_of_the_head() -> None:
    declared = VolatileColumns(
        ("audit_log.created_at", "accounts.deactivatd_at", "*.updated_at", "invoices.*"), Path("/s/scenario.toml")
    )
    with pytest.raises(VolatileDeclarationError) as raised:
        check_against_head(declared, head_schema(), "v2.0.0", "postgresql@15")
    message = str(raised.value)
    assert message.startswith(
        "/s/scenario.toml: [volatile] columns name no column of the head version v2.0.0 on postgresql@15: "
        "'accounts.deactivatd_at' (did you mean accounts.deactivated_at?), 'invoices.*'; "
    ), message
    assert "audit_log.created_at'" not in message and "'*.updated_at'" not in message
    check_against_head(VolatileColumns(("*.updated_at", "audit_log.*")), head_schema(), "v2.0.0", "postgresql@15")


def test_patterns_match_table_and_column_separately() -> None:
    assert AUDIT.matches("audit_log", "created_at") and AUDIT.matches("settings", "updated_at")
    assert not AUDIT.matches("accounts", "created_at") and not AUDIT.matches("audit_log", "updated_at_note")
    assert AUDIT.columns_of("accounts", ("id", "updated_at", "email")) == ("updated_at",)


# --- comparing volatile values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "compared"),
    [
        (None, None),
        ("2026-12-03 09:55:09.081809", "<volatile timestamp>"),
        ("2026-12-03 09:55:09", "<volatile timestamp>"),
        ("2026-12-03T09:55:09+00:00", "<volatile timestamp>"),
        ("2026-12-03", "<volatile date>"),
        ("09:55:09.5", "<volatile time>"),
        (1764755709, "<volatile integer>"),
        (0.5, "<volatile number>"),
        ("a3f1c2", "<volatile text>"),
    ],
)
def test_a_volatile_value_is_compared_by_its_kind(value: Value, compared: Value) -> None:
    assert volatile_value(value) == compared


def snapshot(created: list[Value], updated: Value = "2026-12-03 09:55:09.5") -> DataSnapshot:
    rows = [(index + 1, index + 1, "account-imported", stamp) for index, stamp in enumerate(created)]
    return DataSnapshot(
        {
            "audit_log": table("audit_log", ("id", "account_id", "action", "created_at"), rows, ("id",)),
            "settings": table("settings", ("name", "updated_at"), [("trial_days", updated)], ("name",)),
        }
    )


def test_two_runs_at_different_moments_agree() -> None:
    first = snapshot(["2026-12-03 09:55:37.081809", "2026-12-03 09:55:37.081809"])
    second = snapshot(["2026-12-03 09:55:37.321327", "2026-12-03 09:55:37.321327"], "2026-12-03 09:55:38")
    undeclared = snapshot_differences(first, second)
    assert undeclared[0].render() == (
        "audit_log [1] created_at: before '2026-12-03 09:55:37.081809', after '2026-12-03 09:55:37.321327'"
    )
    assert snapshot_differences(first, second, AUDIT) == []


def test_null_on_one_side_is_still_a_difference() -> None:
    stamped = snapshot(["2026-12-03 09:55:37.081809", "2026-12-03 09:55:37.081809"])
    lost = snapshot(["2026-12-03 09:55:37.321327", None])
    [difference] = snapshot_differences(stamped, lost, AUDIT)
    assert difference.render_between("mariadb@10.11", "postgresql@15") == (
        "audit_log [2] created_at: mariadb@10.11: '<volatile timestamp>', postgresql@15: None"
    )


def test_another_kind_of_value_is_still_a_difference() -> None:
    [difference] = snapshot_differences(
        snapshot(["2026-12-03 09:55:37", "2026-12-03 09:55:37"]), snapshot(["2026-12-03 09:55:38", 1764755738]), AUDIT
    )
    assert difference.render() == "audit_log [2] created_at: before '<volatile timestamp>', after '<volatile integer>'"


def test_a_missing_row_is_still_a_difference() -> None:
    [difference] = snapshot_differences(
        snapshot(["2026-12-03 09:55:37", "2026-12-03 09:55:37"]), snapshot(["2026-12-03 09:55:38"]), AUDIT
    )
    assert difference.render() == "audit_log [2]: row missing after the upgrade"


def test_rows_of_a_table_without_a_key_pair_up_although_their_stamps_differ() -> None:
    """A table without a primary key is keyed by all its columns, the volatile one too: masked, the same rows
    written at another moment are the same rows, duplicates included; a row more is still reported."""
    columns = ("account_id", "action", "created_at")
    first = DataSnapshot(
        {
            "audit_log": table(
                "audit_log",
                columns,
                [(1, "login", "2026-12-03 09:55:37.1"), (1, "login", "2026-12-03 09:55:37.2"), (2, "login", None)],
            )
        }
    )
    later = DataSnapshot(
        {
            "audit_log": table(
                "audit_log",
                columns,
                [(1, "login", "2026-12-03 09:56:01.7"), (1, "login", "2026-12-03 09:56:01.9"), (2, "login", None)],
            )
        }
    )
    assert len(snapshot_differences(first, later)) == 4
    assert snapshot_differences(first, later, AUDIT) == []
    masked = mask_volatile(later, AUDIT).tables["audit_log"]
    assert sorted(map(str, masked.rows)) == sorted(
        map(str, [(1, "login", "<volatile timestamp>"), (1, "login", "<volatile timestamp>", 1), (2, "login", None)])
    )
    extra = DataSnapshot(
        {"audit_log": table("audit_log", columns, [(1, "login", "2026-12-03 09:56:01.7"), (2, "login", None)])}
    )
    [missing] = snapshot_differences(first, extra, AUDIT)
    assert missing.missing_row and missing.key == (1, "login", "<volatile timestamp>", 1)


def test_plan_stops_with_exit_2_and_one_line_on_a_malformed_declaration(tmp_path: Path) -> None:
    root = copy_of(FIXTURE, tmp_path / "billing", '[volatile]\ncolumns = ["created_at"]')
    done = subprocess.run(
        [sys.executable, "-m", "harness", "plan", "--scenario", str(root), "--engine", "postgresql@15"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.strip()]
    assert line == (
        f"upgrade-harness: error: {root / 'scenario.toml'}: [volatile] columns: 'created_at' not of the form "
        '"table.column" (one dot; each part a name or a glob such as * or ?)'
    ), line
