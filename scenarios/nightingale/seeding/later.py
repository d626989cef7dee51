"""Rows of the tables added from v7.0.0 on: ibex tasks, builtin metrics and payloads, busi group memberships,
notification rules and channels, embedded products, tokens, annotations, pipelines and saved views."""

from __future__ import annotations

import datetime as dt

from .core import Table, audit, boards, embedded_dashboards, rows_of, target_ident
from .plan import BASE_TIME, CHANNELS, LONG_NOTE, PROMQL, Plan, Row, js, pick


def board_busigroups(p: Plan) -> Table:
    """Boards shared with busi groups (public_cate 2), each with two groups."""
    _, board_rows = boards(p)[0]
    pairs = sorted(
        {(p.id((i + k) % p.tiny), row[0]) for i, row in enumerate(board_rows) if i % 3 == 2 for k in range(2)}
    )
    return ("busi_group_id", "board_id"), pairs


def builtin_metrics(p: Plan) -> Table:
    records = []
    for i in range(p.small):
        mid = p.id(i)
        records.append(
            {
                "id": mid,
                "collector": pick(("Categraf", "Exporter"), i),
                "typ": pick(("Linux", "MySQL", "Redis", "Kubernetes"), i),
                "name": f"{pick(('cpu_usage_idle', 'mem_used_percent', 'mysql_up'), i)}_{mid}",
                "unit": pick(("percent", "bytesIEC", "none"), i),
                "lang": pick(("zh_CN", "en_US"), i),
                "note": pick(("CPU 空闲率", "Memory used, in percent", LONG_NOTE), i),
                "expression": pick(PROMQL, i),
                "created_at": p.time(i),
                "created_by": "system",
                "updated_at": p.time(i, 60),
                "updated_by": "system",
                "translation": None if i % 2 else js([{"lang": "en_US", "name": "CPU idle", "note": "idle"}]),
                "expression_type": pick(("promql", "metric_name"), i),
                "metric_type": pick(("gauge", "counter", ""), i),
                "extra_fields": None if i % 3 else js({"owner": "sre", "labels": ["cpu", "host"]}),
            }
        )
    return rows_of(records)


def metric_filters(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "name": f"{pick(('只看生产', 'edge nodes', 'GPU 🎮'), i)} {p.id(i)}",
                "configs": js({"filters": [{"key": "env", "op": "=", "value": "prod"}]}),
                "groups_perm": None if i % 2 else js([{"gid": p.id(0), "write": True}]),
                **audit(p, i),
            }
            for i in range(p.tiny)
        ]
    )


COMPONENTS = ("Linux", "MySQL", "Redis", "Kubernetes", "Nginx", "Elasticsearch")


def builtin_components(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "ident": f"{pick(COMPONENTS, i)}-{p.id(i)}",  # unique from v7.3.4 on
                "logo": f"/image/logos/{str(pick(COMPONENTS, i)).lower()}.png",
                "readme": f"# {pick(COMPONENTS, i)}\n\n采集说明 📦\n\n" + LONG_NOTE,
                "created_at": p.time(i),
                "created_by": "system",
                "updated_at": p.time(i, 60),
                "updated_by": "system",
            }
            for i in range(p.tiny)
        ]
    )


def builtin_payloads(p: Plan) -> Table:
    records = []
    for i in range(p.small):
        size = 3000 if i == 0 else 3  # one large dashboard payload per batch
        content = js({"name": f"dash {i}", "panels": [{"id": k, "expr": pick(PROMQL, k)} for k in range(size)]})
        records.append(
            {
                "id": p.id(i),
                "uuid": 1_717_000_000_000_000 + p.id(i),
                "type": pick(("alert", "dashboard", "collect"), i),
                "component": pick(COMPONENTS, i),
                "cate": pick(("categraf", "exporter"), i),
                "name": f"{pick(('Linux 主机', 'MySQL overview', 'Redis 🧱'), i)} {p.id(i)}",
                "tags": pick(("", "host", "db cache"), i),
                "content": content,
                "created_at": p.time(i),
                "created_by": "system",
                "updated_at": p.time(i, 60),
                "updated_by": "system",
                "component_id": p.id(i % p.tiny),
                "note": pick(("", "说明", "imported 📥"), i),
            }
        )
    return rows_of(records)


def ibex(p: Plan) -> list[tuple[str, Table]]:
    """ibex's task tables; each task's hosts land in task_host_<task id % 100>."""
    meta, actions, schedulers, doing = [], [], [], []
    hosts: dict[str, list[Row]] = {}
    for i in range(p.tiny):
        tid = p.id(i)
        meta.append(
            {
                "id": tid,
                "title": pick(("重启 nginx", "rotate logs", "deploy 🚀 api"), i),
                "account": "root",
                "batch": i % 3,
                "tolerance": 0,
                "timeout": 60,
                "pause": "",
                "script": '#!/bin/sh\necho "done ✅"\n',
                "args": "",
                "stdin": "" if i % 2 else "yes\n",
                "creator": "root",
                "created": dt.datetime(2024, 6, 1, 12, 0, 0) + dt.timedelta(minutes=i, days=p.batch),
            }
        )
        actions.append({"id": tid, "action": pick(("start", "pause", "cancel", "kill"), i), "clock": p.time(i)})
        schedulers.append({"id": tid, "scheduler": f"10.0.{p.batch}.1:20090"})
        for k in range(2):
            host = target_ident(p, 2 * i + k)
            doing.append({"id": tid, "host": host, "clock": p.time(i), "action": "start"})
            status = pick(("success", "failed", "running"), i + k)
            output = ("ok\n" * (k + 1)) if status == "success" else None
            hosts.setdefault(f"task_host_{tid % 100}", []).append(
                (p.id(2 * i + k), tid, host, status, output, "exit status 1: 权限不足" if status == "failed" else None)
            )
    health = [{"scheduler": f"10.0.{p.batch}.{k + 1}:20090", "clock": BASE_TIME + k} for k in range(2)]
    out = [
        ("task_meta", rows_of(meta)),
        ("task_action", rows_of(actions)),
        ("task_scheduler", rows_of(schedulers)),
        ("task_scheduler_health", rows_of(health)),
        ("task_host_doing", rows_of(doing)),
    ]
    columns = ("ii", "id", "host", "status", "stdout", "stderr")
    out.extend((name, (columns, rows)) for name, rows in sorted(hosts.items()))
    return out


