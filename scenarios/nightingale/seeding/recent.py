"""Rows of the tables added in v8.5.1 and v9.0.0: pipeline executions, saved views, and the AI assistant."""

from __future__ import annotations

import base64
import gzip

from .core import Table, audit, rows_of
from .plan import LONG_NOTE, Plan, js, pick


def _ai_audit(p: Plan, i: int) -> dict[str, object]:
    return {"created_at": p.time(i), "created_by": "root", "updated_at": p.time(i, 60), "updated_by": "root"}


def _packed(value: object) -> str:
    """gzip + base64 of JSON, as the assistant stores chats; fixed mtime keeps it deterministic."""
    return base64.b64encode(gzip.compress(js(value).encode(), mtime=0)).decode()


def pipeline_executions(p: Plan) -> Table:
    records = []
    for i in range(p.tiny * 5):
        pid = p.id(i)
        status = pick(("success", "failed", "running"), i)
        records.append(
            {
                "id": f"{pid:08x}-0000-4000-8000-{pid:012x}",
                "pipeline_id": p.id(i % p.tiny),
                "pipeline_name": None if i % 7 == 6 else f"enrich {i % p.tiny}",
                "event_id": p.id(i % p.big),
                "mode": pick(("event", "api", "cron"), i),
                "status": status,
                "node_results": js([{"node": "n1", "ok": status != "failed", "out": "标签已补全 ✅"}]),
                "error_message": "timeout calling CMDB" if status == "failed" else "",
                "error_node": "n1" if status == "failed" else "",
                "created_at": p.time(i),
                "finished_at": None if status == "running" else p.time(i) + 2,
                "duration_ms": None if status == "running" else 1500 + i,
                "trigger_by": "root",
                "env_snapshot": js({"CMDB_URL": "https://cmdb.example.com", "TOKEN": "***"}),
            }
        )
    return rows_of(records)


def saved_views(p: Plan) -> tuple[Table, Table]:
    views, favourites = [], []
    for i in range(p.tiny):
        views.append(
            {
                "id": p.id(i),
                "name": f"{pick(('我的告警', 'P1 only 🔴', 'edge'), i)} {p.id(i)}",
                "page": pick(("alert-cur-events", "targets", "dashboards"), i),
                "filter": js({"severity": [1], "query": "ident=~web.*"}),
                "public_cate": i % 3,
                "gids": None if i % 3 != 1 else js([p.id(0)]),
                **audit(p, i),
            }
        )
        favourites.append({"id": p.id(i), "view_id": p.id(i), "user_id": p.id(i % p.small), "create_at": p.time(i)})
    return rows_of(views), rows_of(favourites)


def ai_tables(p: Plan) -> list[tuple[str, Table]]:
    llms = [
        {
            "id": p.id(i),
            "name": f"{pick(('gpt', 'qwen', 'local-llama'), i)}-{p.id(i)}",
            "description": pick(("默认模型", "", "on-prem 🏠"), i),
            "api_type": pick(("openai", "azure", "ollama"), i),
            "api_url": f"https://llm{i}.example.com/v1",
            "api_key": f"sk-{p.id(i):040d}",
            "model": pick(("gpt-4o", "qwen-max", "llama3:70b"), i),
            "extra_config": None if i % 2 else js({"temperature": 0.2, "max_tokens": 4096}),
            "enabled": int(i != 2),
            "is_default": int(i == 0),
            **_ai_audit(p, i),
        }
        for i in range(3)
    ]
    agents = [
        {
            "id": p.id(i),
            "name": f"{pick(('告警分析', 'runbook helper 🤖'), i)} {p.id(i)}",
            "description": "",
            "use_case": pick(("chat", "event_summary"), i),
            "llm_config_id": p.id(i % 3),
            "skill_ids": js([p.id(0)]),
            "mcp_server_ids": None if i % 2 else "[]",
            "enabled": 1,
            **_ai_audit(p, i),
        }
        for i in range(2)
    ]
    skills = [
        {
            "id": p.id(i),
            "name": f"skill-{p.id(i)}",
            "description": None if i % 2 else "Query Prometheus 查询指标",
            "instructions": "# Skill\nUse the query tool.\n" + LONG_NOTE,
            "license": None if i % 2 else "Apache-2.0",
            "compatibility": None,
            "metadata": js({"version": "1.0", "tags": ["promql"]}),
            "allowed_tools": "query_range query_instant",
            "enabled": 1,
            "user_group_ids": None if i % 2 else js([p.id(0)]),
            "private": i % 2,
            "source_type": pick(("local", "git"), i),
            "git_info": None if i % 2 == 0 else js({"repo": "https://git.example.com/skills.git", "ref": "main"}),
            **_ai_audit(p, i),
        }
        for i in range(2)
    ]
    files = [
        {
            "id": p.id(i),
            "skill_id": p.id(i % 2),
            "name": pick(("SKILL.md", "examples/查询.md", "big.txt"), i),
            "content": ("📄 " + LONG_NOTE * (300 if i == 2 else 1)),
            "size": len(("📄 " + LONG_NOTE * (300 if i == 2 else 1)).encode()),
            **_ai_audit(p, i),
        }
        for i in range(3)
    ]
    chats = [
        {
            "id": p.id(i),
            "chat_id": f"chat-{p.id(i)}",
            "user_id": p.id(i),
            "updated_at": p.time(i),
            "data": _packed({"title": f"为什么 CPU 高? {i}", "agent": p.id(0)}),
        }
        for i in range(p.tiny)
    ]
    messages = [
        {
            "id": p.id(i * 3 + k),
            "chat_id": f"chat-{p.id(i)}",
            "seq_id": k,
            "data": _packed({"role": pick(("user", "assistant"), k), "text": "看一下 web-0 的负载 📈" * (k + 1)}),
            "extra": None if k else _packed({"tool_calls": []}),
            "status": k % 2,
        }
        for i in range(p.tiny)
        for k in range(3)
    ]
    return [
        ("ai_llm_config", rows_of(llms)),
        ("ai_agent", rows_of(agents)),
        ("ai_skill", rows_of(skills)),
        ("ai_skill_file", rows_of(files)),
        ("ai_assistant_chat", rows_of(chats)),
        ("ai_assistant_message", rows_of(messages)),
    ]
