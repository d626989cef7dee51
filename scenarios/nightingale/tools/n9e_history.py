"""Every version of the Nightingale schema, each built from its predecessor: the model the install scripts come from."""

from __future__ import annotations

from collections.abc import Callable

from n9e_baseline import BASELINE, C, audit, ident, key, unique
from n9e_model import Column, Schema, Table

TASK_HOST_TABLES = 100


def task_host_table(number: int) -> Table:
    """ibex spreads task output over task_host_0 .. task_host_99 by task id modulo 100."""
    name = f"task_host_{number}"
    return Table(
        name,
        (
            C("ii", "ubigint", auto=True),
            C("id", "ubigint", comment="task id"),
            C("host", "varchar(128)"),
            C("status", "varchar(32)"),
            C("stdout", "text", nullable=True),
            C("stderr", "text", nullable=True),
        ),
        primary_key=("ii",),
        indexes=(unique("id", "host", name="idx_id_host", pg_name=f"{name}_id_host_key"),),
    )


def v7_0_0(s: Schema) -> Schema:
    s = s.with_tables("v7.0.0")
    s = s.add_columns("users", C("belong", "varchar(16)", default="''", comment="belong"))
    s = s.add_columns("users", C("last_active_time", "bigint", default="0"))
    s = s.add_columns(
        "alert_subscribe", C("rule_ids", "varchar(1024)", nullable=True, default="''", comment="rule ids")
    )
    s = s.add_columns(
        "target", C("engine_name", "varchar(255)", nullable=True, default="''", comment="engine name")
    )
    s = s.add_index("target", key("engine_name", name="idx_engine_name"))
    s = s.add_columns("board", C("public_cate", "int", default="0", comment="0: anonymous 1: login 2: busi"))
    matchers = C("tags", "varchar(4096)", nullable=True, default="'[]'", comment="json matchers: key, func, value")
    s = s.modify_column("alert_mute", matchers)
    s = s.modify_column("datasource", C("is_default", "bool", default="0", comment="is the default datasource"))
    s = s.add_columns("recording_rule", C("cron_pattern", "varchar(255)", nullable=True, default="''"))
    original = C("original_tags", "text", nullable=True, comment="labels key=val,,k2=v2")
    s = s.add_columns("alert_cur_event", original)
    s = s.add_columns("alert_his_event", original)
    s = s.add_columns("sso_config", C("update_at", "bigint", default="0"))
    s = s.with_tables(
        "v7.0.0",
        Table(
            "board_busigroup",
            (
                C("busi_group_id", "bigint", default="0", comment="busi group id"),
                C("board_id", "bigint", default="0", comment="board id"),
            ),
            primary_key=("busi_group_id", "board_id"),
        ),
        Table(
            "builtin_metrics",
            (
                ident(),
                C("collector", "varchar(191)", comment="collector type"),
                C("typ", "varchar(191)", comment="metric type"),
                C("name", "varchar(191)", comment="metric name"),
                C("unit", "varchar(191)", comment="unit"),
                C("lang", "varchar(191)", default="''", comment="language"),
                C("note", "varchar(4096)", comment="description"),
                C("expression", "varchar(4096)", comment="expression"),
                C("created_at", "bigint", default="0"),
                C("created_by", "varchar(191)", default="''"),
                C("updated_at", "bigint", default="0"),
                C("updated_by", "varchar(191)", default="''"),
            ),
            indexes=(
                unique("lang", "collector", "typ", "name", name="idx_collector_typ_name"),
                key("collector", name="idx_collector"),
                key("typ", name="idx_typ"),
                key("name", name="idx_name", pg_name="idx_builtin_metrics_name"),
                key("lang", name="idx_lang"),
            ),
        ),
        Table(
            "metric_filter",
            (
                C("id", "bigint", auto=True),
                C("name", "varchar(191)", comment="filter name"),
                C("configs", "varchar(4096)", comment="filter configuration"),
                C("groups_perm", "text", nullable=True),
                *audit(191),
            ),
            indexes=(key("name", name="idx_name", pg_name="idx_metric_filter_name"),),
        ),
        Table(
            "builtin_components",
            (
                ident(),
                C("ident", "varchar(191)", comment="component identifier"),
                C("logo", "varchar(191)", comment="component logo"),
                C("readme", "text", comment="component readme"),
                C("created_at", "bigint", default="0"),
                C("created_by", "varchar(191)", default="''"),
                C("updated_at", "bigint", default="0"),
                C("updated_by", "varchar(191)", default="''"),
            ),
            indexes=(key("ident", name="idx_ident", pg_name="idx_builtin_components_ident"),),
        ),
        Table(
            "builtin_payloads",
            (
                C("id", "bigint", auto=True),
                C("uuid", "bigint", comment="payload uuid"),
                C("type", "varchar(191)", comment="payload type"),
                C("component", "varchar(191)", comment="component"),
                C("cate", "varchar(191)", comment="category"),
                C("name", "varchar(191)", comment="payload name"),
                C("tags", "varchar(191)", default="''", comment="tags"),
                C("content", "longtext", comment="payload content"),
                C("created_at", "bigint", default="0"),
                C("created_by", "varchar(191)", default="''"),
                C("updated_at", "bigint", default="0"),
                C("updated_by", "varchar(191)", default="''"),
            ),
            indexes=(
                key("component", name="idx_component"),
                key("name", name="idx_name", pg_name="idx_builtin_payloads_name"),
                key("cate", name="idx_cate"),
                key("uuid", name="idx_uuid"),
                key("type", name="idx_type"),
            ),
        ),
        Table(
            "task_meta",
            (
                ident(),
                C("title", "varchar(255)", default="''"),
                C("account", "varchar(64)"),
                C("batch", "uint", default="0"),
                C("tolerance", "uint", default="0"),
                C("timeout", "uint", default="0"),
                C("pause", "varchar(255)", default="''"),
                C("script", "text"),
                C("args", "varchar(512)", default="''"),
                C("stdin", "varchar(1024)", default="''"),
                C("creator", "varchar(64)", default="''"),
                C("created", "timestamp", default="CURRENT_TIMESTAMP"),
            ),
            indexes=(key("creator"), key("created")),
        ),
        Table(
            "task_action",
            (C("id", "ubigint"), C("action", "varchar(32)"), C("clock", "bigint", default="0")),
        ),
        Table(
            "task_scheduler",
            (C("id", "ubigint"), C("scheduler", "varchar(128)", default="''")),
            primary_key=(),
            indexes=(key("id", "scheduler"),),
        ),
        Table(
            "task_scheduler_health",
            (C("scheduler", "varchar(128)"), C("clock", "bigint")),
            primary_key=(),
            indexes=(unique("scheduler"), key("clock")),
        ),
        Table(
            "task_host_doing",
            (
                C("id", "ubigint"),
                C("host", "varchar(128)"),
                C("clock", "bigint", default="0"),
                C("action", "varchar(16)"),
            ),
            primary_key=(),
            indexes=(key("id"), key("host")),
        ),
        *(task_host_table(number) for number in range(TASK_HOST_TABLES)),
    )
    return s


