"""The local rate limiter: sliding windows, daily quota, header corrections, all on the clock."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from datetime import UTC, datetime, timedelta

import anyio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoracle_core.client.ratelimit import LocalRateLimiter, RateLimiter, RateLimits
from scoracle_core.clock import VirtualClock
from scoracle_core.errors import ConfigError, QuotaExhausted

START = datetime(2024, 11, 10, 12, 0, tzinfo=UTC)
EXACT = {"margin": 0.0, "window_pad": timedelta(0)}


def limiter(clock: VirtualClock, **limits: object) -> LocalRateLimiter:
    return LocalRateLimiter(RateLimits(**{**EXACT, **limits}), clock=clock)  # type: ignore[arg-type]


async def take(lim: LocalRateLimiter, n: int, sport: str = "nba") -> None:
    for _ in range(n):
        await lim.acquire(sport)
        lim.release(sport)


async def _until_all_blocked() -> None:
    """Like ``anyio.wait_all_tasks_blocked`` on asyncio, without its 0.1 s polling sleep."""
    this = asyncio.current_task()
    while True:
        await asyncio.sleep(0)
        waiting = (getattr(t, "_fut_waiter", None) for t in asyncio.all_tasks() if t is not this)
        if all(w is not None and not w.done() for w in waiting):
            return


class SteppedClock:
    """A test clock that jumps to the next wake-up only once every task is blocked.

    Exact where an auto-advancing clock may overshoot: time moves only when nothing can run.
    """

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._waiters: list[tuple[datetime, int, anyio.Event]] = []
        self._seq = itertools.count()

    def now(self) -> datetime:
        return self._now

    async def sleep_until(self, when: datetime) -> None:
        if when <= self._now:
            await anyio.lowlevel.checkpoint()
            return
        event = anyio.Event()
        heapq.heappush(self._waiters, (when, next(self._seq), event))
        await event.wait()

    async def drive(self, done: anyio.Event) -> None:
        """Advance time, one wake-up at a time, until ``done`` is set."""
        while not done.is_set():
            await _until_all_blocked()
            if not self._waiters:
                continue
            self._now = max(self._now, self._waiters[0][0])
            while self._waiters and self._waiters[0][0] <= self._now:
                heapq.heappop(self._waiters)[2].set()


def most_in_any_window(times: list[datetime], length: timedelta) -> int:
    """The largest number of ``times`` inside any half-open window ``[s, s + length)``."""
    times = sorted(times)
    best = 0
    for i, start in enumerate(times):
        best = max(best, sum(1 for t in times[i:] if t < start + length))
    return best


@pytest.mark.anyio
async def test_local_limiter_satisfies_the_protocol() -> None:
    """LocalRateLimiter is a RateLimiter."""
    assert isinstance(limiter(VirtualClock(START)), RateLimiter)


@pytest.mark.anyio
async def test_minute_cap_makes_the_next_call_wait_for_the_window() -> None:
    """The (N+1)-th call in a minute waits until the first one leaves the window."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_minute=3)
    await take(lim, 4)
    assert clock.now() == START + timedelta(minutes=1)


@pytest.mark.anyio
async def test_second_cap_spreads_a_burst() -> None:
    """A burst of 5 with 2 per second takes two seconds."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_second=2)
    await take(lim, 5)
    assert clock.now() == START + timedelta(seconds=2)


@pytest.mark.anyio
async def test_daily_quota_spent_raises_without_waiting() -> None:
    """Past the daily quota, acquire raises QuotaExhausted with the next midnight UTC."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_day=2)
    await take(lim, 2)
    with pytest.raises(QuotaExhausted) as info:
        await lim.acquire("nba")
    assert info.value.resets_at == datetime(2024, 11, 11, tzinfo=UTC)
    assert clock.now() == START


@pytest.mark.anyio
async def test_daily_quota_comes_back_after_midnight() -> None:
    """After 00:00 UTC the exhausted sport may spend again."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_day=1)
    await take(lim, 1)
    with pytest.raises(QuotaExhausted):
        await lim.acquire("nba")
    clock.set(datetime(2024, 11, 11, 0, 0, 1, tzinfo=UTC))
    await take(lim, 1)


@pytest.mark.anyio
async def test_sports_have_separate_budgets() -> None:
    """Spending NBA's quota leaves football's untouched."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_day=1)
    await take(lim, 1, "nba")
    await take(lim, 1, "football")
    with pytest.raises(QuotaExhausted):
        await lim.acquire("nba")


