"""The ``scoracle`` command: a thin host over the public API.

Each sub-command lives in its own module and only parses arguments, calls the library and
renders the result (rich tables for people, ``--json`` for programs).
"""

from __future__ import annotations

from scoracle_core.cli.app import cli, main

__all__ = ["cli", "main"]
