"""What the application of each version runs: reads and writes on hosts and events."""

from __future__ import annotations

HOST = {"from": "SELECT id FROM host ORDER BY id"}

EVENTS = [
    {
        "name": "list events of a host",
        "sql": "SELECT id, severity, code, fired FROM event WHERE host_id = :host_id ORDER BY id DESC LIMIT 20",
        "params": {"host_id": HOST},
    },
    {
        "name": "insert an event",
        "sql": "INSERT INTO event (host_id, severity, code, fired, pad) VALUES (:host_id, 2, 7, :fired, 'x')",
        "params": {"host_id": HOST, "fired": range(1_700_000_000, 1_800_000_000)},
    },
    {
        "name": "record a heartbeat",
        "sql": "UPDATE host SET seen = :seen WHERE ident = :ident",
        "params": {"seen": range(1_700_000_000, 1_800_000_000), "ident": {"from": "SELECT ident FROM host"}},
    },
]

WORKLOAD = {
    "v1.0.0": [
        *EVENTS,
        {"name": "read a host", "sql": "SELECT ident, note, seen FROM host WHERE id = :id", "params": {"id": HOST}},
    ],
    "v1.3.0": [
        *EVENTS,
        {"name": "read a host", "sql": "SELECT ident, seen FROM host WHERE id = :id", "params": {"id": HOST}},
    ],
}