def notify_rules(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "name": f"{pick(('值班通知', 'DBA pager 📟', 'mail digest'), i)} {p.id(i)}",
                "description": None if i % 3 == 2 else "route by severity",
                "enable": int(i % 4 != 3),
                "user_group_ids": js([p.id(0), p.id(1)]),
                "notify_configs": js(
                    [{"channel_id": p.id(i % len(CHANNELS)), "template_id": p.id(0), "params": {"user_ids": [p.id(0)]}}]
                ),
                "pipeline_configs": None if i % 2 else js([{"pipeline_id": p.id(0), "enable": True}]),
                **audit(p, i),
                "extra_config": None if i % 2 else js({"timezone": "Asia/Shanghai"}),
            }
            for i in range(p.tiny)
        ]
    )


def notify_channels(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "name": channel.title(),
                "ident": f"{channel}{p.suffix}",
                "description": None if i % 2 else f"{channel} 通知渠道",
                "enable": int(i % 3 != 2),
                "param_config": js({"user_info": {"contact_key": "phone"}}),
                "request_type": pick(("http", "smtp", "script"), i),
                "request_config": js(
                    {"http_request_config": {"url": f"https://{channel}.example.com/send", "method": "POST"}}
                ),
                "weight": i,
                **audit(p, i),
            }
            for i, channel in enumerate(CHANNELS)
        ]
    )


def message_templates(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "name": f"{channel} 模板",
                "ident": f"{channel}{p.suffix}",
                "content": js({"title": "{{$event.RuleName}}", "content": "🚨 {{$event.TriggerValue}}"}),
                "user_group_ids": None if i % 2 else js([p.id(0)]),
                "notify_channel_ident": f"{channel}{p.suffix}",
                "private": i % 2,
                "weight": i,
                **audit(p, i),
                "lang": pick(("zh_CN", "en_US", ""), i),
            }
            for i, channel in enumerate(CHANNELS)
        ]
    )


def event_pipelines(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "name": f"{pick(('去重', 'enrich with CMDB', 'drop test 🧪'), i)} {p.id(i)}",
                "team_ids": js([p.id(0)]),
                "description": "",
                "filter_enable": i % 2,
                "label_filters": js([{"key": "env", "op": "==", "value": "prod"}]),
                "attribute_filters": None if i % 2 else js([{"key": "severity", "op": "in", "value": "1 2"}]),
                "processors": js([{"typ": "relabel", "config": {"source_labels": ["ident"], "regex": "(.*)"}}]),
                **audit(p, i),
            }
            for i in range(p.tiny)
        ]
    )


def embedded_products(p: Plan) -> Table:
    """What a v8.0.0+ server holds: the migrated dashboards (first batch) plus products created since."""
    entries = [(d["name"], d["url"]) for d in embedded_dashboards()] if p.batch == 0 else []
    entries += [(f"产品 {k} 🧩{p.suffix}", f"https://apps.example.com/{p.batch}/{k}") for k in range(2)]
    return rows_of(
        [
            {
                "id": p.id(i),
                "name": name,
                "url": url,
                "is_private": None if i == 3 else int(i % 2 == 1),
                "team_ids": js([p.id(0)]) if i % 2 else "[]",
                **audit(p, i, "system"),
            }
            for i, (name, url) in enumerate(entries)
        ]
    )


def user_tokens(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "username": f"root{p.id(0)}",
                "token_name": pick(("ci", "grafana", "脚本"), i),
                "token": f"{p.id(i):032x}",
                "create_at": p.time(i),
                "last_used": 0 if i % 2 else p.time(i, 600),
            }
            for i in range(p.tiny)
        ]
    )


def dash_annotations(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "dashboard_id": p.id(i % p.tiny),
                "panel_id": f"p{i % 6}",
                "tags": js(["release", "v9 🚀"]),
                "description": None if i % 3 == 2 else "发布窗口 deploy window",
                "config": None if i % 2 else js({"color": "#ff0000"}),
                "time_start": p.time(i),
                "time_end": p.time(i) + 600,
                **audit(p, i),
            }
            for i in range(p.tiny)
        ]
    )


def source_tokens(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "source_type": pick(("dashboard", "event"), i),
                "source_id": str(p.id(i % p.tiny)),
                "token": f"st{p.id(i):030x}",
                "expire_at": p.time(i) + 86_400 * 7,
                "create_at": p.time(i),
                "create_by": "root",
            }
            for i in range(p.tiny)
        ]
    )
