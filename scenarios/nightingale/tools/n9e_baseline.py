"""v6.7.3, the baseline: Nightingale's core tables as a v6.7.3 server leaves them after its own start-up migration."""

from __future__ import annotations

from n9e_model import Column, Index, Schema, Table

C = Column


def key(*columns: str, name: str | None = None, pg_name: str | None = None) -> Index:
    return Index(tuple(columns), name=name, pg_name=pg_name)


def unique(*columns: str, name: str | None = None, pg_name: str | None = None) -> Index:
    return Index(tuple(columns), unique=True, name=name, pg_name=pg_name)


def ident(type_: str = "ubigint") -> Column:
    return C("id", type_, auto=True)


def audit(by_size: int = 64) -> tuple[Column, ...]:
    """The create_at/create_by/update_at/update_by quartet most tables carry."""
    return (
        C("create_at", "bigint", default="0"),
        C("create_by", f"varchar({by_size})", default="''"),
        C("update_at", "bigint", default="0"),
        C("update_by", f"varchar({by_size})", default="''"),
    )


def _event_columns(current: bool) -> tuple[Column, ...]:
    """Columns alert_cur_event and alert_his_event share (in their order)."""
    head = (
        C("cate", "varchar(128)"),
        C("datasource_id", "bigint", default="0", comment="datasource id"),
        C("cluster", "varchar(128)"),
        C("group_id", "ubigint", comment="busi group id of the rule"),
        C("group_name", "varchar(255)", default="''", comment="busi group name"),
        C("hash", "varchar(64)", comment="rule_id + vector primary key"),
        C("rule_id", "ubigint"),
        C("rule_name", "varchar(255)"),
        C("rule_note", "varchar(2048)", default="'alert rule note'"),
        C("rule_prod", "varchar(255)", default="''"),
        C("rule_algo", "varchar(255)", default="''"),
        C("severity", "flag", comment="1:Emergency 2:Warning 3:Notice"),
        C("prom_for_duration", "int", comment="for duration in seconds"),
        C("prom_ql", "varchar(8192)", comment="promql"),
        C("prom_eval_interval", "int", comment="evaluation interval in seconds"),
        C("callbacks", "varchar(255)", default="''", comment="callback urls separated by spaces"),
        C("runbook_url", "varchar(255)", nullable=True),
        C("notify_recovered", "flag", comment="notify when the alert recovers"),
        C("notify_channels", "varchar(255)", default="''", comment="channels separated by spaces"),
        C("notify_groups", "varchar(255)", default="''", comment="user group ids separated by spaces"),
    )
    repeat = (C("notify_repeat_next", "bigint", default="0", comment="next time to notify again"),) if current else ()
    tail = (
        C("notify_cur_number", "int", default="0"),
        C("target_ident", "varchar(191)", default="''", comment="target ident, also in tags"),
        C("target_note", "varchar(191)", default="''", comment="target note"),
        C("first_trigger_time", "bigint", nullable=True),
        C("trigger_time", "bigint"),
        C("trigger_value", "varchar(255)"),
    )
    return head + repeat + tail


def _task_columns() -> tuple[Column, ...]:
    return (
        C("title", "varchar(255)", default="''"),
        C("account", "varchar(64)"),
        C("batch", "uint", default="0"),
        C("tolerance", "uint", default="0"),
        C("timeout", "uint", default="0"),
        C("pause", "varchar(255)", default="''"),
        C("script", "text"),
        C("args", "varchar(512)", default="''"),
    )


