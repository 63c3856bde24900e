"""Retry and snooze policies: pure functions of attempts and time.

* A transient failure (network, 5xx, rate limit) is retried after a growing delay:
  1 min, 5 min, 15 min, 1 h, 3 h (the plan's schedule, extended), with a small deterministic
  jitter so a burst of failures does not retry in lock-step.
* A game that is not over at its due time is *snoozed*, not failed: it is tried again after
  ``snooze`` and the attempt is refunded, until ``give_up_after`` past its start.
* A task whose attempts reach ``max_attempts`` fails for good and is reported.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import attrs

__all__ = ["RetryPolicy"]

_BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """When to retry a seed task, snooze it, or give up."""

    backoff: tuple[timedelta, ...] = _BACKOFF
    jitter: float = 0.1  # ± fraction of the delay
    snooze: timedelta = timedelta(minutes=30)
    give_up_after: timedelta = timedelta(days=3)  # after the start, stop snoozing an unfinished game

    def retry_at(self, *, attempts: int, now: datetime, key: int = 0) -> datetime:
        """When to retry after the ``attempts``-th failed attempt (1-based)."""
        delay = self.backoff[min(max(attempts, 1), len(self.backoff)) - 1]
        digest = hashlib.blake2b(f"{key}:{attempts}".encode(), digest_size=2).digest()
        spread = (int.from_bytes(digest, "big") / 0xFFFF) * 2 - 1  # in [-1, 1]
        return now + delay * (1 + self.jitter * spread)

    def snooze_until(self, *, now: datetime) -> datetime:
        """When to look again at a game that is not over yet."""
        return now + self.snooze

    def should_give_up_waiting(self, *, start_at: datetime, now: datetime) -> bool:
        """Whether an unfinished game has been waited on long enough."""
        return now - start_at > self.give_up_after
