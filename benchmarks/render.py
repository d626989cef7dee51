"""Print result tables with rich, or render them as Markdown for RESULTS.md."""

from __future__ import annotations

from collections.abc import Iterable

from benchmarks.tables import Table


def print_tables(tables: Iterable[Table]) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable

    console = Console(width=200)
    for table in tables:
        rich = RichTable(title=table.title, caption=table.note or None)
        for index, header in enumerate(table.headers):
            rich.add_column(header, justify="left" if index == 0 else "right")
        for row in table.rows:
            rich.add_row(*row)
        console.print(rich)


def markdown(tables: Iterable[Table]) -> str:
    parts = []
    for table in tables:
        lines = [f"**{table.title}**", "", "| " + " | ".join(table.headers) + " |",
                 "|" + "|".join("---" for _ in table.headers) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in table.rows]
        if table.note:
            lines += ["", f"_{table.note}_"]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