def v7_1_0(s: Schema) -> Schema:
    s = s.with_tables("v7.1.0")
    s = s.add_columns("target", C("os", "varchar(31)", nullable=True, default="''", comment="os type"))
    return s.add_index("target", key("os", name="idx_os"))


def v7_2_0(s: Schema) -> Schema:
    s = s.with_tables(
        "v7.2.0",
        Table(
            "notification_record",
            (
                C("id", "bigint", auto=True),
                C("event_id", "bigint", comment="alert_his_event id"),
                C("sub_id", "bigint", comment="subscription id"),
                C("channel", "varchar(255)", comment="notification channel"),
                C("status", "tinyint", default="0", comment="notification status"),
                C("target", "varchar(1024)", comment="notification target"),
                C("details", "varchar(2048)", nullable=True, comment="other information"),
                C("created_at", "bigint", comment="create time"),
            ),
            indexes=(key("event_id", name="idx_evt"),),
        ),
    )
    return s.modify_column(
        "datasource", C("is_default", "bool", nullable=True, default="0", comment="is the default datasource")
    )


def v7_3_4(s: Schema) -> Schema:
    s = s.with_tables("v7.3.4")
    s = s.add_columns("target", C("host_tags", "text", nullable=True, comment="global labels from the agent config"))
    s = s.add_columns("builtin_payloads", C("component_id", "bigint", default="0", comment="component id"))
    s = s.drop_index("builtin_components", "idx_ident")
    return s.add_index(
        "builtin_components", unique("ident", name="idx_ident", pg_name="idx_builtin_components_ident")
    )


