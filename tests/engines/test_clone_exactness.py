"""A MySQL-family clone upgrades exactly as the database it was cloned from, foreign keys and their indexes included.

Also end to end: fixtures/foreign-keys (a board history whose later migrations add indexes covering its foreign
keys, drop a key declared without a name, and widen an index that served a key) passes every check on every path.

InnoDB makes an index of its own for a foreign key no index serves, drops it when a later index can serve the key, and
refuses to drop the last index a key needs. A small history of foreign keys declared every way a history declares
them (named, unnamed, served by an explicit index, composite, re-declared after a drop, dropped with its index left
behind) is installed and seeded, cloned by the method the server uses (tablespaces on a local server) and by the
portable one (URL and Docker servers), and then every later statement runs on the original (an upgrade in place) and
on each clone: each statement must succeed or fail alike, and the schemas must stay the same after every version.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from harness.engines import Server
from harness.engines.clone_mysql import clone_schema, quote
from harness.inspect import diff_schemas, read_schema, render_differences
from tests.engines.helpers import connected

INSTALL = [
    "CREATE TABLE account (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, UNIQUE KEY uq_account_name (name))",
    # Named: InnoDB's own index is named after the key. Unnamed: after the column, the key numbered project_ibfk_1.
    """CREATE TABLE project (id INT PRIMARY KEY, account_id INT NOT NULL, owner_id INT, title VARCHAR(80),
        CONSTRAINT fk_project_account FOREIGN KEY (account_id) REFERENCES account (id),
        FOREIGN KEY (owner_id) REFERENCES account (id))""",
    """CREATE TABLE task (id INT PRIMARY KEY, project_id INT NOT NULL, parent_id INT, assignee_id INT,
        reviewer_id INT, state VARCHAR(10) NOT NULL DEFAULT 'open',
        KEY ix_task_assignee (assignee_id),
        FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
        FOREIGN KEY (parent_id) REFERENCES task (id),
        CONSTRAINT fk_task_assignee FOREIGN KEY (assignee_id) REFERENCES account (id),
        FOREIGN KEY (reviewer_id) REFERENCES account (id))""",
    # Re-declared after a drop: the numbers now have a gap (task_ibfk_2, _3, _4).
    "ALTER TABLE task DROP FOREIGN KEY task_ibfk_1",
    "ALTER TABLE task ADD FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE",
    """CREATE TABLE membership (account_id INT NOT NULL, project_id INT NOT NULL, role VARCHAR(10),
        PRIMARY KEY (account_id, project_id),
        CONSTRAINT fk_membership_account FOREIGN KEY (account_id) REFERENCES account (id),
        CONSTRAINT fk_membership_project FOREIGN KEY (project_id) REFERENCES project (id))""",
    """CREATE TABLE grant_log (id INT PRIMARY KEY, account_id INT, project_id INT, note VARCHAR(20) CHECK (note <> ''),
        CONSTRAINT fk_grant_membership FOREIGN KEY (account_id, project_id)
            REFERENCES membership (account_id, project_id))""",
    # The key is dropped, the index InnoDB made for it stays (and InnoDB still treats it as its own).
    """CREATE TABLE comment (id INT PRIMARY KEY, task_id INT, body TEXT,
        CONSTRAINT fk_comment_task FOREIGN KEY (task_id) REFERENCES task (id))""",
    "ALTER TABLE comment DROP FOREIGN KEY fk_comment_task",
    # Unnamed, then its column renamed: the index keeps the old column's name.
    "CREATE TABLE attachment (id INT PRIMARY KEY, task_ref INT, FOREIGN KEY (task_ref) REFERENCES task (id))",
    "ALTER TABLE attachment RENAME COLUMN task_ref TO task_id",
    """CREATE TABLE event (id INT AUTO_INCREMENT PRIMARY KEY, task_id INT, CONSTRAINT ck_event_task CHECK (task_id > 0),
        CONSTRAINT fk_event_task FOREIGN KEY (task_id) REFERENCES task (id))""",
]
SEED = [
    "INSERT INTO account VALUES (1, 'ada'), (2, 'bob')",
    "INSERT INTO project VALUES (10, 1, 2, 'alpha'), (11, 2, NULL, 'beta')",
    "INSERT INTO task VALUES (100, 10, NULL, 1, 2, 'open'), (101, 10, 100, 2, NULL, 'done')",
    "INSERT INTO membership VALUES (1, 10, 'owner'), (2, 10, 'member')",
    "INSERT INTO grant_log VALUES (1, 1, 10, 'x')",
    "INSERT INTO comment VALUES (1, 100, 'first')",
    "INSERT INTO attachment VALUES (1, 101)",
    "INSERT INTO event (task_id) VALUES (100), (101), (100)",
    "DELETE FROM event WHERE id = 3",  # the counter (4) stays above max(id) + 1
]
# Later versions: indexes that can serve a foreign key, and drops and changes of such indexes and keys.
LATER = {
    "v2": [
        "CREATE INDEX ix_project_account_title ON project (account_id, title)",
        "CREATE INDEX ix_project_owner_title ON project (owner_id, title)",
        "ALTER TABLE task ADD INDEX ix_task_project_state (project_id, state)",
        "ALTER TABLE task ADD INDEX ix_task_parent (parent_id, id), ADD INDEX ix_task_reviewer (reviewer_id)",
        "ALTER TABLE membership ADD INDEX ix_membership_project_role (project_id, role)",
        "CREATE INDEX ix_grant_account_project ON grant_log (account_id, project_id, note)",
        "CREATE INDEX ix_comment_task ON comment (task_id, id)",
        "CREATE INDEX ix_attachment_task ON attachment (task_id, id)",
        "CREATE INDEX ix_event_task ON event (task_id, id)",
        "INSERT INTO event (task_id) VALUES (101)",
    ],
    "v3": [
        "ALTER TABLE task DROP INDEX ix_task_project_state",
        "ALTER TABLE project DROP INDEX ix_project_account_title",
        "ALTER TABLE project DROP FOREIGN KEY project_ibfk_1",
        "ALTER TABLE project DROP INDEX ix_project_owner_title",
        "ALTER TABLE task DROP FOREIGN KEY task_ibfk_4",
        "ALTER TABLE task DROP INDEX ix_task_project_state",
        "ALTER TABLE task DROP INDEX ix_task_assignee",
        "ALTER TABLE task RENAME INDEX ix_task_reviewer TO ix_task_reviewer_only",
        "ALTER TABLE task DROP FOREIGN KEY task_ibfk_3",
        "ALTER TABLE task DROP INDEX ix_task_reviewer_only",
        "ALTER TABLE grant_log DROP INDEX ix_grant_account_project",
        "ALTER TABLE comment DROP INDEX ix_comment_task",
        "ALTER TABLE membership ADD CONSTRAINT fk_membership_role FOREIGN KEY (role) REFERENCES account (name)",
        "ALTER TABLE task ADD FOREIGN KEY (state) REFERENCES account (name)",
        "ALTER TABLE attachment DROP INDEX ix_attachment_task",
        "ALTER TABLE attachment DROP FOREIGN KEY attachment_ibfk_1",
        "ALTER TABLE event DROP INDEX ix_event_task",
    ],
}


def _run(server: Server, database: str, statement: str) -> str:
    """What the statement did: "ok", or the server's error code."""
    try:
        with connected(server, database) as connection:
            connection.exec_driver_sql(statement)
    except DBAPIError as err:
        return f"error {err.orig.args[0] if err.orig is not None and err.orig.args else err}"
    return "ok"


