"""The error of an unusable scenario directory, at the bottom of the history room.

The layout readers, the scenario loader, the failure types and the [volatile] declaration all raise it (or a kind of
it), so it lives below all of them; `harness.scenario` re-exports it, the name users and the command line know.
"""

from __future__ import annotations


class ScenarioError(Exception):
    """The scenario directory is unusable; the message names the file and what to fix."""