@pytest.mark.anyio
async def test_exhaust_refuses_until_reset() -> None:
    """After the server says the day is spent, acquire refuses at once."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_day=100)
    lim.exhaust("nba", START + timedelta(hours=12))
    with pytest.raises(QuotaExhausted):
        await lim.acquire("nba")


@pytest.mark.anyio
async def test_pause_holds_requests_until_its_end() -> None:
    """A pause (server-side rate refusal) delays the next grant to its end."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_minute=100)
    lim.pause("nba", START + timedelta(seconds=42))
    await take(lim, 1)
    assert clock.now() == START + timedelta(seconds=42)


@pytest.mark.anyio
async def test_daily_remaining_header_sets_the_day_count() -> None:
    """``x-ratelimit-requests-remaining`` replaces the local day count."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_day=100)
    await lim.acquire("nba")
    lim.observe(
        "nba", {"x-ratelimit-requests-limit": "100", "x-ratelimit-requests-remaining": "1"}, clock.now()
    )
    lim.release("nba")
    await take(lim, 1)
    with pytest.raises(QuotaExhausted):
        await lim.acquire("nba")


@pytest.mark.anyio
async def test_minute_remaining_header_counts_calls_made_elsewhere() -> None:
    """``X-RateLimit-Remaining`` lower than the local view makes the limiter wait."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_minute=10)
    await lim.acquire("nba")
    lim.observe("nba", {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0"}, clock.now())
    lim.release("nba")
    await take(lim, 1)
    assert clock.now() == START + timedelta(minutes=1)


@pytest.mark.anyio
async def test_lower_limit_header_overrides_the_configured_plan() -> None:
    """A server that says 2/minute is believed over a configured 300/minute."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_minute=300)
    await lim.acquire("nba")
    lim.observe("nba", {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "1"}, clock.now())
    lim.release("nba")
    await take(lim, 2)
    assert clock.now() == START + timedelta(minutes=1)


def test_plan_names_give_documented_limits() -> None:
    """free/pro/ultra/mega map to 100/10, 7500/300, 75000/450, 150000/900."""
    got = {
        p: (RateLimits.for_plan(p).per_day, RateLimits.for_plan(p).per_minute)
        for p in ("free", "pro", "ultra", "mega")
    }
    assert got == {"free": (100, 10), "pro": (7500, 300), "ultra": (75000, 450), "mega": (150000, 900)}


def test_unknown_plan_is_a_config_error() -> None:
    """An unknown plan name raises ConfigError listing the known ones."""
    with pytest.raises(ConfigError, match="free"):
        RateLimits.for_plan("platinum")


def test_margin_holds_back_a_fraction_but_never_everything() -> None:
    """A 2% margin keeps 147 of 7500 a day and all of a 10/minute plan."""
    limits = RateLimits.for_plan("pro")
    assert limits.usable(7500) == 7350
    assert limits.usable(10) == 10


@pytest.mark.anyio
async def test_concurrent_tasks_share_one_limiter() -> None:
    """Eight tasks sharing a 4/minute limiter get four grants in the first minute."""
    clock = VirtualClock(START)
    lim = limiter(clock, per_minute=4)
    grants: list[datetime] = []

    async def one() -> None:
        await lim.acquire("nba")
        grants.append(clock.now())
        lim.release("nba")

    async with anyio.create_task_group() as tg:
        for _ in range(8):
            tg.start_soon(one)
    assert sum(1 for g in grants if g < START + timedelta(minutes=1)) == 4
    assert len(grants) == 8


@settings(max_examples=60, deadline=None)
@given(
    arrivals=st.lists(st.integers(min_value=0, max_value=150_000), min_size=1, max_size=40),
    per_minute=st.integers(min_value=1, max_value=8),
    per_second=st.one_of(st.none(), st.integers(min_value=1, max_value=3)),
)
def test_limiter_never_exceeds_any_window(
    arrivals: list[int], per_minute: int, per_second: int | None
) -> None:
    """For any arrival pattern (ms offsets), no 1 s or 60 s window holds more grants than allowed."""

    async def run() -> list[datetime]:
        clock = SteppedClock(START)
        lim = LocalRateLimiter(
            RateLimits(per_minute=per_minute, per_second=per_second, margin=0.0, window_pad=timedelta(0)),
            clock=clock,
        )
        grants: list[datetime] = []
        done = anyio.Event()

        async def arrive(offset_ms: int) -> None:
            await clock.sleep_until(START + timedelta(milliseconds=offset_ms))
            await lim.acquire("nba")
            grants.append(clock.now())
            lim.release("nba")

        async with anyio.create_task_group() as outer:
            outer.start_soon(clock.drive, done)
            async with anyio.create_task_group() as tg:
                for offset in arrivals:
                    tg.start_soon(arrive, offset)
            done.set()
        return grants

    grants = anyio.run(run)
    assert len(grants) == len(arrivals)
    assert most_in_any_window(grants, timedelta(minutes=1)) <= per_minute
    if per_second is not None:
        assert most_in_any_window(grants, timedelta(seconds=1)) <= per_second
