"""Repository-level pytest configuration.

Installed (`pip install -e .`, as the nox sessions do), the plugin is loaded through its `pytest11` entry point;
from a bare checkout it is loaded here, so `python -m pytest` works the same either way.
"""

from __future__ import annotations

import importlib.metadata

_INSTALLED = bool(importlib.metadata.entry_points(group="pytest11", name="upgrade_harness"))
pytest_plugins = [] if _INSTALLED else ["harness.plugin"]
