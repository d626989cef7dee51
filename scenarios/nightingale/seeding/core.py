"""Rows of the tables Nightingale has had since the baseline (v6.7.3): users, teams, busi groups, rules, boards...

Every builder returns (columns, rows) with the columns the table has at the newest version; values depend on the
version only where the schema constrains them (lengths, nullability, moved data).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .plan import (
    CHANNELS,
    HOST_KINDS,
    LONG_NOTE,
    NICKNAMES,
    PROMQL,
    RULE_NAMES,
    TEAMS,
    USER_SLUGS,
    Plan,
    Row,
    annotations,
    js,
    pick,
    rule_config,
)

Table = tuple[Sequence[str], Iterable[Row]]


def rows_of(records: Sequence[dict[str, object]]) -> Table:
    columns = list(records[0])
    return columns, [tuple(record[column] for column in columns) for record in records]


def audit(p: Plan, index: int, by: str = "root") -> dict[str, object]:
    return {"create_at": p.time(index), "create_by": by, "update_at": p.time(index, 60), "update_by": by}


def users(p: Plan) -> Table:
    records = []
    for i in range(p.small):
        uid = p.id(i)
        phone = f"+86 138{uid % 10**8:08d}"  # 15 characters: fits the original varchar(16)
        if p.since("v8.4.1") and i % 4 == 1:
            phone = ", ".join(f"+{c} {uid % 10**9:09d}" for c in (86, 1, 44, 81, 49)) + " (on call)"
        records.append(
            {
                "id": uid,
                "username": f"{pick(USER_SLUGS, i)}{uid}",
                "nickname": pick(NICKNAMES, i),
                "password": f"$2a$10${uid:053d}",
                "phone": phone,
                "email": f"user{uid}@example.com",
                "portrait": "" if i % 3 else f"https://avatars.example.com/{uid}.png",
                "roles": pick(("Admin", "Standard", "Guest", "Standard Guest"), i),
                "contacts": None if i % 5 == 4 else js({"dingtalk_robot_token": f"tok{uid}", "wecom_robot_token": ""}),
                "maintainer": int(i % 5 == 0),
                **audit(p, i, "system"),
                "belong": pick(("", "ldap", "oidc"), i),
                "last_active_time": p.time(i, 3600) if i % 2 else 0,
            }
        )
    return rows_of(records)


def user_groups(p: Plan) -> tuple[Table, Table]:
    groups, members = [], []
    for i in range(p.tiny):
        gid = p.id(i)
        groups.append(
            {"id": gid, "name": f"{pick(TEAMS, i)}-{gid}", "note": pick(("", LONG_NOTE[:200]), i), **audit(p, i)}
        )
        for k in range(2):
            members.append({"id": p.id(2 * i + k), "group_id": gid, "user_id": p.id((i + k * 3) % p.small)})
    return rows_of(groups), rows_of(members)


def busi_groups(p: Plan) -> tuple[Table, Table]:
    groups, members = [], []
    for i in range(p.tiny):
        gid = p.id(i)
        groups.append(
            {
                "id": gid,
                "name": f"{pick(TEAMS, i + 2)}/{pick(('prod', 'staging', 'infra'), i)}-{gid}",
                "label_enable": i % 2,
                "label_value": f"bg{gid}" if i % 2 else "",
                **audit(p, i),
            }
        )
        members.append(
            {"id": gid, "busi_group_id": gid, "user_group_id": p.id(i % p.tiny), "perm_flag": pick(("rw", "ro"), i)}
        )
    return rows_of(groups), rows_of(members)


def embedded_dashboards() -> list[dict[str, str]]:
    return [
        {"id": "1", "name": "Grafana 总览 📊", "url": "https://grafana.example.com/d/overview?orgId=1&refresh=30s"},
        {"id": "2", "name": "Kibana", "url": "https://kibana.example.com/app/discover#/"},
        {"id": "3", "name": "Seán O'Brien's runbooks", "url": "https://wiki.example.com/ops/runbooks"},
        {"id": "4", "name": "x" * 255, "url": "https://status.example.com/" + "p" * 200},
    ]


def configs(p: Plan) -> Table:
    entries: list[tuple[str, str, int, int]] = [
        (
            f"smtp_config{p.suffix}",
            js({"host": "smtp.example.com", "port": 465, "user": "n9e", "from": "夜莺 <n9e@example.com>"}),
            0,
            0,
        ),
        (f"notify_script{p.suffix}", "#!/usr/bin/env python3\nimport sys, json\nprint(json.load(sys.stdin))\n", 0, 0),
        (f"ibex_server{p.suffix}", js({"address": "http://ibex:10090", "basic_auth_user": "ibex"}), 0, 1),
        (f"site_info{p.suffix}", js({"page_title": "夜莺监控 🐦", "home_url": "/dashboards"}), 1, 0),
        (f"custom-note{p.suffix}", "tab\tbackslash \\ quote ' newline\n" + LONG_NOTE, 1, 0),
    ]
    if p.batch == 0:  # the one entry v8.0.0 migrates into embedded_product
        entries.insert(0, ("embedded-dashboards", js(embedded_dashboards()), 0, 0))
    records = [
        {
            "id": p.id(i),
            "ckey": ckey,
            "cval": cval,
            "note": "",
            "external": external,
            "encrypted": encrypted,
            **audit(p, i),
        }
        for i, (ckey, cval, external, encrypted) in enumerate(entries)
    ]
    return rows_of(records)


def roles(p: Plan) -> tuple[Table, Table]:
    names = ("Admin", "Standard", "Guest") if p.batch == 0 else (f"Auditor{p.suffix}", f"Operator{p.suffix}")
    role_rows = [{"id": p.id(i), "name": name, "note": f"{name} role 角色"} for i, name in enumerate(names)]
    operations = ("/metric/explorer", "/dashboards", "/alert-rules", "/alert-mutes/put", "/targets/put", "/users")
    ops = [
        {"id": p.id(i * len(operations) + k), "role_name": name, "operation": op}
        for i, name in enumerate(names)
        for k, op in enumerate(operations)
    ]
    return rows_of(role_rows), rows_of(ops)


def boards(p: Plan) -> tuple[Table, Table]:
    board_rows, payloads = [], []
    for i in range(p.tiny):
        bid = p.id(i)
        board_rows.append(
            {
                "id": bid,
                "group_id": p.id(i % p.tiny),
                "name": f"{pick(('Linux 主机概览', 'MySQL', 'Kubernetes 🚢', 'Nginx'), i)} #{bid}",
                "ident": f"board-{bid}" if i % 2 else "",
                "tags": pick(("linux host", "", "db mysql", "k8s"), i),
                "public": int(i % 3 == 0),
                "built_in": int(i % 5 == 0),
                "hide": 0,
                **audit(p, i),
                "public_cate": i % 3,
                "note": pick(("", "owned by SRE 🛠", LONG_NOTE), i),
            }
        )
        panels = [
            {"id": f"p{k}", "type": "timeseries", "title": f"面板 {k}", "targets": [{"expr": pick(PROMQL, k)}]}
            for k in range(400 if i == 0 else 6)  # the first board of a batch carries a large payload
        ]
        payloads.append({"id": bid, "payload": js({"version": "3.0.0", "panels": panels, "var": [{"name": "ident"}]})})
    return rows_of(board_rows), rows_of(payloads)


def chart_shares(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "cluster": "default",
                "datasource_id": p.id(i % 3),
                "configs": None
                if i % 4 == 3
                else js({"targets": [{"expr": pick(PROMQL, i)}], "range": {"start": "now-1h"}}),
                "create_at": p.time(i),
                "create_by": "root",
            }
            for i in range(p.tiny)
        ]
    )


def alert_rules(p: Plan) -> Table:
    records = []
    for i in range(p.small):
        rid = p.id(i)
        records.append(
            {
                "id": rid,
                "group_id": p.id(i % p.tiny),
                "cate": pick(("prometheus", "host", "loki"), i),
                "datasource_ids": js([p.id(i % 3)]),
                "cluster": "",
                "name": f"{pick(RULE_NAMES, i)} #{rid}",
                "note": pick(("", "告警说明 ⚠️", LONG_NOTE), i),
                "prod": pick(("metric", "host", "logging"), i),
                "algorithm": "",
                "algo_params": None,
                "delay": 0,
                "severity": 1 + i % 3,
                "disabled": int(i % 7 == 6),
                "prom_for_duration": 60,
                "rule_config": rule_config(i),
                "prom_ql": pick(PROMQL, i),
                "prom_eval_interval": 15 + 15 * (i % 4),
                "enable_stime": "00:00",
                "enable_etime": "23:59",
                "enable_days_of_week": "0 1 2 3 4 5 6",
                "enable_in_bg": int(i % 6 == 0),
                "notify_recovered": 1,
                "notify_channels": " ".join(CHANNELS[: 1 + i % 3]),
                "notify_groups": f"{p.id(i % p.tiny)}",
                "notify_repeat_step": 60,
                "notify_max_number": i % 3,
                "recover_duration": 0,
                "callbacks": f"https://hooks.example.com/n9e?rule={rid}&token=abc",
                "runbook_url": None if i % 2 else f"https://wiki.example.com/runbooks/{rid}",
                "append_tags": "service=n9e team=sre",
                "annotations": annotations(i),
                "extra_config": js({"enrich_queries": [], "tags_filter": {"ident": "web.*"}}),
                **audit(p, i),
                "datasource_queries": js([{"match_type": 0, "op": "in", "values": [p.id(i % 3)]}]),
                "cron_pattern": None if i % 3 else "@every 30s",
                "notify_rule_ids": pick(("", js([p.id(0)]), js([p.id(0), p.id(1)])), i),
                "notify_version": i % 2,
                "pipeline_configs": None if i % 2 else js([{"pipeline_id": p.id(0), "enable": True}]),
                "time_zone": pick(("", "Asia/Shanghai", "Europe/Paris"), i),
            }
        )
    return rows_of(records)


def alert_mutes(p: Plan) -> Table:
    records = []
    for i in range(p.tiny):
        matchers = js(
            [{"key": "ident", "func": "=~", "value": f"web-{i}.*"}, {"key": "env", "func": "==", "value": "生产"}]
        )
        records.append(
            {
                "id": p.id(i),
                "group_id": p.id(i % p.tiny),
                "prod": "metric",
                "note": pick(("变更窗口 maintenance", "", "🚧 deploy"), i),
                "cate": "prometheus",
                "cluster": "",
                "datasource_ids": js([p.id(0)]),
                "tags": None if p.since("v7.0.0") and i % 4 == 3 else matchers,
                "cause": pick(("release 2024-06", "机房搬迁", ""), i),
                "btime": p.time(i),
                "etime": p.time(i) + 7_200,
                "disabled": int(i % 5 == 4),
                "mute_time_type": i % 2,
                "periodic_mutes": js([{"enable_stime": "02:00", "enable_etime": "04:00", "enable_days_of_week": "6"}])
                if i % 2
                else "",
                "severities": "1 2 3",
                **audit(p, i),
                "mute_type": i % 2,
            }
        )
    return rows_of(records)


def alert_subscribes(p: Plan) -> Table:
    optional = p.since("v7.7.2")
    records = []
    for i in range(p.tiny):
        records.append(
            {
                "id": p.id(i),
                "name": f"订阅 {i} 📮",
                "disabled": int(i % 6 == 5),
                "group_id": p.id(i % p.tiny),
                "prod": "metric",
                "cate": "prometheus",
                "datasource_ids": js([p.id(0)]),
                "cluster": "",
                "rule_id": p.id(i % p.small),
                "severities": "1 2",
                "tags": js([{"key": "service", "func": "in", "value": "n9e api"}]),
                "redefine_severity": None if i % 5 == 4 else i % 2,
                "new_severity": 1 + i % 3,
                "redefine_channels": i % 2,
                "new_channels": "email",
                "user_group_ids": f"{p.id(0)} {p.id(1)}",
                "busi_groups": None if optional and i % 3 == 2 else js([{"key": "groups", "func": "==", "value": "1"}]),
                "note": None if i % 4 == 3 else "on-call handover",
                "webhooks": js([f"https://hooks.example.com/{i}"]),
                "extra_config": js({"retry": 3}),
                "redefine_webhooks": 0,
                "for_duration": 60 * (i % 5),
                **audit(p, i),
                "rule_ids": None if optional and i % 3 == 1 else js([p.id(i % p.small), p.id((i + 1) % p.small)]),
                "notify_rule_ids": "",
                "notify_version": 0,
            }
        )
    return rows_of(records)


def target_ident(p: Plan, index: int) -> str:
    return f"{HOST_KINDS[index % 6]}-{p.batch}-{index:07d}.example.com"
