"""One failure type for every check (a diagnosis in titled sections: path, version, statement, diff, rows), and the
error a scenario's seed raises, which is not a check's failure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from harness.layouts.scenario_error import ScenarioError


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


class SeedError(ScenarioError):
    """The scenario's seed failed: a mistake in the scenario, not in the upgrade (the plugin reports an error).

    `str()` names the seed's file and line (the innermost frame in the scenario's own files), the version and
    engine, and the first line of what went wrong; the exception it wraps is its `__cause__`.
    """

    def __init__(
        self,
        location: str,
        version: str,
        engine: str,
        reason: str,
        called_from: tuple[str, ...] = (),
        *,
        repeat: bool = False,
    ) -> None:
        self.location = location
        self.version = version
        self.engine = engine
        self.reason = reason
        self.called_from = called_from
        self.repeat = repeat  # True for the cases after the first that needed this seed (reported already)
        chain = f" (called from {', '.join(called_from)})" if called_from else ""
        super().__init__(
            f"{location}: the scenario's seed failed at {version} on {engine}{chain}: {reason}\n"
            f"fix the seed so that it writes rows valid for {version}'s schema; no upgrade ran, and every case "
            f"that starts from {version} on {engine} reports this same error"
        )

    def repeated(self) -> SeedError:
        """The same error for the next case that needs this seed (which is not run again)."""
        return SeedError(self.location, self.version, self.engine, self.reason, self.called_from, repeat=True)

    @property
    def root_cause(self) -> RootCause:
        return RootCause(f"the seed of {self.version} on {self.engine} failed", ("seed", self.engine, self.version))


class InstallFailed(CheckFailed):
    """A fresh install of a version failed: every case that needs that version on that engine fails with it."""

    def __init__(self, version: str, engine: str, error: str, statement: str) -> None:
        self.version = version
        self.engine = engine
        self.error = error
        self.statement = statement
        super().__init__(
            f"fresh install of {version} failed on {engine}",
            {"runner said": error, "statement": statement},
        )

    def repeated(self) -> InstallFailed:
        return InstallFailed(self.version, self.engine, self.error, self.statement)

    @property
    def root_cause(self) -> RootCause:
        return RootCause(
            f"the fresh install of {self.version} on {self.engine} failed", ("install", self.engine, self.version)
        )


@dataclass(frozen=True)
class RootCause:
    """What one failure shares with every case it breaks: the first case reports it, the others refer to that one."""

    description: str
    key: tuple[str, ...]


def root_cause_of(error: BaseException) -> RootCause | None:
    cause = getattr(error, "root_cause", None)
    return cause if isinstance(cause, RootCause) else None
