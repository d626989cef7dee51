"""A user's project, written into a directory outside this repository: their own history, seed, tests and pytest.ini.

The product is a small invoicing service with four releases. Its history follows the migrator layout (one directory
per release, install scripts per dialect, upgrade scripts as steps with undo statements) and is written here, not
copied from the repository, so nothing of the checkout is needed to run it.
"""

from __future__ import annotations

from pathlib import Path

SCENARIO_DIR = "db"
VERSIONS = ("v1.0.0", "v1.1.0", "v1.2.0", "v2.0.0")
USER_TESTS = ("test_invoice_total_adds_tax", "test_invoices_keep_their_client_across_the_upgrade")

_MYSQL_TABLE_OPTIONS = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"

_MYSQL_CLIENTS = """CREATE TABLE clients (
    id bigint unsigned NOT NULL AUTO_INCREMENT,
    name varchar(100) NOT NULL DEFAULT '',
    email varchar(191) NOT NULL,{country}
    PRIMARY KEY (id),
    UNIQUE KEY uq_clients_email (email)
) """ + _MYSQL_TABLE_OPTIONS + ";\n"

_MYSQL_INVOICES = """CREATE TABLE invoices (
    id bigint unsigned NOT NULL AUTO_INCREMENT,
    client_id bigint unsigned NOT NULL,
    number varchar(32) NOT NULL,
    total_cents bigint NOT NULL DEFAULT 0,
    status varchar(16) NOT NULL DEFAULT 'draft',{due_days}
    PRIMARY KEY (id),
    UNIQUE KEY uq_invoices_number (number),
    KEY idx_invoices_client (client_id){status_index}
) """ + _MYSQL_TABLE_OPTIONS + ";\n"

_MYSQL_PAYMENTS = """CREATE TABLE payments (
    id bigint unsigned NOT NULL AUTO_INCREMENT,
    invoice_id bigint unsigned NOT NULL,
    amount_cents bigint NOT NULL,
    paid_at bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    KEY idx_payments_invoice (invoice_id)
) """ + _MYSQL_TABLE_OPTIONS + ";\n"

_PG_CLIENTS = """CREATE TABLE clients (
    id bigserial PRIMARY KEY,
    name varchar(100) NOT NULL DEFAULT '',
    email varchar(191) NOT NULL,{country}
    CONSTRAINT uq_clients_email UNIQUE (email)
);
"""

_PG_INVOICES = """CREATE TABLE invoices (
    id bigserial PRIMARY KEY,
    client_id bigint NOT NULL,
    number varchar(32) NOT NULL,
    total_cents bigint NOT NULL DEFAULT 0,
    status varchar(16) NOT NULL DEFAULT 'draft',{due_days}
    CONSTRAINT uq_invoices_number UNIQUE (number)
);
CREATE INDEX idx_invoices_client ON invoices (client_id);
"""

_PG_PAYMENTS = """CREATE TABLE payments (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL,
    amount_cents bigint NOT NULL,
    paid_at bigint NOT NULL DEFAULT 0
);
CREATE INDEX idx_payments_invoice ON payments (invoice_id);
"""

_COUNTRY = "\n    country varchar(2) NOT NULL DEFAULT '',"
_DUE_DAYS = "\n    due_days int NOT NULL DEFAULT 30,"


def _mysql_install(version: str) -> str:
    at = VERSIONS.index(version)
    parts = [
        _MYSQL_CLIENTS.format(country=_COUNTRY if at >= 1 else ""),
        _MYSQL_INVOICES.format(
            due_days=_DUE_DAYS if at >= 3 else "",
            status_index=",\n    KEY idx_invoices_status (status)" if at >= 1 else "",
        ),
    ]
    if at >= 2:
        parts.append(_MYSQL_PAYMENTS)
    return "\n".join(parts)


def _postgresql_install(version: str) -> str:
    at = VERSIONS.index(version)
    parts = [
        _PG_CLIENTS.format(country=_COUNTRY if at >= 1 else ""),
        _PG_INVOICES.format(due_days=_DUE_DAYS if at >= 3 else "")
        + ("CREATE INDEX idx_invoices_status ON invoices (status);\n" if at >= 1 else ""),
    ]
    if at >= 2:
        parts.append(_PG_PAYMENTS)
    return "\n".join(parts)


_UPGRADES: dict[tuple[str, str], str] = {
    ("v1.1.0", "mysql"): """-- migrator:step
ALTER TABLE clients ADD COLUMN country varchar(2) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE clients DROP COLUMN country;

-- migrator:step
CREATE INDEX idx_invoices_status ON invoices (status);
-- migrator:undo
DROP INDEX idx_invoices_status ON invoices;
""",
    ("v1.1.0", "postgresql"): """-- migrator:step
ALTER TABLE clients ADD COLUMN country varchar(2) NOT NULL DEFAULT '';
-- migrator:undo
ALTER TABLE clients DROP COLUMN country;

-- migrator:step
CREATE INDEX idx_invoices_status ON invoices (status);
-- migrator:undo
DROP INDEX idx_invoices_status;
""",
    ("v1.2.0", "mysql"): "-- migrator:step\n" + _MYSQL_PAYMENTS + "-- migrator:undo\nDROP TABLE payments;\n",
    ("v1.2.0", "postgresql"): """-- migrator:step
CREATE TABLE payments (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL,
    amount_cents bigint NOT NULL,
    paid_at bigint NOT NULL DEFAULT 0
);
-- migrator:undo
DROP TABLE payments;

-- migrator:step
CREATE INDEX idx_payments_invoice ON payments (invoice_id);
-- migrator:undo
DROP INDEX idx_payments_invoice;
""",
    ("v2.0.0", "mysql"): """-- migrator:step
ALTER TABLE invoices ADD COLUMN due_days int NOT NULL DEFAULT 30;
-- migrator:undo
ALTER TABLE invoices DROP COLUMN due_days;
""",
    ("v2.0.0", "postgresql"): """-- migrator:step
ALTER TABLE invoices ADD COLUMN due_days int NOT NULL DEFAULT 30;
-- migrator:undo
ALTER TABLE invoices DROP COLUMN due_days;
""",
}

