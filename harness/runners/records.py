"""What a migration tool's record means in the harness's versions, for one dialect's view of a history.

The replay and the `command` runner read the tool's record (a version, maybe marked dirty or failed) and say which
harness version (a release, or a migration inside one) the database is at. Positions are counted on the dialect's own
view (`ForeignHistory.for_dialect`), so a history whose dialects are numbered independently reads each record in the
numbering of the dialect that wrote it.
"""

from __future__ import annotations

from harness.layouts.history import ForeignHistory
from harness.runners.version_tables import Recorded


def recorded_label(history: ForeignHistory, recorded: Recorded) -> str | None:
    """The harness version a record stands for, with the tool's dirty/failed mark when it has one; a version the
    history does not have is shown as recorded."""
    if recorded.version is None:
        return None
    position = history.find(recorded.version)
    if position is None:
        return recorded.label
    version = history.version_at(position)
    return f"{version} ({recorded.state})" if recorded.state else version


def completed_position(history: ForeignHistory, recorded: Recorded) -> int | None:
    """Position of the last migration fully applied (-1: none); a dirty, failed or partial one does not count.
    None when the record names a version the history does not have."""
    if recorded.version is None:
        return -1
    position = history.find(recorded.version)
    if position is None:
        return None
    return position - 1 if recorded.state else position


def versions_crossed(history: ForeignHistory, before: Recorded, after: Recorded) -> tuple[str, ...]:
    """The harness versions completed between two readings of the record (none when going down)."""
    start, end = completed_position(history, before), completed_position(history, after)
    if start is None or end is None:
        return ()
    return tuple(version for version in history.versions if start < history.last_position(version) <= end)


def first_incomplete_version(history: ForeignHistory, recorded: Recorded) -> str | None:
    """The first harness version the tool did not complete: a dirty/failed one itself, else the one after the last
    completed (None at the end of the history)."""
    completed = completed_position(history, recorded)
    if completed is None:
        return recorded.version
    following = completed + 1
    return history.version_containing(following) if following < len(history.migrations) else None
