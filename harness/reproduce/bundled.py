"""What a written bundle is: where it went, what it kept and masked, and whether replaying it reproduces the
failure (bundle.py writes it; render.py describes it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.reproduce.minimise import Minimised
from harness.reproduce.pipeline import Attempt


@dataclass(frozen=True)
class BundleResult:
    directory: Path
    command: str
    rows_kept: int
    rows_total: int
    minimised: Minimised
    masked: tuple[str, ...]  # table.column
    left_unmasked: tuple[str, ...]  # masked columns kept as they were because the failure depends on them
    replay: Attempt  # the bundle's own dump, loaded and upgraded: what its README describes
    reproduces: bool  # the replay failed at the same version and statement

    def describe(self) -> str:
        lines = [
            f"written to {self.directory}: {self.rows_kept} of {self.rows_total} rows kept "
            f"({self.minimised.method}; {self.minimised.runs} upgrade runs)",
            f"replaying it {'reproduces the same failure' if self.reproduces else 'did NOT reproduce the failure'}",
            f"command: {self.command}",
        ]
        if self.masked:
            lines.append(f"masked columns: {', '.join(self.masked)}")
        if self.left_unmasked:
            lines.append(f"left unmasked (the failure depends on them): {', '.join(self.left_unmasked)}")
        return "\n".join(lines)
