"""Which undo steps of the history a runner ran when it rolled a failed version back, and which of them touch what
differs afterwards: the rollback check's diagnosis names the undo step next to the runner's claim that the database
is back at the previous version.

Only histories that carry undo steps (the migrator layout: `-- migrator:undo`) can say this. Which steps were undone
follows the migrator's own plan of the version (`migrator.planner.units_for`) with the fault's statement in it: on
PostgreSQL a version without non-transactional steps is one transaction and no undo step runs; otherwise every unit
committed before the fault is undone, newest first, and the unit the fault struck rolls back as a transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from harness.cases import Fault
from harness.data import RowDifference
from harness.dialects import Dialect
from harness.faults.scripts import MigratorScripts, ScriptHistory, StepText
from harness.faults.tables import table_of
from harness.inspect import SchemaDifference
from migrator.dialects import DIALECTS
from migrator.planner import units_for
from migrator.source import Statement, Step

_FAULT_STEP = Step(0, 0, Statement("SELECT 1", 0, "SELECT"), (), False)  # stands for the inserted statement


def undone_steps(history: ScriptHistory, dialect: Dialect, fault: Fault) -> tuple[StepText, ...] | None:
    """The steps of `fault.version` whose undo ran, newest first; None when the history has no undo steps."""
    if not isinstance(history, MigratorScripts):
        return None
    source = history.source_steps(fault.version, dialect)
    planned = [*source[: fault.statement - 1], _FAULT_STEP, *source[fault.statement - 1 :]]
    layout = units_for(planned, DIALECTS[dialect])
    if layout.single_transaction:
        return ()
    committed: list[int] = []
    for unit in layout.units:
        if _FAULT_STEP in unit.steps:
            break
        committed.extend(step.index for step in unit.steps)
    texts = {text.step: text for text in history.steps(fault.version, dialect)}
    return tuple(texts[index] for index in reversed(committed))


def undo_section(
    history: ScriptHistory,
    dialect: Dialect,
    fault: Fault,
    schema_diff: Sequence[SchemaDifference],
    row_diff: Sequence[RowDifference],
) -> str:
    """The undo steps that ran, each with the table it touches, marked where that table (or column) differs."""
    undone = undone_steps(history, dialect, fault)
    if undone is None or not (schema_diff or row_diff):
        return ""
    if not undone:
        return (
            f"none: on {dialect} the runner ran {fault.version} in one transaction, which rolled back as a whole "
            "(no undo step runs)"
        )
    tables = {d.table.lower() for d in schema_diff} | {d.table.lower() for d in row_diff}
    columns = {(d.table.lower(), d.name.lower()) for d in schema_diff if d.kind == "column"}
    columns |= {(d.table.lower(), d.column.lower()) for d in row_diff if d.column}
    statements = [
        *history.install(history.previous(fault.version), dialect),
        *(step.sql for step in history.steps(fault.version, dialect)),
    ]
    lines = [
        f"the runner undid {fault.version} steps {', '.join(str(s.step) for s in undone)} (newest first), "
        "with the history's undo steps:"
    ]
    named_columns: list[str] = []
    for step in undone:
        undo = step.undo or ()
        shown = "; ".join(_one_line(sql) for sql in undo) if undo else "none (`-- migrator:undo noop`)"
        touched, by_column = _touches(step, undo, statements, tables, columns)
        lines.append(f"  step {step.step} ({step.where}): undo: {shown}{touched}")
        if by_column:
            named_columns.append(f"step {step.step}")
    if named_columns:
        lines.append(f"most likely responsible (names a differing column): {', '.join(named_columns)}")
    return "\n".join(lines)


def _touches(
    step: StepText, undo: tuple[str, ...], statements: list[str], tables: set[str], columns: set[tuple[str, str]]
) -> tuple[str, bool]:
    """(`<- its undo touches orders.amount, which differs ...`, whether a differing column is named) for an undo
    (or, where the step has none, the step itself) that touches a differing table; ("", False) otherwise."""
    for sql in undo or (step.sql,):
        table = table_of(sql, statements)
        if table is None or table not in tables:
            continue
        named = sorted(c for t, c in columns if t == table and re.search(rf"\b{re.escape(c)}\b", sql, re.IGNORECASE))
        what = ", ".join(f"{table}.{column}" for column in named) if named else table
        subject = "its undo" if undo else "the step (undone by nothing)"
        return f"\n    <- {subject} touches {what}, which differs from the previous version", bool(named)
    return "", False


def _one_line(sql: str, limit: int = 160) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
