"""Client-side rate limiting: the :class:`RateLimiter` port and :class:`LocalRateLimiter`.

API-Sports meters each key per API (sport host): a daily quota (reset 00:00 UTC) and a
per-minute rate (API_FACTS §1.4-1.5). Going over the minute rate repeatedly can get a caller
firewalled, so the client asks its limiter before every request instead of finding out.

:class:`LocalRateLimiter` keeps, per sport, a *sliding-window log* for the second and the minute
(a grant is allowed only when fewer than the cap grants happened in the trailing window, so no
window of that length ever holds more than the cap, however requests arrive) and a daily count.
The rate-limit headers of every response correct it: ``x-ratelimit-requests-remaining`` sets the
day's count, ``X-RateLimit-Remaining`` adds the calls the server saw but this process did not
(another process on the same key). All time comes from the injected :class:`Clock`.

A limiter shared by worker processes (through the store) can replace it later: the client only
uses the :class:`RateLimiter` protocol.
"""

from __future__ import annotations

import collections
import logging
import math
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Final, Protocol, runtime_checkable

import anyio
import attrs

from scoracle_core.client.classify import next_utc_midnight
from scoracle_core.client.envelope import quota_from_headers
from scoracle_core.clock import Clock
from scoracle_core.errors import ConfigError, QuotaExhausted

__all__ = ["PLANS", "LimiterStatus", "LocalRateLimiter", "RateLimiter", "RateLimits"]

log = logging.getLogger(__name__)

#: API-Sports plans: (requests per day, requests per minute), API_FACTS §1.5.
PLANS: Final[Mapping[str, tuple[int, int]]] = {
    "free": (100, 10),
    "pro": (7_500, 300),
    "ultra": (75_000, 450),
    "mega": (150_000, 900),
}

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_US: Final = timedelta(microseconds=1)
_SECOND_US: Final = 1_000_000
_MINUTE_US: Final = 60 * _SECOND_US


def _us(when: datetime) -> int:
    """Microseconds since the epoch: exact integer arithmetic, no float drift at window edges."""
    return (when - _EPOCH) // _US


