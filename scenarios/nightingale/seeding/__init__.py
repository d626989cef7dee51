"""Row builders for the Nightingale seed, table by table; seed.py decides how rows reach the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from . import catalog, core, later, recent
from .bulk import BULK, Bulk
from .plan import Plan, Row
from .sqlgen import Sql
from .writers import MySQLWriter, PostgreSQLWriter

__all__ = ["BULK", "Bulk", "MySQLWriter", "Plan", "PostgreSQLWriter", "Sql", "tables"]

Table = tuple[Sequence[str], Iterable[Row]]


def _one(name: str, build: Callable[[Plan], Table]) -> Callable[[Plan], list[tuple[str, Table]]]:
    return lambda p: [(name, build(p))]


def _pair(
    first: str, second: str, build: Callable[[Plan], tuple[Table, Table]]
) -> Callable[[Plan], list[tuple[str, Table]]]:
    def both(p: Plan) -> list[tuple[str, Table]]:
        a, b = build(p)
        return [(first, a), (second, b)]

    return both


# In insertion order; a table the seeded version does not have is skipped.
BUILDERS: tuple[Callable[[Plan], list[tuple[str, Table]]], ...] = (
    _one("users", core.users),
    _pair("user_group", "user_group_member", core.user_groups),
    _pair("busi_group", "busi_group_member", core.busi_groups),
    _one("configs", core.configs),
    _pair("role", "role_operation", core.roles),
    _pair("board", "board_payload", core.boards),
    _one("chart_share", core.chart_shares),
    _one("datasource", catalog.datasources),
    _one("alert_rule", core.alert_rules),
    _one("alert_mute", core.alert_mutes),
    _one("alert_subscribe", core.alert_subscribes),
    _one("metric_view", catalog.metric_views),
    _one("recording_rule", catalog.recording_rules),
    _one("alert_aggr_view", catalog.alert_aggr_views),
    _pair("task_tpl", "task_tpl_host", catalog.task_templates),
    _one("task_record", catalog.task_records),
    _one("alerting_engines", catalog.alerting_engines),
    _one("notify_tpl", catalog.notify_templates),
    _one("sso_config", catalog.sso_configs),
    _one("es_index_pattern", catalog.index_patterns),
    # v7.0.0
    _one("board_busigroup", later.board_busigroups),
    _one("builtin_metrics", later.builtin_metrics),
    _one("metric_filter", later.metric_filters),
    _one("builtin_components", later.builtin_components),
    _one("builtin_payloads", later.builtin_payloads),
    later.ibex,
    # v8.0.0
    _one("notify_rule", later.notify_rules),
    _one("notify_channel", later.notify_channels),
    _one("message_template", later.message_templates),
    _one("event_pipeline", later.event_pipelines),
    _one("embedded_product", later.embedded_products),
    _one("user_token", later.user_tokens),
    _one("dash_annotation", later.dash_annotations),
    _one("source_token", later.source_tokens),
    # v8.5.1, v9.0.0
    _one("event_pipeline_execution", recent.pipeline_executions),
    _pair("saved_view", "user_view_favorite", recent.saved_views),
    recent.ai_tables,
)


def tables(plan: Plan, present: frozenset[str]) -> Iterator[tuple[str, Sequence[str], Iterable[Row]]]:
    """(table, columns, rows) for every table of the schema being seeded, in insertion order."""
    for build in BUILDERS:
        for name, (columns, rows) in build(plan):
            if name in present:
                yield name, columns, rows