TABLES = (
    Table(
        "users",
        (
            ident(),
            C("username", "varchar(64)", comment="login name, never renamed"),
            C("nickname", "varchar(64)", comment="display name"),
            C("password", "varchar(128)", default="''"),
            C("phone", "varchar(16)", default="''"),
            C("email", "varchar(64)", default="''"),
            C("portrait", "varchar(255)", default="''", comment="avatar url"),
            C("roles", "varchar(255)", comment="Admin | Standard | Guest, separated by spaces"),
            C("contacts", "varchar(1024)", nullable=True, comment="json: dingtalk_robot_token, wecom_robot_token"),
            C("maintainer", "flag", default="0"),
            *audit(),
        ),
        indexes=(unique("username"),),
    ),
    Table(
        "user_group",
        (ident(), C("name", "varchar(128)", default="''"), C("note", "varchar(255)", default="''"), *audit()),
        indexes=(key("create_by"), key("update_at")),
    ),
    Table(
        "user_group_member",
        (ident(), C("group_id", "ubigint"), C("user_id", "ubigint")),
        indexes=(key("group_id"), key("user_id")),
    ),
    Table(
        "configs",
        (
            ident(),
            C("ckey", "varchar(191)"),
            C("cval", "text"),
            C("note", "varchar(1024)", default="''"),
            C("external", "flag", default="0", comment="0: built-in 1: external"),
            C("encrypted", "flag", default="0", comment="0: plaintext 1: ciphertext"),
            *audit(),
        ),
    ),
    Table(
        "role",
        (ident(), C("name", "varchar(191)", default="''"), C("note", "varchar(255)", default="''")),
        indexes=(unique("name"),),
    ),
    Table(
        "role_operation",
        (ident(), C("role_name", "varchar(128)"), C("operation", "varchar(191)")),
        indexes=(key("role_name"), key("operation")),
    ),
    Table(
        "busi_group",
        (
            ident(),
            C("name", "varchar(191)"),
            C("label_enable", "flag", default="0"),
            C("label_value", "varchar(191)", default="''", comment="required when label_enable is 1"),
            *audit(),
        ),
        indexes=(unique("name"),),
    ),
    Table(
        "busi_group_member",
        (
            ident(),
            C("busi_group_id", "bigint", comment="busi group id"),
            C("user_group_id", "bigint", comment="user group id"),
            C("perm_flag", "char(2)", comment="ro | rw"),
        ),
        indexes=(key("busi_group_id"), key("user_group_id")),
    ),
    Table(
        "board",
        (
            ident(),
            C("group_id", "bigint", default="0", comment="busi group id"),
            C("name", "varchar(191)"),
            C("ident", "varchar(200)", default="''"),
            C("tags", "varchar(255)", comment="separated by spaces"),
            C("public", "flag", default="0", comment="0: false 1: true"),
            C("built_in", "flag", default="0", comment="0: false 1: true"),
            C("hide", "flag", default="0", comment="0: false 1: true"),
            *audit(),
        ),
        indexes=(unique("group_id", "name"), key("ident")),
    ),
    Table(
        "board_payload",
        (C("id", "ubigint", comment="dashboard id"), C("payload", "mediumtext")),
        primary_key=(),
        indexes=(unique("id"),),
    ),
    Table(
        "chart_share",
        (
            ident(),
            C("cluster", "varchar(128)"),
            C("datasource_id", "ubigint", default="0"),
            C("configs", "text", nullable=True),
            C("create_at", "bigint", default="0"),
            C("create_by", "varchar(64)", default="''"),
        ),
        indexes=(key("create_at"),),
    ),
    Table(
        "alert_rule",
        (
            ident(),
            C("group_id", "bigint", default="0", comment="busi group id"),
            C("cate", "varchar(128)"),
            C("datasource_ids", "varchar(255)", default="''", comment="datasource ids"),
            C("cluster", "varchar(128)"),
            C("name", "varchar(255)"),
            C("note", "varchar(1024)", default="''"),
            C("prod", "varchar(255)", default="''"),
            C("algorithm", "varchar(255)", default="''"),
            C("algo_params", "varchar(255)", nullable=True),
            C("delay", "int", default="0"),
            C("severity", "flag", comment="1:Emergency 2:Warning 3:Notice"),
            C("disabled", "flag", comment="0: enabled 1: disabled"),
            C("prom_for_duration", "int", comment="for duration in seconds"),
            C("rule_config", "text", comment="rule config (json)"),
            C("prom_ql", "text", comment="promql"),
            C("prom_eval_interval", "int", comment="evaluation interval in seconds"),
            C("enable_stime", "varchar(255)", default="'00:00'"),
            C("enable_etime", "varchar(255)", default="'23:59'"),
            C("enable_days_of_week", "varchar(255)", default="''", comment="0 1 2 3 4 5 6, separated by spaces"),
            C("enable_in_bg", "flag", default="0", comment="1: only targets of this busi group 0: all"),
            C("notify_recovered", "flag", comment="notify when the alert recovers"),
            C("notify_channels", "varchar(255)", default="''", comment="channels separated by spaces"),
            C("notify_groups", "varchar(255)", default="''", comment="user group ids separated by spaces"),
            C("notify_repeat_step", "int", default="0", comment="minutes"),
            C("notify_max_number", "int", default="0"),
            C("recover_duration", "int", default="0", comment="seconds"),
            C("callbacks", "varchar(1024)", default="''", comment="callback urls separated by spaces"),
            C("runbook_url", "varchar(255)", nullable=True),
            C("append_tags", "varchar(255)", default="''", comment="key=value pairs separated by spaces"),
            C("annotations", "text", comment="annotations (json)"),
            C("extra_config", "text", comment="extra config (json)"),
            *audit(),
        ),
        indexes=(key("group_id"), key("update_at")),
    ),
    Table(
        "alert_mute",
        (
            ident(),
            C("group_id", "bigint", default="0", comment="busi group id"),
            C("prod", "varchar(255)", default="''"),
            C("note", "varchar(1024)", default="''"),
            C("cate", "varchar(128)"),
            C("cluster", "varchar(128)"),
            C("datasource_ids", "varchar(255)", default="''", comment="datasource ids"),
            C("tags", "varchar(4096)", default="''", comment="json matchers: key, func, value"),
            C("cause", "varchar(255)", default="''"),
            C("btime", "bigint", default="0", comment="begin time"),
            C("etime", "bigint", default="0", comment="end time"),
            C("disabled", "flag", default="0", comment="0: enabled 1: disabled"),
            C("mute_time_type", "flag", default="0"),
            C("periodic_mutes", "varchar(4096)", default="''"),
            C("severities", "varchar(32)", default="''"),
            *audit(),
        ),
        indexes=(key("create_at"), key("group_id")),
    ),
    Table(
        "alert_subscribe",
        (
            ident(),
            C("name", "varchar(255)", default="''"),
            C("disabled", "flag", default="0", comment="0: enabled 1: disabled"),
            C("group_id", "bigint", default="0", comment="busi group id"),
            C("prod", "varchar(255)", default="''"),
            C("cate", "varchar(128)"),
            C("datasource_ids", "varchar(255)", default="''", comment="datasource ids"),
            C("cluster", "varchar(128)"),
            C("rule_id", "bigint", default="0"),
            C("severities", "varchar(32)", default="''"),
            C("tags", "varchar(4096)", default="''", comment="json matchers: key, func, value"),
            C("redefine_severity", "flag", nullable=True, default="0", comment="redefine the severity"),
            C("new_severity", "flag", comment="1:Emergency 2:Warning 3:Notice"),
            C("redefine_channels", "flag", nullable=True, default="0", comment="redefine the channels"),
            C("new_channels", "varchar(255)", default="''", comment="channels separated by spaces"),
            C("user_group_ids", "varchar(250)", comment="user group ids separated by spaces"),
            C("busi_groups", "varchar(4096)", default="'[]'"),
            C("note", "varchar(1024)", nullable=True, default="''", comment="note"),
            C("webhooks", "text"),
            C("extra_config", "text", comment="extra config (json)"),
            C("redefine_webhooks", "flag", nullable=True, default="0"),
            C("for_duration", "bigint", default="0"),
            *audit(),
        ),
        indexes=(key("update_at"), key("group_id")),
    ),
    Table(
        "target",
        (
            ident(),
            C("group_id", "bigint", default="0", comment="busi group id"),
            C("ident", "varchar(191)", comment="target id"),
            C("note", "varchar(255)", default="''", comment="appended to alert events"),
            C("tags", "varchar(512)", default="''", comment="appended to series, separated by spaces"),
            C("host_ip", "varchar(15)", nullable=True, default="''", comment="IPv4 address"),
            C("agent_version", "varchar(255)", nullable=True, default="''", comment="agent version"),
            C("update_at", "bigint", default="0"),
        ),
        indexes=(
            unique("ident"),
            key("group_id"),
            key("host_ip", name="idx_host_ip"),
            key("agent_version", name="idx_agent_version"),
        ),
    ),
    Table(
        "metric_view",
        (
            ident(),
            C("name", "varchar(191)", default="''"),
            C("cate", "flag", comment="0: preset 1: custom"),
            C("configs", "varchar(8192)", default="''"),
            C("create_at", "bigint", default="0"),
            C("create_by", "bigint", default="0", comment="user id"),
            C("update_at", "bigint", default="0"),
        ),
        indexes=(key("create_by"),),
    ),
    Table(
        "recording_rule",
        (
            ident(),
            C("group_id", "bigint", default="0", comment="busi group id"),
            C("datasource_ids", "varchar(255)", default="''", comment="datasource ids"),
            C("cluster", "varchar(128)"),
            C("name", "varchar(255)", comment="name of the new metric"),
            C("note", "varchar(255)", comment="rule note"),
            C("disabled", "flag", default="0", comment="0: enabled 1: disabled"),
            C("prom_ql", "varchar(8192)", comment="promql"),
            C("prom_eval_interval", "int", comment="evaluation interval in seconds"),
            C("append_tags", "varchar(255)", nullable=True, default="''", comment="key=value separated by spaces"),
            C("query_configs", "text", comment="query configs (json)"),
            C("create_at", "bigint", nullable=True, default="0"),
            C("create_by", "varchar(64)", nullable=True, default="''"),
            C("update_at", "bigint", nullable=True, default="0"),
            C("update_by", "varchar(64)", nullable=True, default="''"),
        ),
        indexes=(key("group_id"), key("update_at")),
    ),
    Table(
        "alert_aggr_view",
        (
            ident(),
            C("name", "varchar(191)", default="''"),
            C("rule", "varchar(2048)", default="''"),
            C("cate", "flag", comment="0: preset 1: custom"),
            C("create_at", "bigint", default="0"),
            C("create_by", "bigint", default="0", comment="user id"),
            C("update_at", "bigint", default="0"),
        ),
        indexes=(key("create_by"),),
    ),
    Table(
        "alert_cur_event",
        (
            C("id", "ubigint", comment="the id of its alert_his_event row"),
            *_event_columns(current=True),
            C("annotations", "text", comment="annotations (json)"),
            C("rule_config", "text", comment="rule config (json)"),
            C("tags", "varchar(1024)", default="''", comment="data and rule tags separated by ,,"),
        ),
        indexes=(key("hash"), key("rule_id"), key("trigger_time", "group_id"), key("notify_repeat_next")),
    ),
    Table(
        "alert_his_event",
        (
            ident(),
            C("is_recovered", "flag"),
            *_event_columns(current=False),
            C("recover_time", "bigint", default="0"),
            C("last_eval_time", "bigint", default="0", comment="for time filters"),
            C("tags", "varchar(1024)", default="''", comment="data and rule tags separated by ,,"),
            C("annotations", "text", comment="annotations (json)"),
            C("rule_config", "text", comment="rule config (json)"),
        ),
        indexes=(
            key("hash"),
            key("rule_id"),
            key("trigger_time", "group_id"),
            key("last_eval_time", name="idx_last_eval_time"),
        ),
    ),
    Table(
        "task_tpl",
        (
            ident("uint"),
            C("group_id", "uint", comment="busi group id"),
            *_task_columns(),
            C("tags", "varchar(255)", default="''", comment="separated by spaces"),
            *audit(),
        ),
        indexes=(key("group_id"),),
    ),
    Table(
        "task_tpl_host",
        (C("ii", "uint", auto=True), C("id", "uint", comment="task tpl id"), C("host", "varchar(128)")),
        primary_key=("ii",),
        indexes=(key("id", "host"),),
    ),
    Table(
        "task_record",
        (
            C("id", "ubigint", comment="ibex task id"),
            C("event_id", "bigint", default="0", comment="event id"),
            C("group_id", "bigint", comment="busi group id"),
            C("ibex_address", "varchar(128)"),
            C("ibex_auth_user", "varchar(128)", default="''"),
            C("ibex_auth_pass", "varchar(128)", default="''"),
            *_task_columns(),
            C("create_at", "bigint", default="0"),
            C("create_by", "varchar(64)", default="''"),
        ),
        indexes=(key("create_at", "group_id"), key("create_by"), key("event_id", name="idx_event_id")),
    ),
    Table(
        "alerting_engines",
        (
            ident("uint"),
            C("instance", "varchar(128)", default="''", comment="instance address, e.g. 10.9.0.9:9090"),
            C("datasource_id", "bigint", default="0", comment="datasource id"),
            C("engine_cluster", "varchar(128)", default="''", comment="alert engine cluster"),
            C("clock", "bigint"),
        ),
    ),
    Table(
        "datasource",
        (
            ident("uint"),
            C("name", "varchar(191)", default="''"),
            C("description", "varchar(255)", default="''"),
            C("category", "varchar(255)", default="''"),
            C("plugin_id", "uint", default="0"),
            C("plugin_type", "varchar(255)", default="''"),
            C("plugin_type_name", "varchar(255)", default="''"),
            C("cluster_name", "varchar(255)", default="''"),
            C("settings", "text"),
            C("status", "varchar(255)", default="''"),
            C("http", "varchar(4096)", default="''"),
            C("auth", "varchar(8192)", default="''"),
            C("is_default", "tinyint", default="0", comment="is the default datasource"),
            C("created_at", "bigint", default="0"),
            C("created_by", "varchar(64)", default="''"),
            C("updated_at", "bigint", default="0"),
            C("updated_by", "varchar(64)", default="''"),
        ),
        indexes=(unique("name"),),
    ),
    Table(
        "notify_tpl",
        (
            ident(),
            C("channel", "varchar(32)"),
            C("name", "varchar(255)"),
            C("content", "text"),
            *audit(),
        ),
        indexes=(unique("channel"),),
    ),
    Table(
        "sso_config",
        (ident(), C("name", "varchar(191)"), C("content", "text")),
        indexes=(unique("name"),),
    ),
    Table(
        "es_index_pattern",
        (
            ident(),
            C("datasource_id", "bigint", default="0", comment="datasource id"),
            C("name", "varchar(191)"),
            C("time_field", "varchar(128)", default="'@timestamp'"),
            C("allow_hide_system_indices", "flag", default="0"),
            C("fields_format", "varchar(4096)", default="''"),
            C("create_at", "bigint", nullable=True, default="0"),
            C("create_by", "varchar(64)", nullable=True, default="''"),
            C("update_at", "bigint", nullable=True, default="0"),
            C("update_by", "varchar(64)", nullable=True, default="''"),
        ),
        indexes=(unique("datasource_id", "name"),),
    ),
)

BASELINE = Schema("v6.7.3").with_tables("v6.7.3", *TABLES)