_DESCRIPTIONS = {
    "v1.0.0": "Clients and their invoices",
    "v1.1.0": "Client country; invoices listed by status",
    "v1.2.0": "Payments against invoices",
    "v2.0.0": "Payment terms per invoice",
}

SEED = '''"""Deterministic invoicing data for any release: the same arguments give the same rows on every engine."""

from __future__ import annotations

from sqlalchemy import Connection, text

STATUSES = ("draft", "sent", "paid")


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.lstrip("v").split("."))


def seed(connection: Connection, *, version: str, dialect: str, size: int = 100, batch: int = 0) -> dict[str, int]:
    at = _release(version)
    first = batch * 1_000_000 + 1
    clients = []
    for offset in range(max(size // 4, 5)):
        ident = first + offset
        client: dict[str, object] = {"id": ident, "name": f"Client {ident}", "email": f"billing{ident}@example.com"}
        if at >= (1, 1, 0):
            client["country"] = ("DE", "FR", "US")[offset % 3]
        clients.append(client)
    invoices = []
    for offset in range(size):
        ident = first + offset
        invoice: dict[str, object] = {
            "id": ident,
            "client_id": clients[offset % len(clients)]["id"],
            "number": f"INV-{ident:08d}",
            "total_cents": (ident * 4_321) % 1_000_000,
            "status": STATUSES[offset % len(STATUSES)],
        }
        if at >= (2, 0, 0):
            invoice["due_days"] = 30
        invoices.append(invoice)
    _insert(connection, "clients", clients)
    _insert(connection, "invoices", invoices)
    counts = {"clients": len(clients), "invoices": len(invoices)}
    if at >= (1, 2, 0):
        payments = [
            {"id": row["id"], "invoice_id": row["id"], "amount_cents": row["total_cents"], "paid_at": 1_700_000_000}
            for row in invoices
            if row["status"] == "paid"
        ]
        _insert(connection, "payments", payments)
        counts["payments"] = len(payments)
    if dialect == "postgresql":
        for table in counts:
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))
    return counts


def _insert(connection: Connection, table: str, rows: list[dict[str, object]]) -> None:
    columns = list(rows[0])
    placeholders = ", ".join(":" + column for column in columns)
    connection.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"), rows)
'''

SCENARIO_TOML = '''name = "invoicing"
description = "Four releases of an invoicing service"
migrations = "migrations"
runner = "migrator"
seed = "seed.py"
'''

PLAIN_TEST = '''def invoice_total(net_cents: int, tax_percent: int) -> int:
    return net_cents + net_cents * tax_percent // 100


def test_invoice_total_adds_tax() -> None:
    assert invoice_total(10_000, 19) == 11_900
'''

UPGRADE_TEST = '''def test_invoices_keep_their_client_across_the_upgrade(database_at, upgrade_runner):
    db = database_at("v1.0.0")
    assert upgrade_runner.upgrade(db.url, "v2.0.0").ok
    with db.connect() as connection:
        orphans = connection.exec_driver_sql(
            "SELECT count(*) FROM invoices i LEFT JOIN clients c ON c.id = i.client_id WHERE c.id IS NULL"
        ).scalar()
        terms = connection.exec_driver_sql("SELECT count(*) FROM invoices WHERE due_days = 30").scalar()
    assert orphans == 0
    assert terms > 0
'''

PYTEST_INI = f"""[pytest]
testpaths = tests
upgrade_scenario = {SCENARIO_DIR}
upgrade_engines = postgresql@15:local
"""


def write_scenario(directory: Path) -> Path:
    """The invoicing history with its seed, in `directory` (created); returns it."""
    migrations = directory / "migrations"
    for version in VERSIONS:
        release = migrations / version
        release.mkdir(parents=True)
        (release / "version.toml").write_text(f'description = "{_DESCRIPTIONS[version]}"\n')
        (release / "mysql.install.sql").write_text(_mysql_install(version))
        (release / "postgresql.install.sql").write_text(_postgresql_install(version))
        for dialect in ("mysql", "postgresql"):
            upgrade = _UPGRADES.get((version, dialect))
            if upgrade is not None:
                (release / f"{dialect}.upgrade.sql").write_text(upgrade)
    (directory / "scenario.toml").write_text(SCENARIO_TOML)
    (directory / "seed.py").write_text(SEED)
    return directory


def write_project(root: Path) -> Path:
    """A project in `root`: pytest.ini, the history under db/, and the user's own tests under tests/."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pytest.ini").write_text(PYTEST_INI)
    write_scenario(root / SCENARIO_DIR)
    tests = root / "tests"
    tests.mkdir()
    (tests / "test_pricing.py").write_text(PLAIN_TEST)
    (tests / "test_upgrade_keeps_invoices.py").write_text(UPGRADE_TEST)
    return root