def v7_4_0(s: Schema) -> Schema:
    return s.with_tables(
        "v7.4.0",
        Table(
            "target_busi_group",
            (
                C("id", "bigint", auto=True),
                C("target_ident", "varchar(191)"),
                C("group_id", "bigint"),
                C("update_at", "bigint"),
            ),
            indexes=(unique("target_ident", "group_id", name="idx_target_group"),),
        ),
    )


def v7_7_2(s: Schema) -> Schema:
    s = s.with_tables("v7.7.2")
    s = s.add_columns("alert_rule", C("datasource_queries", "text", nullable=True))
    s = s.add_columns("recording_rule", C("datasource_queries", "text", nullable=True))
    s = s.modify_column("alert_subscribe", C("rule_ids", "varchar(1024)", nullable=True))
    return s.modify_column("alert_subscribe", C("busi_groups", "varchar(4096)", nullable=True))


def _notify_link_columns() -> tuple[Column, ...]:
    return (
        C("notify_rule_ids", "varchar(1024)", nullable=True, default="''"),
        C("notify_version", "int", nullable=True, default="0"),
    )


def v8_0_0(s: Schema) -> Schema:
    s = s.with_tables("v8.0.0")
    s = s.add_columns("alert_rule", C("cron_pattern", "varchar(64)", nullable=True), *_notify_link_columns())
    s = s.add_columns("alert_subscribe", *_notify_link_columns())
    s = s.add_columns("builtin_metrics", C("translation", "text", nullable=True, comment="translations (json)"))
    s = s.drop_index("builtin_metrics", "idx_collector_typ_name")
    s = s.add_columns("notification_record", C("notify_rule_id", "bigint", default="0"))
    return s.with_tables(
        "v8.0.0",
        Table(
            "notify_rule",
            (
                ident(),
                C("name", "varchar(255)"),
                C("description", "text", nullable=True),
                C("enable", "bool", default="0"),
                C("user_group_ids", "varchar(255)", default="''"),
                C("notify_configs", "text", nullable=True),
                C("pipeline_configs", "text", nullable=True),
                *audit(),
            ),
        ),
        Table(
            "notify_channel",
            (
                ident(),
                C("name", "varchar(255)"),
                C("ident", "varchar(255)"),
                C("description", "text", nullable=True),
                C("enable", "bool", default="0"),
                C("param_config", "text", nullable=True),
                C("request_type", "varchar(50)"),
                C("request_config", "text", nullable=True),
                C("weight", "int", default="0"),
                *audit(),
            ),
        ),
        Table(
            "message_template",
            (
                ident(),
                C("name", "varchar(64)"),
                C("ident", "varchar(64)"),
                C("content", "text", nullable=True),
                C("user_group_ids", "varchar(64)", nullable=True),
                C("notify_channel_ident", "varchar(64)", default="''"),
                C("private", "int", default="0"),
                C("weight", "int", default="0"),
                *audit(),
            ),
        ),
        Table(
            "event_pipeline",
            (
                ident(),
                C("name", "varchar(128)"),
                C("team_ids", "text", nullable=True),
                C("description", "varchar(255)", default="''"),
                C("filter_enable", "flag", default="0"),
                C("label_filters", "text", nullable=True),
                C("attribute_filters", "text", nullable=True),
                C("processors", "text", nullable=True),
                *audit(),
            ),
        ),
        Table(
            "embedded_product",
            (
                ident(),
                C("name", "varchar(255)", nullable=True),
                C("url", "varchar(255)", nullable=True),
                C("is_private", "bool", nullable=True),
                C("team_ids", "varchar(255)", nullable=True),
                *audit(),
            ),
        ),
        Table(
            "user_token",
            (
                C("id", "bigint", auto=True),
                C("username", "varchar(255)", default="''"),
                C("token_name", "varchar(255)", default="''"),
                C("token", "varchar(255)", default="''"),
                C("create_at", "bigint", default="0"),
                C("last_used", "bigint", default="0"),
            ),
        ),
        Table(
            "dash_annotation",
            (
                ident(),
                C("dashboard_id", "bigint", comment="dashboard id"),
                C("panel_id", "varchar(191)", comment="panel id"),
                C("tags", "text", nullable=True, comment="tags (json array)"),
                C("description", "text", nullable=True, comment="annotation text"),
                C("config", "text", nullable=True, comment="annotation config"),
                C("time_start", "bigint", default="0", comment="start time"),
                C("time_end", "bigint", default="0", comment="end time"),
                *audit(),
            ),
            indexes=(key("dashboard_id", name="idx_dashboard_id"),),
        ),
        Table(
            "source_token",
            (
                ident(),
                C("source_type", "varchar(64)", default="''", comment="source type"),
                C("source_id", "varchar(255)", default="''", comment="source id"),
                C("token", "varchar(255)", default="''", comment="access token"),
                C("expire_at", "bigint", default="0", comment="expire time"),
                C("create_at", "bigint", default="0", comment="create time"),
                C("create_by", "varchar(64)", default="''", comment="creator"),
            ),
            indexes=(key("source_type", "source_id", "token", name="idx_source_type_id_token"),),
        ),
    )


