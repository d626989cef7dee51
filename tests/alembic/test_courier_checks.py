"""Courier on real servers: every check passes on the correct history; each planted defect is caught by the right
check with a diagnosis."""

from __future__ import annotations

from pathlib import Path

from harness.engines.server_api import Server
from tests.alembic.courier_project import failures, plant, run_courier

DEFAULT_AND_MODELS = ("upgrade", "schema", "data", "path", "parity", "idempotent", "models", "down_up")


def test_the_correct_history_passes_every_path_check(
    courier: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    servers = {"postgresql@15": postgresql_server, "mariadb@10.11": mariadb_server}
    findings = run_courier(courier, servers, DEFAULT_AND_MODELS, paths="all-pairs")
    assert not failures(findings), failures(findings)
    ran = {f.check for f in findings if f.outcome == "passed"}
    assert ran == set(DEFAULT_AND_MODELS)
    # a customer on the pricing branch's release upgrades through the merge to every later release
    assert {f.path for f in findings if f.check == "upgrade" and f.path.startswith("1.1.1->")} == {
        "1.1.1->2.0", "1.1.1->2.1"
    }  # fmt: skip


def test_a_downgrade_that_loses_the_weights_is_caught_by_down_up(
    courier: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    plant(courier, "lossy-weight-downgrade")
    servers = {"postgresql@15": postgresql_server, "mariadb@10.11": mariadb_server}
    findings = run_courier(courier, servers, ("upgrade", "down_up"))
    failed = {(f.check, f.engine, f.path) for f in findings if f.outcome == "failed"}
    # every path to 2.1 crosses r12, whose downgrade is wrong (from 1.1.1, on the pricing branch, no downgrade
    # leads back: Alembic would keep the addresses branch, and down_up says so as a skip)
    assert failed == {("down_up", engine, f"{start}->2.1") for engine in servers for start in ("1.0", "1.1", "2.0")}
    message = next(f.message for f in findings if f.outcome == "failed" and f.engine == "postgresql@15")
    assert "rows after the rollback (start -> rolled back)" in message
    assert "parcels [" in message and "weight_grams: before " in message and ", after 0" in message


def test_models_that_declare_an_index_the_migrations_never_build_are_caught_by_models(
    courier: Path, postgresql_server: Server, mariadb_server: Server
) -> None:
    models = courier / "courier" / "models.py"
    text = models.read_text(encoding="utf-8")
    models.write_text(
        text.replace('sa.Index("ix_parcels_status", "status"),', 'sa.Index("ix_parcels_status", "status"),\n'
                     '    sa.Index("ix_parcels_price_cents", "price_cents"),'),
        encoding="utf-8",
    )  # fmt: skip
    servers = {"postgresql@15": postgresql_server, "mariadb@10.11": mariadb_server}
    findings = run_courier(courier, servers, ("models",))
    failed = {(f.check, f.engine) for f in findings if f.outcome == "failed"}
    assert failed == {("models", "postgresql@15"), ("models", "mariadb@10.11")}
    message = findings[0].message
    assert "the models (env.py's target_metadata) differ from the schema the migrations built at 2.1" in message
    assert "parcels: index ix_parcels_price_cents" in message
