"""What a Nightingale server of each release reads and writes all day: the workload the online checks run.

`WORKLOAD[version]` lists the representative queries of that release (see docs/online.md for the format): alert
rules, events and their notifications, target heartbeats, dashboards, mutes and the signed-in user. Each release
reads the columns its code knows about, so the list changes with the schema; the queries are built below from the
release's features and are plain data once built. Parameters come from the seeded rows (`from`) or from ranges.
"""

from __future__ import annotations

from collections.abc import Sequence

VERSIONS = (
    "v6.7.3", "v7.0.0", "v7.1.0", "v7.2.0", "v7.3.4", "v7.4.0",
    "v7.7.2", "v8.0.0", "v8.4.1", "v8.5.1", "v9.0.0", "v9.1.0",
)  # fmt: skip

NOW = range(1_717_200_000, 1_720_000_000)  # the seeded weeks, in epoch seconds
GROUP = {"from": "SELECT id FROM busi_group ORDER BY id", "default": 0}
RULE = {"from": "SELECT id FROM alert_rule ORDER BY id", "default": 0}
TARGET = {"from": "SELECT ident FROM target ORDER BY id LIMIT 2000", "default": "web-0-0000001.example.com"}


def _at_least(version: str, since: str) -> bool:
    def key(name: str) -> tuple[int, ...]:
        return tuple(int(part) for part in name.removeprefix("v").split("."))

    return key(version) >= key(since)


def _columns(version: str, base: Sequence[str], *later: tuple[str, Sequence[str]]) -> str:
    """`base` plus the columns each later release added, as far as `version` has them."""
    chosen = list(base)
    for since, added in later:
        if _at_least(version, since):
            chosen.extend(added)
    return ", ".join(chosen)


def alert_rules_of_a_group(v: str) -> dict[str, object]:
    columns = _columns(
        v,
        ("id", "group_id", "cate", "datasource_ids", "name", "severity", "disabled", "prom_ql", "rule_config",
         "notify_channels", "notify_groups", "annotations", "extra_config", "update_at"),
        ("v7.7.2", ("datasource_queries",)),
        ("v8.0.0", ("cron_pattern", "notify_rule_ids", "notify_version")),
        ("v8.4.1", ("pipeline_configs",)),
        ("v9.0.0", ("time_zone",)),
    )  # fmt: skip
    return {
        "name": "list alert rules of a group",
        "sql": f"SELECT {columns} FROM alert_rule WHERE group_id = :group_id ORDER BY name LIMIT 200",
        "params": {"group_id": GROUP},
    }


def insert_an_event(v: str) -> dict[str, object]:
    names = _columns(
        v,
        ("is_recovered", "cate", "datasource_id", "cluster", "group_id", "group_name", "hash", "rule_id", "rule_name",
         "rule_note", "rule_prod", "rule_algo", "severity", "prom_for_duration", "prom_ql", "prom_eval_interval",
         "callbacks", "notify_recovered", "notify_channels", "notify_groups", "notify_cur_number", "target_ident",
         "target_note", "first_trigger_time", "trigger_time", "trigger_value", "recover_time", "last_eval_time",
         "tags", "annotations", "rule_config"),
        ("v7.0.0", ("original_tags",)),
    )  # fmt: skip
    values = _columns(
        v,
        ("0", "'prometheus'", "1", "''", ":group_id", "'SRE'", "'4c2f9e1ab0d3f7e2a9c1b5d8e6f40a1b'", ":rule_id",
         "'Disk almost full'", "'alert rule note'", "'metric'", "''", "2", "60", "'disk_used_percent > 95'", "15",
         "''", "1", "'email'", "''", "0", ":target_ident", "''", ":now", ":now", "'96.5'", "0", ":now",
         "'__name__=disk_used_percent,,ident=web-1'", "'{}'", "'{}'"),
        ("v7.0.0", ("'__name__=disk_used_percent'",)),
    )  # fmt: skip
    return {
        "name": "insert an alert event",
        "sql": f"INSERT INTO alert_his_event ({names}) VALUES ({values})",
        "params": {"group_id": GROUP, "rule_id": RULE, "target_ident": TARGET, "now": NOW},
    }


def recent_events_of_a_group(v: str) -> dict[str, object]:
    return {
        "name": "list recent events of a group",
        "sql": "SELECT id, rule_id, rule_name, severity, is_recovered, target_ident, trigger_time, trigger_value "
        "FROM alert_his_event WHERE group_id = :group_id AND trigger_time > :since "
        "ORDER BY trigger_time DESC LIMIT 50",
        "params": {"group_id": GROUP, "since": NOW},
    }


def firing_events(v: str) -> dict[str, object]:
    columns = _columns(
        v,
        ("id", "rule_id", "rule_name", "severity", "target_ident", "trigger_time", "trigger_value", "tags"),
        ("v7.0.0", ("original_tags",)),
    )
    return {
        "name": "list firing events of a rule",
        "sql": f"SELECT {columns} FROM alert_cur_event WHERE rule_id = :rule_id ORDER BY trigger_time DESC",
        "params": {"rule_id": RULE},
    }