def v8_4_1(s: Schema) -> Schema:
    s = s.with_tables("v8.4.1")
    s = s.add_columns("notify_rule", C("extra_config", "text", nullable=True, comment="extra config"))
    s = s.modify_column("users", C("phone", "varchar(1024)", default="''"))
    return s.add_columns("alert_rule", C("pipeline_configs", "text", nullable=True, comment="pipeline configs"))


def v8_5_1(s: Schema) -> Schema:
    s = s.with_tables("v8.5.1")
    s = s.add_columns("board", C("note", "varchar(1024)", default="''", comment="note"))
    s = s.add_columns("builtin_payloads", C("note", "varchar(1024)", default="''", comment="note of the payload"))
    s = s.add_columns(
        "builtin_metrics",
        C("expression_type", "varchar(32)", default="'promql'", comment="metric_name or promql"),
        C("metric_type", "varchar(191)", default="''", comment="counter, gauge, ..."),
        C("extra_fields", "text", nullable=True, comment="custom fields"),
    )
    return s.with_tables(
        "v8.5.1",
        Table(
            "event_pipeline_execution",
            (
                C("id", "varchar(36)", comment="execution id"),
                C("pipeline_id", "bigint", comment="pipeline id"),
                C("pipeline_name", "varchar(128)", nullable=True, default="''", comment="pipeline name"),
                C("event_id", "bigint", nullable=True, default="0", comment="alert event id"),
                C("mode", "varchar(16)", default="'event'", comment="event, api or cron"),
                C("status", "varchar(16)", default="'running'", comment="running, success or failed"),
                C("node_results", "mediumtext", nullable=True, comment="node results (json)"),
                C("error_message", "varchar(1024)", nullable=True, default="''"),
                C("error_node", "varchar(36)", nullable=True, default="''"),
                C("created_at", "bigint", default="0", comment="start time"),
                C("finished_at", "bigint", nullable=True, default="0", comment="finish time"),
                C("duration_ms", "bigint", nullable=True, default="0"),
                C("trigger_by", "varchar(64)", nullable=True, default="''"),
                C("env_snapshot", "text", nullable=True, comment="environment snapshot, secrets removed"),
            ),
            indexes=(
                key("pipeline_id", name="idx_pipeline_id"),
                key("event_id", name="idx_event_id", pg_name="idx_epe_event_id"),
                key("mode", name="idx_mode"),
                key("status", name="idx_status", pg_name="idx_epe_status"),
                key("created_at", name="idx_created_at", pg_name="idx_epe_created_at"),
            ),
            comment="event pipeline executions",
        ),
        Table(
            "saved_view",
            (
                C("id", "bigint", auto=True),
                C("name", "varchar(255)", comment="view name"),
                C("page", "varchar(64)", comment="page"),
                C("filter", "text", nullable=True, comment="filter (json)"),
                C("public_cate", "int", default="0", comment="0: self 1: team 2: all"),
                C("gids", "text", nullable=True, comment="team ids (json)"),
                *audit(),
            ),
            indexes=(key("page", name="idx_page"), key("create_by", name="idx_create_by")),
            comment="saved views of pages",
        ),
        Table(
            "user_view_favorite",
            (
                C("id", "bigint", auto=True),
                C("view_id", "bigint", comment="saved view id"),
                C("user_id", "bigint", comment="user id"),
                C("create_at", "bigint", default="0"),
            ),
            indexes=(key("view_id", name="idx_view_id"), key("user_id", name="idx_user_id")),
            comment="favourite views of users",
        ),
    )


