"""The one error type of `reproduce` for bad input or environment: the CLI prints it and exits 2."""

from __future__ import annotations


class ReproduceError(Exception):
    """The dump, the engine or the scenario cannot be used; the message says what, where and what to do."""