def heartbeat(v: str) -> dict[str, object]:
    assignments = _columns(
        v,
        ("update_at = :now", "host_ip = :host_ip", "agent_version = 'v0.3.89'"),
        ("v7.0.0", ("engine_name = 'default'",)),
        ("v7.1.0", ("os = 'linux'",)),
        ("v7.3.4", ("host_tags = '[\"rack=r1\"]'",)),
    )
    return {
        "name": "update a target's heartbeat",
        "sql": f"UPDATE target SET {assignments} WHERE ident = :ident",
        "params": {"now": NOW, "host_ip": ["10.0.0.1", "10.0.3.7", "10.1.2.3"], "ident": TARGET},
    }


def targets_of_a_group(v: str) -> dict[str, object]:
    columns = _columns(
        v, ("t.id", "t.ident", "t.note", "t.tags", "t.host_ip", "t.agent_version", "t.update_at"),
        ("v7.0.0", ("t.engine_name",)), ("v7.1.0", ("t.os",)), ("v7.3.4", ("t.host_tags",)),
    )  # fmt: skip
    if _at_least(v, "v7.4.0"):  # a target may belong to several groups, listed in target_busi_group
        source = "target t JOIN target_busi_group b ON b.target_ident = t.ident WHERE b.group_id = :group_id"
    else:
        source = "target t WHERE t.group_id = :group_id"
    return {
        "name": "list targets of a group",
        "sql": f"SELECT {columns} FROM {source} ORDER BY t.ident LIMIT 200",
        "params": {"group_id": GROUP},
    }


def boards_of_a_group(v: str) -> dict[str, object]:
    columns = _columns(
        v, ("id", "group_id", "name", "ident", "tags", "public", "built_in", "hide", "update_at"),
        ("v7.0.0", ("public_cate",)), ("v8.5.1", ("note",)),
    )  # fmt: skip
    return {
        "name": "list boards of a group",
        "sql": f"SELECT {columns} FROM board WHERE group_id = :group_id ORDER BY name",
        "params": {"group_id": GROUP},
    }


def board_payload(v: str) -> dict[str, object]:
    return {
        "name": "read a board payload",
        "sql": "SELECT payload FROM board_payload WHERE id = :board_id",
        "params": {"board_id": {"from": "SELECT id FROM board_payload ORDER BY id", "default": 0}},
    }


def mutes_of_a_group(v: str) -> dict[str, object]:
    columns = _columns(
        v, ("id", "cate", "prod", "tags", "cause", "btime", "etime", "mute_time_type", "severities"),
        ("v9.0.0", ("mute_type",)),
    )  # fmt: skip
    return {
        "name": "list active mutes of a group",
        "sql": f"SELECT {columns} FROM alert_mute WHERE group_id = :group_id AND disabled = 0",
        "params": {"group_id": GROUP},
    }


def signed_in_user(v: str) -> dict[str, object]:
    columns = _columns(
        v, ("id", "username", "nickname", "phone", "email", "roles", "contacts"),
        ("v7.0.0", ("belong", "last_active_time")),
    )  # fmt: skip
    return {
        "name": "read the signed-in user",
        "sql": f"SELECT {columns} FROM users WHERE username = :username",
        "params": {"username": {"from": "SELECT username FROM users ORDER BY id", "default": "root"}},
    }


def record_a_notification(v: str) -> dict[str, object]:
    names = _columns(
        v, ("event_id", "sub_id", "channel", "status", "target", "details", "created_at"),
        ("v8.0.0", ("notify_rule_id",)),
    )  # fmt: skip
    values = _columns(
        v, (":event_id", "0", "'email'", "1", "'oncall@example.com'", "'ok'", ":now"), ("v8.0.0", (":rule_id",))
    )
    params: dict[str, object] = {"event_id": range(1, 1_000_000), "now": NOW}
    if _at_least(v, "v8.0.0"):
        params["rule_id"] = RULE
    return {
        "name": "record a notification",
        "sql": f"INSERT INTO notification_record ({names}) VALUES ({values})",
        "params": params,
    }


def notifications_of_a_rule(v: str) -> dict[str, object]:
    return {
        "name": "list notifications of a rule in a time window",
        "sql": "SELECT event_id, channel, status, target, created_at FROM notification_record "
        "WHERE notify_rule_id = :rule_id AND created_at BETWEEN :since AND :since + 86400 "
        "ORDER BY created_at LIMIT 100",
        "params": {"rule_id": {"from": "SELECT id FROM notify_rule ORDER BY id", "default": 0}, "since": NOW},
    }


def workload_at(version: str) -> list[dict[str, object]]:
    queries = [
        alert_rules_of_a_group(version),
        insert_an_event(version),
        recent_events_of_a_group(version),
        firing_events(version),
        heartbeat(version),
        targets_of_a_group(version),
        boards_of_a_group(version),
        board_payload(version),
        mutes_of_a_group(version),
        signed_in_user(version),
    ]
    if _at_least(version, "v7.2.0"):
        queries.append(record_a_notification(version))
    if _at_least(version, "v9.1.0"):  # the retention and per-rule views that came with its indexes
        queries.append(notifications_of_a_rule(version))
    return queries


WORKLOAD = {version: workload_at(version) for version in VERSIONS}