def _ai_audit() -> tuple[Column, ...]:
    return (
        C("created_at", "bigint", default="0"),
        C("created_by", "varchar(64)", default="''"),
        C("updated_at", "bigint", default="0"),
        C("updated_by", "varchar(64)", default="''"),
    )


def v9_0_0(s: Schema) -> Schema:
    s = s.with_tables(
        "v9.0.0",
        Table(
            "ai_llm_config",
            (
                ident(),
                C("name", "varchar(255)", default="''"),
                C("description", "varchar(1024)", default="''"),
                C("api_type", "varchar(64)", default="''", comment="openai, ..."),
                C("api_url", "varchar(1024)", default="''"),
                C("api_key", "varchar(1024)", default="''"),
                C("model", "varchar(255)", default="''"),
                C("extra_config", "text", nullable=True),
                C("enabled", "flag", default="0"),
                C("is_default", "flag", default="0"),
                *_ai_audit(),
            ),
            indexes=(key("name", name="idx_name", pg_name="idx_ai_llm_config_name"),),
            comment="ai llm configs",
        ),
        Table(
            "ai_agent",
            (
                ident(),
                C("name", "varchar(255)", default="''"),
                C("description", "varchar(1024)", default="''"),
                C("use_case", "varchar(64)", default="''"),
                C("llm_config_id", "bigint", default="0"),
                C("skill_ids", "text", nullable=True),
                C("mcp_server_ids", "text", nullable=True),
                C("enabled", "flag", default="0"),
                *_ai_audit(),
            ),
            indexes=(
                key("name", name="idx_name", pg_name="idx_ai_agent_name"),
                key("use_case", name="idx_use_case"),
            ),
            comment="ai agents",
        ),
        Table(
            "ai_skill",
            (
                ident(),
                C("name", "varchar(255)", default="''"),
                C("description", "varchar(4096)", nullable=True),
                C("instructions", "text", nullable=True),
                C("license", "varchar(255)", nullable=True),
                C("compatibility", "varchar(255)", nullable=True),
                C("metadata", "text", nullable=True),
                C("allowed_tools", "varchar(4096)", nullable=True),
                C("enabled", "flag", default="0"),
                C("user_group_ids", "text", nullable=True),
                C("private", "int", default="0", comment="0: public 1: private"),
                C("source_type", "varchar(16)", default="'local'", comment="local or git"),
                C("git_info", "text", nullable=True),
                *_ai_audit(),
            ),
            indexes=(key("name", name="idx_name", pg_name="idx_ai_skill_name"),),
            comment="ai skills",
        ),
        Table(
            "ai_skill_file",
            (
                ident(),
                C("skill_id", "bigint", default="0"),
                C("name", "varchar(255)", default="''"),
                C("content", "mediumtext", nullable=True),
                C("size", "bigint", default="0", comment="bytes"),
                *_ai_audit(),
            ),
            indexes=(key("skill_id", name="idx_skill_id"),),
            comment="ai skill files",
        ),
        Table(
            "ai_assistant_chat",
            (
                ident(),
                C("chat_id", "varchar(255)"),
                C("user_id", "bigint", default="0"),
                C("updated_at", "bigint", default="0"),
                C("data", "text", nullable=True, comment="chat meta, gzip+base64 json"),
            ),
            indexes=(
                unique("chat_id", name="uk_chat_id"),
                key("user_id", name="idx_ac_user_id"),
                key("updated_at", name="idx_ac_updated_at"),
            ),
            comment="ai assistant chats",
        ),
        Table(
            "ai_assistant_message",
            (
                ident(),
                C("chat_id", "varchar(255)"),
                C("seq_id", "bigint", default="0"),
                C("data", "mediumtext", nullable=True, comment="message, gzip+base64 json"),
                C("extra", "mediumtext", nullable=True),
                C("status", "int", default="0"),
            ),
            indexes=(unique("chat_id", "seq_id", name="uk_chat_seq"), key("status", name="idx_am_status")),
            comment="ai assistant messages",
        ),
    )
    s = s.add_columns("alert_rule", C("time_zone", "varchar(64)", default="''"))
    s = s.add_columns("alert_mute", C("mute_type", "int", default="0", comment="0: mute events 1: mute notifications"))
    s = s.add_columns("datasource", C("weight", "int", default="0", comment="sort weight"))
    s = s.add_columns("message_template", C("lang", "varchar(32)", default="''"))
    return s.add_index("alert_his_event", key("group_id", "last_eval_time", name="idx_group_last_eval_time"))