def _dt(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


@attrs.frozen(kw_only=True)
class RateLimits:
    """The limits of one key on one API, and how much of them to hold back.

    ``margin`` is the fraction of the daily and per-minute limits never used (rounded down, so a
    10/minute plan still gets 10); ``window_pad`` lengthens the minute window to absorb the
    latency between a grant here and the request's arrival at the server. ``None`` = no limit.
    """

    per_day: int | None = None
    per_minute: int | None = None
    per_second: int | None = None
    margin: float = attrs.field(
        default=0.02, validator=attrs.validators.and_(attrs.validators.ge(0.0), attrs.validators.lt(1.0))
    )
    window_pad: timedelta = timedelta(milliseconds=250)

    @classmethod
    def for_plan(cls, plan: str, *, margin: float = 0.02, per_second: int | None = None) -> RateLimits:
        """Limits of a named plan (free/pro/ultra/mega); ``per_second`` defaults to twice the
        minute's average rate so bursts are smoothed (the provider documents no per-second cap)."""
        try:
            per_day, per_minute = PLANS[plan.lower()]
        except KeyError:
            raise ConfigError(f"unknown API-Sports plan {plan!r}; known: {', '.join(PLANS)}") from None
        if per_second is None:
            per_second = max(1, math.ceil(per_minute / 30))
        return cls(per_day=per_day, per_minute=per_minute, per_second=per_second, margin=margin)

    def usable(self, limit: int | None) -> int | None:
        """``limit`` less the safety margin (at least 1)."""
        if limit is None:
            return None
        return max(1, limit - math.floor(limit * self.margin))


@attrs.frozen(kw_only=True)
class LimiterStatus:
    """A limiter's view of one sport, for monitoring and the demo."""

    sport: str
    day_used: int
    day_allowed: int | None
    minute_used: int
    minute_allowed: int | None
    in_flight: int
    paused_until: datetime | None
    exhausted_until: datetime | None


@runtime_checkable
class RateLimiter(Protocol):
    """Decides when a request for a sport may go out. Safe to share between tasks of one loop.

    The client calls, for every request that reaches the network: ``acquire`` → (request) →
    ``observe`` (when a response came) → ``release`` (always). Implementations must never let
    more requests out than the limits allow, whatever the order of concurrent callers.
    """

    async def acquire(self, sport: str) -> None:
        """Wait until one more request for ``sport`` is allowed, then count it.

        Raises :class:`QuotaExhausted` (without waiting) while the daily quota is spent.
        """
        ...

    def release(self, sport: str) -> None:
        """The request counted by ``acquire`` has finished (successfully or not)."""
        ...

    def observe(self, sport: str, headers: Mapping[str, str], now: datetime) -> None:
        """Correct the estimate with a response's rate-limit headers."""
        ...

    def pause(self, sport: str, until: datetime) -> None:
        """The server refused a request for the rate: let nothing out for ``sport`` before ``until``."""
        ...

    def exhaust(self, sport: str, resets_at: datetime) -> None:
        """The server says the daily quota is spent: refuse ``sport`` until ``resets_at``."""
        ...


@attrs.define
class _SportState:
    lock: anyio.Lock = attrs.field(factory=anyio.Lock)
    second: collections.deque[int] = attrs.field(factory=collections.deque)
    minute: collections.deque[int] = attrs.field(factory=collections.deque)
    day: date | None = None
    day_used: int = 0
    in_flight: int = 0
    last_us: int = 0
    paused_until_us: int = 0
    exhausted_until: datetime | None = None
    server_day_limit: int | None = None
    server_minute_limit: int | None = None


def _prune(window: collections.deque[int], now_us: int, length_us: int) -> None:
    while window and window[0] + length_us <= now_us:
        window.popleft()


class LocalRateLimiter:
    """Per-sport second/minute sliding windows and a daily count, in this process.

    ``limits`` is one :class:`RateLimits` for every sport or a mapping sport → limits (missing
    sports get ``default``). One instance stands for one API key: share it between every client
    and task that uses the key.
    """

    def __init__(
        self,
        limits: RateLimits | Mapping[str, RateLimits],
        *,
        clock: Clock,
        default: RateLimits | None = None,
    ) -> None:
        self._clock = clock
        if isinstance(limits, RateLimits):
            self._limits: Mapping[str, RateLimits] = {}
            self._default = limits
        else:
            self._limits = dict(limits)
            self._default = default or RateLimits()
        self._states: dict[str, _SportState] = {}

    @classmethod
    def for_plan(cls, plan: str, *, clock: Clock, margin: float = 0.02) -> LocalRateLimiter:
        """A limiter with the same named plan on every sport."""
        return cls(RateLimits.for_plan(plan, margin=margin), clock=clock)

    def limits(self, sport: str) -> RateLimits:
        """The configured limits of ``sport``."""
        return self._limits.get(sport, self._default)

    # -- the protocol -----------------------------------------------------------------------
    async def acquire(self, sport: str) -> None:
        """Wait for the second, minute and pause windows; raise when the day is spent."""
        state = self._state(sport)
        async with state.lock:
            while True:
                now = self._clock.now()
                now_us = max(_us(now), state.last_us)
                self._roll_day(state, now)
                if state.exhausted_until is not None:
                    raise self._exhausted(sport, state.exhausted_until)
                day_allowed = self._day_allowed(sport, state)
                if day_allowed is not None and state.day_used >= day_allowed:
                    state.exhausted_until = next_utc_midnight(now)
                    log.warning(
                        "api.quota_exhausted sport=%s used=%d allowed=%d resets_at=%s source=local",
                        sport,
                        state.day_used,
                        day_allowed,
                        state.exhausted_until.isoformat(),
                    )
                    raise self._exhausted(sport, state.exhausted_until)
                wake = max(state.paused_until_us, self._window_wake(sport, state, now_us))
                if wake <= now_us:
                    state.second.append(now_us)
                    state.minute.append(now_us)
                    state.last_us = now_us
                    state.day_used += 1
                    state.in_flight += 1
                    return
                await self._clock.sleep_until(_dt(wake))

    def release(self, sport: str) -> None:
        """One request fewer in flight."""
        state = self._state(sport)
        state.in_flight = max(0, state.in_flight - 1)

    def observe(self, sport: str, headers: Mapping[str, str], now: datetime) -> None:
        """Adopt the server's day count, lower limits, and minute calls this process did not make."""
        quota = quota_from_headers(headers)
        state = self._state(sport)
        self._roll_day(state, now)
        others = max(0, state.in_flight - 1)  # requests sent after this one, maybe not yet counted
        if quota.day_limit is not None:
            state.server_day_limit = quota.day_limit
        if quota.day_remaining is not None:
            limit = quota.day_limit or self.limits(sport).per_day
            if limit is not None:
                state.day_used = max(0, limit - quota.day_remaining) + others
        if quota.minute_limit is not None:
            state.server_minute_limit = quota.minute_limit
        if quota.minute_remaining is not None:
            limit = quota.minute_limit or self.limits(sport).per_minute
            if limit is not None:
                now_us = max(_us(now), state.last_us)
                _prune(state.minute, now_us, self._minute_us(sport))
                unseen = (limit - quota.minute_remaining) - len(state.minute)
                if unseen > 0:  # another client of this key spent them: count them from now
                    state.minute.extend([now_us] * unseen)
                    state.last_us = now_us

    def pause(self, sport: str, until: datetime) -> None:
        """Hold every request of ``sport`` until ``until``."""
        state = self._state(sport)
        state.paused_until_us = max(state.paused_until_us, _us(until))

    def exhaust(self, sport: str, resets_at: datetime) -> None:
        """Refuse ``sport`` until ``resets_at``."""
        state = self._state(sport)
        if state.exhausted_until is None or resets_at > state.exhausted_until:
            state.exhausted_until = resets_at

    # -- monitoring ---------------------------------------------------------------------------
    def status(self, sport: str) -> LimiterStatus:
        """What the limiter currently believes about ``sport``."""
        state = self._state(sport)
        now = self._clock.now()
        self._roll_day(state, now)
        _prune(state.minute, max(_us(now), state.last_us), self._minute_us(sport))
        return LimiterStatus(
            sport=sport,
            day_used=state.day_used,
            day_allowed=self._day_allowed(sport, state),
            minute_used=len(state.minute),
            minute_allowed=self._minute_allowed(sport, state),
            in_flight=state.in_flight,
            paused_until=_dt(state.paused_until_us) if state.paused_until_us > _us(now) else None,
            exhausted_until=state.exhausted_until,
        )

    # -- internals ------------------------------------------------------------------------------
    def _state(self, sport: str) -> _SportState:
        state = self._states.get(sport)
        if state is None:
            state = self._states[sport] = _SportState()
        return state

    def _roll_day(self, state: _SportState, now: datetime) -> None:
        today = now.astimezone(UTC).date()
        if state.day != today:
            if state.day is not None:
                state.day_used = 0
            state.day = today
        if state.exhausted_until is not None and now >= state.exhausted_until:
            state.exhausted_until = None
            state.day_used = 0

    def _smaller(self, configured: int | None, server: int | None) -> int | None:
        if configured is None:
            return server
        return configured if server is None else min(configured, server)

    def _day_allowed(self, sport: str, state: _SportState) -> int | None:
        limits = self.limits(sport)
        return limits.usable(self._smaller(limits.per_day, state.server_day_limit))

    def _minute_allowed(self, sport: str, state: _SportState) -> int | None:
        limits = self.limits(sport)
        return limits.usable(self._smaller(limits.per_minute, state.server_minute_limit))

    def _minute_us(self, sport: str) -> int:
        return _MINUTE_US + self.limits(sport).window_pad // _US

    def _window_wake(self, sport: str, state: _SportState, now_us: int) -> int:
        """The earliest time both windows have room (``<= now_us`` when they have it now)."""
        wake = now_us
        per_second = self.limits(sport).per_second
        minute_us = self._minute_us(sport)
        _prune(state.second, now_us, _SECOND_US)
        _prune(state.minute, now_us, minute_us)
        if per_second is not None and len(state.second) >= per_second:
            wake = max(wake, state.second[-per_second] + _SECOND_US)
        per_minute = self._minute_allowed(sport, state)
        if per_minute is not None and len(state.minute) >= per_minute:
            wake = max(wake, state.minute[-per_minute] + minute_us)
        return wake

    def _exhausted(self, sport: str, resets_at: datetime) -> QuotaExhausted:
        return QuotaExhausted(
            f"{sport}: daily API quota spent; no request is sent before {resets_at.isoformat()}",
            sport=sport,
            resets_at=resets_at,
        )

    def __repr__(self) -> str:
        return f"LocalRateLimiter(default={self._default!r}, sports={sorted(self._states)})"
