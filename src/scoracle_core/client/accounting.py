"""Accounting: every call recorded as an :class:`ApiCall`, in batches, plus live counters.

The store gets the records in batches (one ``record_api_calls`` round trip per ``flush_every``
calls, per ``flush_interval`` seconds, and on close) instead of one write per call. A failed write
keeps the batch for the next flush, so closing never loses records silently: the last flush on
close raises if the store still refuses them.
"""

from __future__ import annotations

import collections
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

import anyio
import attrs

from scoracle_core.client.envelope import Quota
from scoracle_core.model import ApiCall

if TYPE_CHECKING:
    from scoracle_core.store.base import Store

__all__ = ["CallRecorder", "Usage"]

log = logging.getLogger(__name__)

#: Outcome names besides error class names.
OK = "ok"
CACHED = "cached"
REFUSED = "refused"  # not sent: the daily quota was known to be spent


@attrs.frozen(kw_only=True)
class CallCount:
    """How many calls of one sport/endpoint ended with one outcome."""

    sport: str
    endpoint: str
    outcome: str  # "ok", "cached", "refused", or an ApiError class name
    count: int


class Usage:
    """In-memory counters of one client (or several sharing it), for the demo and monitoring."""

    def __init__(self) -> None:
        self._counts: collections.Counter[tuple[str, str, str]] = collections.Counter()
        self._quota: dict[str, Quota] = {}

    def add(self, sport: str, endpoint: str, outcome: str) -> None:
        """Count one call."""
        self._counts[(sport, endpoint, outcome)] += 1

    def note_quota(self, sport: str, quota: Quota) -> None:
        """Remember the latest rate-limit headers seen for ``sport``."""
        if quota.known:
            self._quota[sport] = quota

    def quota(self, sport: str) -> Quota | None:
        """The latest rate-limit headers seen for ``sport``, if any."""
        return self._quota.get(sport)

    def total(
        self, *, sport: str | None = None, endpoint: str | None = None, outcome: str | None = None
    ) -> int:
        """How many calls match the filters (``None`` = any)."""
        return sum(
            n
            for (s, e, o), n in self._counts.items()
            if (sport is None or s == sport)
            and (endpoint is None or e == endpoint)
            and (outcome is None or o == outcome)
        )

    def __iter__(self) -> Iterator[CallCount]:
        for (sport, endpoint, outcome), n in sorted(self._counts.items()):
            yield CallCount(sport=sport, endpoint=endpoint, outcome=outcome, count=n)

    def as_dict(self) -> dict[str, dict[str, dict[str, int]]]:
        """``{sport: {endpoint: {outcome: count}}}``."""
        out: dict[str, dict[str, dict[str, int]]] = {}
        for c in self:
            out.setdefault(c.sport, {}).setdefault(c.endpoint, {})[c.outcome] = c.count
        return out

    def __repr__(self) -> str:
        return f"Usage(calls={sum(self._counts.values())})"


class CallRecorder:
    """Buffers :class:`ApiCall` records and writes them to the store in batches."""

    def __init__(self, store: Store | None, *, flush_every: int = 50) -> None:
        if flush_every < 1:
            raise ValueError("flush_every must be at least 1")
        self._store = store
        self._flush_every = flush_every
        self._buffer: list[ApiCall] = []
        self._lock = anyio.Lock()

    @property
    def pending(self) -> int:
        """Records not yet written."""
        return len(self._buffer)

    async def record(self, call: ApiCall) -> None:
        """Buffer one record; write the batch once it holds ``flush_every`` records."""
        if self._store is None:
            return
        self._buffer.append(call)
        if len(self._buffer) >= self._flush_every:
            await self.flush(raise_errors=False)

    async def flush(self, *, raise_errors: bool = True) -> int:
        """Write every buffered record in one round trip; return how many were written.

        On failure the records stay buffered (for the next flush); the error is raised when
        ``raise_errors`` (on close), else logged.
        """
        if self._store is None:
            return 0
        async with self._lock:
            batch, self._buffer = self._buffer, []
            if not batch:
                return 0
            try:
                await self._store.record_api_calls(batch)
            except Exception as exc:
                self._buffer[:0] = batch
                if raise_errors:
                    raise
                log.warning(
                    "api.accounting_failed pending=%d error=%s", len(self._buffer), type(exc).__name__
                )
                return 0
            return len(batch)