def v9_1_0(s: Schema) -> Schema:
    s = s.with_tables("v9.1.0")
    s = s.add_index(
        "notification_record", key("notify_rule_id", "created_at", "event_id", name="idx_nr_rule_created_evt")
    )
    return s.add_index("notification_record", key("created_at", name="idx_nr_created_at"))


STEPS: tuple[tuple[str, Callable[[Schema], Schema]], ...] = (
    ("v7.0.0", v7_0_0),
    ("v7.1.0", v7_1_0),
    ("v7.2.0", v7_2_0),
    ("v7.3.4", v7_3_4),
    ("v7.4.0", v7_4_0),
    ("v7.7.2", v7_7_2),
    ("v8.0.0", v8_0_0),
    ("v8.4.1", v8_4_1),
    ("v8.5.1", v8_5_1),
    ("v9.0.0", v9_0_0),
    ("v9.1.0", v9_1_0),
)

DESCRIPTIONS = {
    "v6.7.3": "Baseline: the core tables of Nightingale v6",
    "v7.0.0": "ibex task tables, builtin metrics and payloads, board sharing, boolean datasource.is_default",
    "v7.1.0": "target.os",
    "v7.2.0": "notification_record; datasource.is_default nullable",
    "v7.3.4": "target.host_tags, builtin_payloads.component_id, unique builtin component idents",
    "v7.4.0": "targets in several busi groups: target_busi_group, backfilled from target.group_id",
    "v7.7.2": "datasource_queries on rules; optional subscription rule_ids and busi_groups",
    "v8.0.0": "notification rules, channels and templates; embedded products migrated from configs",
    "v8.4.1": "notify_rule.extra_config, long phone numbers, alert_rule.pipeline_configs",
    "v8.5.1": "board and payload notes, builtin metric types, pipeline executions, saved views",
    "v9.0.0": "AI assistant tables, alert rule time zones, mute types, datasource weights",
    "v9.1.0": "notification_record indexes built online",
}


def versions() -> dict[str, Schema]:
    """Version name -> schema, oldest first."""
    out = {BASELINE.version: BASELINE}
    current = BASELINE
    for name, build in STEPS:
        current = build(current)
        out[name] = Schema(name, current.tables)
    return out
