"""One failure type for every check: a diagnosis in titled sections (path, version, statement, diff, rows)."""

from __future__ import annotations

from collections.abc import Mapping


class CheckFailed(AssertionError):
    """A check found the system under test wrong. `str()` is the full diagnosis; `headline` is its first line."""

    def __init__(self, headline: str, sections: Mapping[str, str] | None = None) -> None:
        self.headline = headline
        self.sections = {title: body for title, body in (sections or {}).items() if body}
        super().__init__(self.render())

    def render(self) -> str:
        parts = [self.headline]
        for title, body in self.sections.items():
            indented = "\n".join(f"  {line}" for line in body.splitlines())
            parts.append(f"{title}:\n{indented}")
        return "\n".join(parts)
