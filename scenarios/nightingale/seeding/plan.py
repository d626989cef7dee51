"""What a seed run produces: version, sizes, id ranges, times; and the vocabulary rows are made of."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

BLOCK = 10_000_000  # ids of batch b: b * BLOCK + 1 ...; `size` must stay below it
MAX_BATCH = 200  # keeps the int (serial) ids of datasource, task_tpl, ... within 32 bits
BASE_TIME = 1_717_200_000  # 2024-06-01, a weekday noon far from any daylight-saving switch

Row = tuple[object, ...]


def version_key(version: str) -> tuple[int, int, int]:
    parts = version.removeprefix("v").split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ValueError(f"not a version: {version!r} (expected v<major>.<minor>.<patch>)")
    return int(parts[0]), int(parts[1]), int(parts[2])


@dataclass(frozen=True)
class Plan:
    version: str
    size: int
    batch: int

    @classmethod
    def of(cls, version: str, size: int, batch: int) -> Plan:
        version_key(version)
        if not 1 <= size < BLOCK:
            raise ValueError(f"size {size} out of range: 1 .. {BLOCK - 1}")
        if not 0 <= batch < MAX_BATCH:
            raise ValueError(f"batch {batch} out of range: 0 .. {MAX_BATCH - 1}")
        return cls(version, size, batch)

    def since(self, version: str) -> bool:
        """Whether the schema being seeded is at `version` or later."""
        return version_key(self.version) >= version_key(version)

    def id(self, index: int) -> int:
        return self.batch * BLOCK + 1 + index

    def time(self, index: int, step: int = 15) -> int:
        return BASE_TIME + self.batch * 30 * 86_400 + index * step

    @property
    def suffix(self) -> str:
        """Appended to names that must stay unique across batches ('' for the first batch)."""
        return "" if self.batch == 0 else f"-b{self.batch}"

    # Row counts: the big tables get `size`, the rest scale down from it.
    @property
    def big(self) -> int:
        return self.size

    @property
    def mid(self) -> int:
        return max(10, min(self.size // 10, 200_000))

    @property
    def small(self) -> int:
        return max(8, min(self.size // 50, 2_000))

    @property
    def tiny(self) -> int:
        return max(4, min(self.size // 200, 100))


def pick(values: Sequence[object], index: int) -> object:
    return values[index % len(values)]


def js(value: object) -> str:
    """Compact JSON that keeps non-ASCII text as it is, as the Go server writes it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# People and teams: CJK, accents, Cyrillic, Arabic, Greek, apostrophes and 4-byte emoji. Unique columns always
# carry the row id as well, because MySQL's utf8mb4_general_ci treats every emoji (and accents) as equal.
NICKNAMES = (
    "超级管理员",
    "Zoë Ødegård",
    "Анна Петрова",
    "Seán O'Brien",
    "🦄 Unicorn Ops",
    "田中 太郎",
    "Søren 🚀 Kierkegaard",
    "محمد علي",
    "Ελένη",
    "😀😃😄😁",
    "长" * 64,
)
USER_SLUGS = ("root", "zoe", "anna", "sean.obrien", "ops🚀", "tanaka", "soren", "mohammed", "eleni", "smile😀", "wang")
TEAMS = ("基础架构", "SRE", "Payments 💳", "Données", "kube-prod", "DBA — on call", "데이터")
RULE_NAMES = (
    "CPU 使用率过高",
    "Disk almost full",
    "Memory pressure 🔥",
    "HTTP 5xx ratio > 1%",
    "Redis evictions",
    "Kafka consumer lag",
    "Node not ready",
    "MySQL 'slow' queries",
)
PROMQL = (
    'cpu_usage_active{ident=~"web.*"} > 90',
    "disk_used_percent > 95",
    "mem_available_percent < 5",
    'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.01',
    "rate(redis_evicted_keys[1m]) > 0",
    "kafka_consumergroup_lag > 10000",
    'kube_node_status_condition{condition="Ready",status="true"} == 0',
    "rate(mysql_global_status_slow_queries[5m]) > 1",
)
CHANNELS = ("email", "dingtalk", "wecom", "feishu", "mm", "telegram", "lark")
OSES = ("linux", "windows", "darwin")
HOST_KINDS = ("web", "db", "cache", "k8s-node", "gpu", "edge")
REGIONS = ("cn-north-1", "cn-east-2", "eu-west-1", "us-east-1")

LONG_NOTE = (
    "Runbook 📖: check the node's load first, then the top processes. "
    "负载过高时先确认是否有批处理任务在运行，再决定是否扩容。 "  # noqa: RUF001 - real Chinese punctuation, on purpose
    "Si la charge reste élevée, ouvrez un incident. "
)


def rule_config(index: int) -> str:
    """A v6-style rule config: queries, triggers and nested options."""
    return js(
        {
            "queries": [{"prom_ql": pick(PROMQL, index), "severity": 1 + index % 3, "unit": "percent"}],
            "triggers": [
                {
                    "mode": 0,
                    "expressions": [
                        {"ref": "A", "comparisonOperator": ">", "value": 90 + index % 10, "logicalOperator": "&&"}
                    ],
                    "severity": 1 + index % 3,
                    "recover_config": {"judge_type": index % 2, "recover_exp": ""},
                }
            ],
            "inhibit": index % 4 == 0,
            "algo_params": {"seasonality": {"period": "1d", "weights": [0.5, 0.3, 0.2]}, "nested": {"deep": [[]]}},
        }
    )


def event_rule_config(index: int) -> str:
    """The part of a rule's config an event keeps."""
    return js({"queries": [{"prom_ql": pick(PROMQL, index), "severity": 1 + index % 3}], "inhibit": index % 4 == 0})


def event_annotations(index: int, large: bool = False) -> str:
    body: dict[str, str] = {
        "summary": f"{pick(RULE_NAMES, index)} 🔥",
        "runbook": f"https://wiki.example.com/r/{index}",
    }
    if large:
        body["description"] = LONG_NOTE * 150
    return js(body)


def annotations(index: int, large: bool = False) -> str:
    body = {
        "summary": f"{pick(RULE_NAMES, index)} on host-{index}",
        "description": (LONG_NOTE * 150) if large else LONG_NOTE,
        "dashboard": f"https://n9e.example.com/dashboards/{index % 50}?var-ident=host-{index}",
    }
    return js(body)
