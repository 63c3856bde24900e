"""Entry point of the ``scoracle`` group: registers football."""

from __future__ import annotations

from collections.abc import Callable

from scoracle_core import hookimpl
from scoracle_core.sport import SportAdapter

from scoracle_football.sport import make_sport


@hookimpl
def register_sports(register: Callable[[SportAdapter], None]) -> None:
    """Register football (six leagues)."""
    register(make_sport())
