"""Per-key request counters: the daily quota and the per-minute rate limit.

The day is the Clock's UTC calendar day (the quota resets at 00:00 UTC); the minute is the
Clock's minute (a fixed window: ``12:34:00``–``12:34:59``). A refused request does not count.
Counters are kept under the key's label (a hash), never the key itself.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import attrs

from scoracle_core.sim.config import Plan, QuotaScope

__all__ = ["QuotaBook", "QuotaVerdict"]


@attrs.frozen(kw_only=True)
class QuotaVerdict:
    """The outcome of one admission: refused by the day or minute limit, or counted."""

    refused: Literal["day", "minute"] | None
    day_limit: int
    day_remaining: int
    minute_limit: int
    minute_remaining: int

    def headers(self) -> dict[str, str]:
        """The four rate-limit headers (API_FACTS §1.4), names spelt as the provider does."""
        return {
            "x-ratelimit-requests-limit": str(self.day_limit),
            "x-ratelimit-requests-remaining": str(self.day_remaining),
            "X-RateLimit-Limit": str(self.minute_limit),
            "X-RateLimit-Remaining": str(self.minute_remaining),
        }


class QuotaBook:
    """Counts requests per key label (and per sport when ``scope`` is ``"sport"``)."""

    def __init__(self, scope: QuotaScope = "sport") -> None:
        self.scope = scope
        self._day: dict[tuple[str, str], tuple[date, int]] = {}
        self._minute: dict[tuple[str, str], tuple[datetime, int]] = {}

    def _bucket(self, label: str, sport: str) -> tuple[str, str]:
        return (label, sport if self.scope == "sport" else "*")

    def used_today(self, label: str, sport: str, now: datetime) -> int:
        """Requests counted today (Clock's UTC day) for this key (and sport)."""
        day, count = self._day.get(self._bucket(label, sport), (now.date(), 0))
        return count if day == now.date() else 0

    def used_this_minute(self, label: str, sport: str, now: datetime) -> int:
        """Requests counted in the Clock's current minute."""
        minute, count = self._minute.get(self._bucket(label, sport), (_minute(now), 0))
        return count if minute == _minute(now) else 0

    def admit(self, label: str, sport: str, plan: Plan, now: datetime) -> QuotaVerdict:
        """Count one request unless the daily quota or the minute's rate is spent."""
        bucket = self._bucket(label, sport)
        day_used = self.used_today(label, sport, now)
        minute_used = self.used_this_minute(label, sport, now)
        refused: Literal["day", "minute"] | None = None
        if day_used >= plan.per_day:
            refused = "day"
        elif minute_used >= plan.per_minute:
            refused = "minute"
        else:
            day_used += 1
            minute_used += 1
            self._day[bucket] = (now.date(), day_used)
            self._minute[bucket] = (_minute(now), minute_used)
        return QuotaVerdict(
            refused=refused,
            day_limit=plan.per_day,
            day_remaining=max(0, plan.per_day - day_used),
            minute_limit=plan.per_minute,
            minute_remaining=max(0, plan.per_minute - minute_used),
        )

    def reset(self) -> None:
        """Forget every counter."""
        self._day.clear()
        self._minute.clear()


def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)
