"""An explore sequence whose insert drew Nightingale rows replays from its printed command: the same rows go in,
and rows the schema refuses are reported as the strategies' fault, with the rows."""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import HypothesisWarning

from harness.engines.server_api import Server
from harness.faults.explore_driver import Step, read_columns, render_steps
from harness.faults.replay_sequence import main as replay
from harness.scenario import ColumnInfo
from tests.scenarios import n9e_apply
from tests.scenarios.n9e_support import connected, scenario_module

strategies = scenario_module("strategies")
START, HEAD = "v9.0.0", "v9.1.0"
FIND = settings(
    database=None, max_examples=500, phases=[Phase.generate], derandomize=True, suppress_health_check=list(HealthCheck)
)
Rows = list[dict[str, object]]
Draw = Callable[[str, str, Callable[[Rows], bool]], Rows]


def replay_steps(server: Server, steps: list[Step], start: str = START, scenario: Path = n9e_apply.SCENARIO) -> int:
    engine = server.url().render_as_string(hide_password=False)
    arguments = ["--scenario", str(scenario), "--engine", engine, "--from", start, "--seed-size", "5"]
    return replay([*arguments, "--steps", render_steps(steps)])


@pytest.fixture(scope="module")
def drawn(postgresql_server: Server) -> Iterator[Draw]:
    """Rows of a table at a version that meet a condition, drawn by the scenario's strategy for its real columns."""
    source = n9e_apply.load()
    columns: dict[str, dict[str, dict[str, ColumnInfo]]] = {}

    def draw(version: str, table: str, condition: Callable[[Rows], bool]) -> Rows:
        if version not in columns:
            database = postgresql_server.create_database()
            try:
                n9e_apply.install(postgresql_server.url(database), source, version)
                with connected(postgresql_server, database) as connection:
                    columns[version] = read_columns(connection)
            finally:
                postgresql_server.drop_database(database)
        with warnings.catch_warnings():  # the rows hold strings of thousands of characters on purpose
            warnings.simplefilter("ignore", HypothesisWarning)
            rows: Rows = find(strategies.rows(table, columns[version][table], batch=7), condition, settings=FIND)
        return rows

    yield draw


def test_drawn_rows_replay_and_survive_the_upgrade(
    postgresql_server: Server, drawn: Draw, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = drawn(START, "target", lambda rows: len(rows) == 2 and any(row["host_tags"] is None for row in rows))
    rules = drawn(START, "alert_rule", lambda rows: any(len(str(row["rule_config"])) > 100 for row in rows))
    insert = Step("insert", rows=json.dumps({"target": targets, "alert_rule": rules}, ensure_ascii=False))
    assert insert.describe() == f"insert target x2, alert_rule x{len(rules)}"
    assert replay_steps(postgresql_server, [insert, Step("upgrade", HEAD)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        f"ok    {insert.describe()}  (now at {START})",
        f"ok    upgrade {HEAD}  (now at {HEAD})",
        "every invariant held after 2 step(s)",
    ]


def test_rows_the_schema_refuses_are_reported_with_the_rows(
    postgresql_server: Server, drawn: Draw, capsys: pytest.CaptureFixture[str]
) -> None:
    users = drawn(START, "users", lambda rows: len(rows) == 1)
    users[0]["username"] = "x" * 65  # one more than varchar(64): what a broken strategy would draw
    rows = json.dumps({"users": users})
    assert replay_steps(postgresql_server, [Step("insert", rows=rows), Step("upgrade", HEAD)]) == 1
    printed = capsys.readouterr().out
    assert f"insert: the server refused rows the scenario's strategies drew for {START}" in printed
    assert "value too long" in printed and "x" * 65 in printed


def test_drawn_rows_reveal_a_backfill_defect_the_seeded_rows_cannot(
    postgresql_server: Server, drawn: Draw, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # v7.4.0's backfill planted with a join on busi_group: a target whose group no longer exists loses it. Seeded
    # targets only name existing groups; drawn ones name any id.
    planted = tmp_path / "planted"
    shutil.copytree(n9e_apply.SCENARIO, planted, ignore=shutil.ignore_patterns("tools", "__pycache__"))
    script = planted / "migrations" / "v7.4.0" / "postgresql.upgrade.sql"
    correct = "SELECT ident, group_id, update_at FROM target WHERE group_id > 0 ORDER BY id;"
    joined = (
        "SELECT t.ident, t.group_id, t.update_at FROM target t JOIN busi_group g ON g.id = t.group_id ORDER BY t.id;"
    )
    assert script.read_text(encoding="utf-8").count(correct) == 1
    script.write_text(script.read_text(encoding="utf-8").replace(correct, joined), encoding="utf-8")

    assert replay_steps(postgresql_server, [Step("upgrade", "v7.4.0")], "v7.3.4", planted) == 0
    targets = drawn("v7.3.4", "target", lambda rows: any(int(str(row["group_id"])) > 1_000 for row in rows))
    insert = Step("insert", rows=json.dumps({"target": targets}, ensure_ascii=False))
    capsys.readouterr()
    assert replay_steps(postgresql_server, [insert, Step("upgrade", "v7.4.0")], "v7.3.4", planted) == 1
    printed = capsys.readouterr().out
    assert "after `upgrade v7.4.0` the database breaks an invariant at v7.4.0" in printed
    lost = [row for row in targets if int(str(row["group_id"])) > 1_000]
    assert all(f"target [{row['id']}]" in printed and "busi groups [], expected" in printed for row in lost)
