"""Time, injected: a :class:`Clock` is passed to everything that needs "now" or waits.

:class:`SystemClock` follows the wall clock; :class:`VirtualClock` moves only when told (or,
in ``auto`` mode, jumps straight to the next wake-up), so a whole season replays in seconds.
"""

from __future__ import annotations

import heapq
import itertools
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

import anyio

from scoracle_core.model import ensure_utc

__all__ = ["Clock", "SystemClock", "VirtualClock"]


@runtime_checkable
class Clock(Protocol):
    """Tells the time (UTC, aware) and sleeps."""

    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...

    async def sleep_until(self, when: datetime) -> None:
        """Return once ``now() >= when`` (at once if it already is)."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        """The current UTC time."""
        return datetime.now(UTC)

    async def sleep_until(self, when: datetime) -> None:
        """Sleep on the event loop until ``when``."""
        delay = (ensure_utc(when) - self.now()).total_seconds()
        if delay > 0:
            await anyio.sleep(delay)

    def __repr__(self) -> str:
        return "SystemClock()"


class VirtualClock:
    """A clock that only moves when advanced.

    With ``auto=True`` a sleeper that is the only thing left to run makes the clock jump to the
    earliest pending wake-up, so a worker loop replays days of schedule without real waiting.
    """

    #: Checkpoints a sleeper yields to other ready tasks before it may move the clock.
    settle: int = 5

    def __init__(self, start: datetime, *, auto: bool = True) -> None:
        self._now = ensure_utc(start, what="VirtualClock start")
        self._auto = auto
        self._waiters: list[tuple[datetime, int, anyio.Event]] = []
        self._seq = itertools.count()

    def now(self) -> datetime:
        """The virtual time."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move forward by ``delta`` and wake every sleeper that is now due."""
        self.set(self._now + delta)

    def set(self, when: datetime) -> None:
        """Move to ``when`` (never backwards) and wake the due sleepers."""
        when = ensure_utc(when)
        if when > self._now:
            self._now = when
        while self._waiters and self._waiters[0][0] <= self._now:
            _, _, event = heapq.heappop(self._waiters)
            event.set()

    async def sleep_until(self, when: datetime) -> None:
        """Wait until the virtual time reaches ``when``.

        In ``auto`` mode a sleeper that finds itself the earliest one, after letting every other
        ready task run, moves the clock to its own wake-up time. Every sleeper keeps checking
        until it is woken, so two sleepers can never wait on each other for ever.
        """
        when = ensure_utc(when)
        if when <= self._now:
            await anyio.lowlevel.checkpoint()
            return
        event = anyio.Event()
        heapq.heappush(self._waiters, (when, next(self._seq), event))
        if not self._auto:
            await event.wait()
            return
        while not event.is_set():
            for _ in range(self.settle):
                await anyio.lowlevel.checkpoint()
                if event.is_set():
                    return
            if self._waiters and self._waiters[0][2] is event:
                self.set(when)

    def __repr__(self) -> str:
        return f"VirtualClock({self._now.isoformat()})"
