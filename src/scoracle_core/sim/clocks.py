"""A clock for the standalone server: real time, shifted to a chosen start and optionally sped up.

``scoracle sim serve --start 2024-11-05T23:00Z --speed 60`` replays an evening's games in minutes
while clients talk to the server in real time.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import anyio

from scoracle_core.model import ensure_utc

__all__ = ["ShiftedClock"]


class ShiftedClock:
    """Starts at ``start`` and runs ``speed`` times faster than the wall clock."""

    def __init__(self, start: datetime, *, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be positive, got {speed}")
        self._start = ensure_utc(start, what="ShiftedClock start")
        self._origin = time.monotonic()
        self._speed = speed

    def now(self) -> datetime:
        """The shifted time."""
        return self._start + timedelta(seconds=(time.monotonic() - self._origin) * self._speed)

    async def sleep_until(self, when: datetime) -> None:
        """Sleep (in real time) until the shifted time reaches ``when``."""
        delay = (ensure_utc(when) - self.now()).total_seconds() / self._speed
        if delay > 0:
            await anyio.sleep(delay)

    def __repr__(self) -> str:
        return f"ShiftedClock({self.now().isoformat()}, speed={self._speed:g})"