def _shows(connection: Connection, database: str) -> dict[str, str]:
    tables = connection.exec_driver_sql(
        "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = %(s)s ORDER BY 1", {"s": database}
    ).scalars().all()
    return {
        table: str(connection.exec_driver_sql(f"SHOW CREATE TABLE {quote(database)}.{quote(table)}").one()[1])
        for table in tables
    }


@pytest.fixture
def installed(mysql_family_server: Server) -> Iterator[str]:
    database = mysql_family_server.create_database()
    try:
        with connected(mysql_family_server, database) as connection:
            for statement in INSTALL + SEED:
                connection.exec_driver_sql(statement)
        yield database
    finally:
        mysql_family_server.drop_database(database)


def _portable_clone(server: Server, source: str) -> str:
    target = server.create_database()
    server.drop_database(target)
    with connected(server, None, autocommit=True) as connection:
        clone_schema(connection, source, target)
    return target


def test_an_upgrade_on_a_clone_is_an_upgrade_in_place(mysql_family_server: Server, installed: str) -> None:
    server = mysql_family_server
    clones = {"clone (server's method)": server.clone_database(installed), "clone (portable)": None}
    clones["clone (portable)"] = _portable_clone(server, installed)
    try:
        problems: list[str] = []
        for version, statements in LATER.items():
            for statement in statements:
                in_place = _run(server, installed, statement)
                for label, clone in clones.items():
                    assert clone is not None
                    on_clone = _run(server, clone, statement)
                    if on_clone != in_place:
                        problems.append(f"{version} {statement!r}: in place {in_place}, {label} {on_clone}")
            with connected(server, None) as connection:
                expected_show = _shows(connection, installed)
                for label, clone in clones.items():
                    assert clone is not None
                    actual_show = {t: s for t, s in _shows(connection, clone).items()}
                    for table in sorted(expected_show):
                        if expected_show[table] != actual_show.get(table):
                            problems.append(f"after {version}, {label}: SHOW CREATE TABLE {table} differs:\n"
                                            f"{expected_show[table]}\n---\n{actual_show.get(table)}")
            for label, clone in clones.items():
                assert clone is not None
                with connected(server, installed) as connection:
                    expected = read_schema(connection)
                with connected(server, clone) as connection:
                    actual = read_schema(connection)
                differences = render_differences(diff_schemas(expected, actual))
                if differences:
                    problems.append(f"after {version}, {label}: schema check differences:\n{differences}")
        assert not problems, "\n".join(problems)
        # The statements did what the history means: the v2 indexes replaced InnoDB's own ones in place.
        with connected(server, installed) as connection:
            names = set(connection.exec_driver_sql(
                "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %(s)s", {"s": installed}
            ).scalars().all())
        assert not names & {"fk_project_account", "owner_id", "fk_comment_task", "task_ref", "fk_event_task"}
    finally:
        for clone in clones.values():
            if clone is not None:
                server.drop_database(clone)


FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "foreign-keys"
CHECKS = "upgrade,schema,data,path,parity,idempotent,down_up"


def _verify(scenario: Path, report_dir: Path, *arguments: str) -> tuple[subprocess.CompletedProcess[str], Counter[str]]:
    completed = subprocess.run(
        [sys.executable, "-m", "harness", "verify", "--scenario", str(scenario), "--report-dir", str(report_dir),
         *arguments],
        cwd=report_dir.parent, capture_output=True, text=True, timeout=900, check=False,
    )
    report = json.loads((report_dir / "report.json").read_text())
    return completed, Counter(f"{case['check']} {case['outcome']}" for case in report["cases"])


@pytest.mark.slow
def test_the_foreign_keys_history_passes_all_pairs(mysql_family_server: Server, tmp_path: Path) -> None:
    engine = mysql_family_server.spec.name
    completed, outcomes = _verify(
        FIXTURE, tmp_path / "report", "--engine", engine, "--engine", "postgresql@15", "--paths", "all-pairs",
        "--checks", CHECKS,
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    # 9 migrations: 36 pairs per engine (45 with the fresh installs from empty), each checked seven ways
    assert outcomes["schema passed"] == 2 * 36 and outcomes["parity passed"] == 36
    assert set(outcomes) == {f"{check} passed" for check in CHECKS.split(",")}


@pytest.mark.slow
def test_an_undo_that_makes_the_foreign_key_index_explicit_still_fails(
    mysql_family_server: Server, tmp_path: Path,
) -> None:
    """The true finding stays: an undo that re-creates InnoDB's own index as an ordinary one leaves the next upgrade
    with an index a fresh install does not have."""
    history = tmp_path / "history"
    shutil.copytree(FIXTURE, history)
    (history / "mysql" / "0004_index_boards_account_and_owner.down.sql").write_text(
        "CREATE INDEX fk_boards_account ON boards (account_id);\n"
        "DROP INDEX ix_boards_account_title ON boards;\n"
        "ALTER TABLE boards DROP FOREIGN KEY boards_ibfk_1;\n"
        "DROP INDEX ix_boards_owner_title ON boards;\n"
        "ALTER TABLE boards ADD FOREIGN KEY (owner_id) REFERENCES accounts (id);\n"
    )
    completed, outcomes = _verify(
        history, tmp_path / "report", "--engine", mysql_family_server.spec.name, "--paths", "all-pairs",
        "--checks", "schema,down_up",
    )
    assert completed.returncode == 1, completed.stdout[-4000:]
    # every path from a database that has boards (2 or 3) across migration 4 (to 4 ... 9): 2 * 6
    assert outcomes["down_up failed"] == 12 and outcomes["schema failed"] == 0
    assert "boards: index fk_boards_account: expected absent" in completed.stdout
