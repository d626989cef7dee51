"""The checks on real servers with a history whose migrations stamp rows from the clock (fixtures/volatile).

Undeclared, its timestamps make `path`, `parity` and `data` report every run's own moment as a difference; declared
in [volatile], the same history passes every check, down_up included; a declaration naming a column the head does
not have is one error naming the file, exit 2.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cases import generate_cases
from harness.checks import CHECKS, down_up_consistent
from harness.engines.server_api import Server
from harness.paths import enumerate_paths
from harness.runners import runner_for
from harness.scenario import load_scenario
from harness.volatile import VolatileDeclarationError, volatile_for
from harness.workbench import Workbench
from tests.defects.harness_run import Finding, _run, failed, run_checks

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "volatile"
FOREIGN_FIXTURE = FIXTURE / "golang-migrate"

PG = "postgresql@15"
MARIADB = "mariadb@10.11"
PARITY = f"{MARIADB}+{PG}"
DECLARED = '[volatile]\ncolumns = ["audit_log.created_at", "*.updated_at", "accounts.deactivated_at"]'


def copy_of(source: Path, target: Path, volatile: str | None) -> Path:
    """`source` copied to `target` with its scenario.toml's [volatile] table replaced by `volatile` (None: none)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("golang-migrate"))
    manifest = target / "scenario.toml"
    text = manifest.read_text(encoding="utf-8")
    head = text[: text.index("[volatile]")].rstrip() + "\n"
    manifest.write_text(head + (f"\n{volatile}\n" if volatile is not None else ""), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def servers(postgresql_server: Server, mariadb_server: Server) -> dict[str, Server]:
    return {PG: postgresql_server, MARIADB: mariadb_server}


def describe(findings: list[Finding]) -> str:
    return "\n".join(
        f"{f.outcome:8} {f.check:10} {f.engine:30} {f.path}\n{f.message}" for f in findings if f.outcome != "passed"
    )


def down_up(directory: Path, servers: dict[str, Server]) -> list[Finding]:
    """The down_up check on every path to the head."""
    scenario = load_scenario(directory)
    bench = Workbench(scenario, runner_for(scenario), {n: n for n in servers}, 40, servers=servers)
    dialects: dict[str, str] = {name: server.dialect for name, server in servers.items()}
    try:
        paths = enumerate_paths(scenario.versions, "to-head")
        cases = generate_cases("down_up", CHECKS["down_up"].cases, dialects, paths, [])
        return [_run(down_up_consistent.verify, bench, case) for case in cases]
    finally:
        bench.close()


def messages(findings: list[Finding], check: str) -> str:
    return "\n".join(f.message for f in findings if f.check == check and f.outcome == "failed")


def test_undeclared_the_migrations_timestamps_are_reported_with_the_column_named(
    servers: dict[str, Server], tmp_path: Path
) -> None:
    directory = copy_of(FIXTURE, tmp_path / "billing", None)
    findings = run_checks(directory, servers)
    assert failed(findings) == {
        ("path", PG),
        ("path", MARIADB),
        ("parity", PARITY),
        ("data", PG),
        ("data", MARIADB),
    }, describe(findings)
    # v1.2.0 stamps every account it gives a login, at the moment of each run
    assert "accounts [1] updated_at: before '20" in messages(findings, "path")
    assert f"accounts [1] updated_at: {MARIADB}: '20" in messages(findings, "parity")
    # v1.2.0 stamps every account it gives a login; seeded at v1.1.0, the seed's stamp is replaced
    assert "accounts [1] updated_at: before '2024-03-01 09:31:00.125000', after '20" in messages(findings, "data")
    assert "settings ['dunning_attempts'] updated_at" in messages(findings, "parity")
    # the second upgrade stamps again what the first one stamped
    undone = down_up(directory, servers)
    assert failed(undone) == {("down_up", PG), ("down_up", MARIADB)}, describe(undone)
    assert "rows after up again (first up -> second up)" in messages(undone, "down_up")


def test_declared_the_same_history_passes_every_check(servers: dict[str, Server], tmp_path: Path) -> None:
    directory = copy_of(FIXTURE, tmp_path / "billing", DECLARED)
    findings = run_checks(directory, servers)
    assert {f.outcome for f in findings} == {"passed"}, describe(findings)
    assert {f.check for f in findings} == {"upgrade", "schema", "data", "path", "parity", "idempotent"}
    undone = down_up(directory, servers)
    assert {f.outcome for f in undone} == {"passed"} and len(undone) == 6, describe(undone)


def test_a_foreign_history_declares_them_beside_its_files(servers: dict[str, Server], tmp_path: Path) -> None:
    undeclared = run_checks(copy_of(FOREIGN_FIXTURE, tmp_path / "undeclared", None), servers)
    assert failed(undeclared) == {("path", PG), ("path", MARIADB), ("parity", PARITY)}, describe(undeclared)
    assert "plans ['team'] updated_at: before '20" in messages(undeclared, "path")
    assert f"plans ['free'] created_at: {MARIADB}: '20" in messages(undeclared, "parity")
    declared = run_checks(FOREIGN_FIXTURE, servers)
    assert {f.outcome for f in declared} == {"passed"}, describe(declared)


def test_a_column_the_head_does_not_have_is_one_error_naming_the_file(
    servers: dict[str, Server], tmp_path: Path
) -> None:
    directory = copy_of(FIXTURE, tmp_path / "billing", '[volatile]\ncolumns = ["audit_log.created_at", "*.updatd_at"]')
    scenario = load_scenario(directory)  # the syntax is right: only the head's schema can tell
    bench = Workbench(scenario, runner_for(scenario), {PG: PG}, 10, servers={PG: servers[PG]})
    try:
        with pytest.raises(VolatileDeclarationError) as raised:
            volatile_for(bench, PG)
        with pytest.raises(VolatileDeclarationError) as again:  # checked once; every case meets the same error
            volatile_for(bench, PG)
    finally:
        bench.close()
    assert str(raised.value) == str(again.value)
    assert str(raised.value) == (
        f"{directory / 'scenario.toml'}: [volatile] columns name no column of the head version v2.0.0 on {PG}: "
        "'*.updatd_at'; name each as table.column of the head's schema (a glob must match one), or remove it"
    )


@pytest.mark.usefixtures("postgresql_server")
def test_verify_stops_with_exit_2_on_a_column_the_head_does_not_have(tmp_path: Path) -> None:
    directory = copy_of(FIXTURE, tmp_path / "billing", '[volatile]\ncolumns = ["audit_log.created_on"]')
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness",
            "verify",
            "--scenario",
            str(directory),
            "--engine",
            PG,
            "--checks",
            "path",
            "--report-dir",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env=os.environ.copy(),
    )
    assert done.returncode == 2, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert f"{directory / 'scenario.toml'}: [volatile] columns name no column of the head version v2.0.0" in output
    assert "'audit_log.created_on' (did you mean audit_log.created_at?)" in output, output
