"""Baseline tables that describe configuration: datasources, views, recording rules, job templates, templates."""

from __future__ import annotations

from .core import Table, audit, rows_of
from .plan import CHANNELS, LONG_NOTE, PROMQL, Plan, js, pick

PLUGINS = (
    ("prometheus", "Prometheus Like", "timeseries"),
    ("elasticsearch", "Elasticsearch", "logging"),
    ("loki", "Loki", "logging"),
    ("tdengine", "TDengine", "timeseries"),
)


def datasources(p: Plan) -> Table:
    records = []
    for i in range(max(3, p.tiny // 4)):
        plugin, plugin_name, category = pick(PLUGINS, i)  # type: ignore[misc]
        is_default: int | None = int(i == 0)
        if p.since("v7.2.0") and i % 4 == 3:
            is_default = None  # allowed from v7.2.0 on
        records.append(
            {
                "id": p.id(i),
                "name": f"{plugin}-{p.id(i)}",
                "description": pick(("生产集群 📈", "", "archive, 90 days"), i),
                "category": category,
                "plugin_id": i % 4 + 1,
                "plugin_type": plugin,
                "plugin_type_name": plugin_name,
                "cluster_name": "default",
                "settings": js({f"{plugin}.addr": f"http://{plugin}-{i}:9090", "write_addr": "", "timeout": 10_000}),
                "status": pick(("enabled", "disabled"), i),
                "http": js({"timeout": 10_000, "dial_timeout": 3_000, "url": f"http://{plugin}-{i}:9090/"}),
                "auth": js({"basic_auth": i % 2 == 1, "basic_auth_user": "reader", "basic_auth_password": "p@ss'w\"d"}),
                "is_default": is_default,
                "created_at": p.time(i),
                "created_by": "root",
                "updated_at": p.time(i, 60),
                "updated_by": "root",
                "weight": i,
            }
        )
    return rows_of(records)


def metric_views(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "name": pick(("Host View", "主机视图", "K8s 🚢"), i),
                "cate": i % 2,
                "configs": js({"filters": [{"oper": "=", "label": "__name__", "value": "cpu_usage_idle"}]}),
                "create_at": p.time(i),
                "create_by": p.id(0),
                "update_at": p.time(i, 60),
            }
            for i in range(p.tiny)
        ]
    )


def alert_aggr_views(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "name": pick(("By BusiGroup, Severity", "按规则名", "By target 🎯"), i),
                "rule": pick(("field:group_name::field:severity", "field:rule_name", "tagkey:ident"), i),
                "cate": i % 2,
                "create_at": p.time(i),
                "create_by": p.id(0),
                "update_at": p.time(i, 60),
            }
            for i in range(p.tiny)
        ]
    )


def recording_rules(p: Plan) -> Table:
    records = []
    for i in range(p.tiny):
        records.append(
            {
                "id": p.id(i),
                "group_id": p.id(i % p.tiny),
                "datasource_ids": js([p.id(0)]),
                "cluster": "",
                "name": f"job:cpu_usage:avg{p.id(i)}",
                "note": pick(("", "预聚合", "pre-aggregation 📉"), i),
                "disabled": int(i % 4 == 3),
                "prom_ql": "avg by (job) (" + pick(PROMQL, i).split(" ")[0] + ")",
                "prom_eval_interval": 60,
                "append_tags": None if i % 3 == 2 else "source=recording",
                "query_configs": js([{"exp": "A", "queries": [{"ref": "A", "prom_ql": pick(PROMQL, i)}]}]),
                "create_at": p.time(i),
                "create_by": None if i % 5 == 4 else "root",
                "update_at": p.time(i, 60),
                "update_by": "root",
                "cron_pattern": pick(("", "@every 1m", None), i),
                "datasource_queries": None if i % 2 else js([{"match_type": 0, "op": "in", "values": [p.id(0)]}]),
            }
        )
    return rows_of(records)


def _task(p: Plan, i: int) -> dict[str, object]:
    return {
        "title": pick(("重启 nginx", "rotate logs", "deploy 🚀 api"), i),
        "account": "root",
        "batch": i % 3,
        "tolerance": i % 2,
        "timeout": 30 + i,
        "pause": "",
        "script": "#!/bin/sh\nset -e\necho 'hello 👋 from '\"$(hostname)\"\nsystemctl reload nginx\n",
        "args": pick(("", "--force", "-n 10"), i),
    }


def task_templates(p: Plan) -> tuple[Table, Table]:
    templates, hosts = [], []
    for i in range(p.tiny):
        templates.append(
            {"id": p.id(i), "group_id": p.id(i % p.tiny), **_task(p, i), "tags": "ops nightly", **audit(p, i)}
        )
        for k in range(2):
            hosts.append({"ii": p.id(2 * i + k), "id": p.id(i), "host": f"web-{p.batch}-{(2 * i + k):07d}.example.com"})
    return rows_of(templates), rows_of(hosts)


def task_records(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "event_id": p.id(i % p.big) if i % 2 else 0,
                "group_id": p.id(i % p.tiny),
                "ibex_address": "http://ibex:10090",
                "ibex_auth_user": "ibex",
                "ibex_auth_pass": "s3cr3t",
                **_task(p, i),
                "create_at": p.time(i),
                "create_by": "root",
            }
            for i in range(p.tiny)
        ]
    )


def alerting_engines(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "instance": f"10.0.{p.batch}.{i + 1}:17000",
                "datasource_id": p.id(i % 3),
                "engine_cluster": "default",
                "clock": p.time(i, 5),
            }
            for i in range(3)
        ]
    )


def notify_templates(p: Plan) -> Table:
    body = (
        "{{if .IsRecovered}}✅ 已恢复{{else}}🚨 告警{{end}}: {{.RuleName}}\n"
        "级别: S{{.Severity}}\n{{range $k, $v := .TagsMap}}{{$k}}: {{$v}}\n{{end}}"
    )
    return rows_of(
        [
            {
                "id": p.id(i),
                "channel": f"{channel}{p.suffix}",
                "name": channel.title(),
                "content": body if i else body + LONG_NOTE,
                **audit(p, i),
            }
            for i, channel in enumerate(CHANNELS)
        ]
    )


def sso_configs(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "name": f"{name}{p.suffix}",
                "content": f"Enable = {str(i % 2 == 0).lower()}\nDisplayName = '{name} 登录'\nRedirectURL = 'http://n9e/callback'\n",
                "update_at": p.time(i),
            }
            for i, name in enumerate(("LDAP", "CAS", "OIDC", "OAuth2"))
        ]
    )


def index_patterns(p: Plan) -> Table:
    return rows_of(
        [
            {
                "id": p.id(i),
                "datasource_id": p.id(1),
                "name": f"logs-{p.id(i)}-*",
                "time_field": pick(("@timestamp", "time"), i),
                "allow_hide_system_indices": i % 2,
                "fields_format": js([{"field": "message", "format": "text"}]) if i % 2 else "",
                "create_at": None if i % 4 == 3 else p.time(i),
                "create_by": "root",
                "update_at": p.time(i, 60),
                "update_by": "root",
            }
            for i in range(p.tiny)
        ]
    )
