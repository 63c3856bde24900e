"""Quotas and rate limits of the simulator: headers, per-minute and daily limits, resets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from scoracle_core.clock import VirtualClock
from scoracle_core.sim import Faults, Plan, SimConfig, Simulator
from scoracle_core.sim.testing import fake_world, get

pytestmark = pytest.mark.anyio

START = datetime(2024, 11, 5, 23, 58, 0, tzinfo=UTC)
TINY = Plan(name="Pro", per_day=5, per_minute=100)
QUERY = {"season": 2023}  # a past season: the free plan refuses the current one


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain aiohttp session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def clock() -> VirtualClock:
    """A clock two minutes before midnight UTC that moves only when told."""
    return VirtualClock(START, auto=False)


def simulator(clock: VirtualClock, *, sports: tuple[str, ...] = ("fake",), **config: Any) -> Simulator:
    """A fake-sport simulator on ``clock`` with ``config`` (SimConfig fields)."""
    return Simulator(SimConfig(seed=1, **config), world=fake_world(seed=1, clock=clock, sports=sports))


async def test_rate_limit_headers_count_down(http: aiohttp.ClientSession, clock: VirtualClock) -> None:
    """Each data request lowers both the daily and the per-minute remaining counts."""
    async with simulator(clock, plan="free") as sim:
        first = await get(http, sim, "fake", "games", QUERY)
        second = await get(http, sim, "fake", "games", QUERY)
    assert first.headers["x-ratelimit-requests-limit"] == "100"
    assert first.headers["X-RateLimit-Limit"] == "10"
    assert (
        first.headers["x-ratelimit-requests-remaining"],
        second.headers["x-ratelimit-requests-remaining"],
    ) == (
        "99",
        "98",
    )
    assert (first.headers["X-RateLimit-Remaining"], second.headers["X-RateLimit-Remaining"]) == ("9", "8")


async def test_status_is_free_and_has_no_rate_headers(
    http: aiohttp.ClientSession, clock: VirtualClock
) -> None:
    """/status does not count against the quota and carries no rate-limit headers."""
    async with simulator(clock, plan="free") as sim:
        await get(http, sim, "fake", "games", QUERY)
        status = await get(http, sim, "fake", "status")
        status_again = await get(http, sim, "fake", "status")
        after = await get(http, sim, "fake", "games", QUERY)
    assert "x-ratelimit-requests-remaining" not in status.headers
    assert status.json()["response"]["requests"] == {"current": 1, "limit_day": 100}
    assert status_again.json()["response"]["requests"]["current"] == 1
    assert after.headers["x-ratelimit-requests-remaining"] == "98"


async def test_minute_limit_answers_200_with_rate_limit_error(
    http: aiohttp.ClientSession, clock: VirtualClock
) -> None:
    """The 11th request of a minute on the free plan: 200 + errors.rateLimit as the provider words it."""
    async with simulator(clock, plan="free") as sim:
        for _ in range(10):
            assert (await get(http, sim, "fake", "games", QUERY)).json()["errors"] == []
        refused = await get(http, sim, "fake", "games", QUERY)
    assert refused.status == 200
    assert refused.json()["errors"] == {
        "rateLimit": "Too many requests. Your rate limit is 10 requests per minute."
    }
    assert refused.json()["response"] == []
    assert refused.headers["X-RateLimit-Remaining"] == "0"


async def test_minute_limit_can_answer_429(http: aiohttp.ClientSession, clock: VirtualClock) -> None:
    """With ratelimit429=1 the per-minute refusal comes as HTTP 429 with errors.rateLimit."""
    async with simulator(clock, plan="free", faults=Faults(ratelimit429=1.0)) as sim:
        for _ in range(10):
            await get(http, sim, "fake", "games", QUERY)
        refused = await get(http, sim, "fake", "games", QUERY)
    assert refused.status == 429
    assert set(refused.json()["errors"]) == {"rateLimit"}


async def test_minute_window_follows_the_clock(http: aiohttp.ClientSession, clock: VirtualClock) -> None:
    """A new clock minute gives a fresh per-minute allowance."""
    async with simulator(clock, plan="free") as sim:
        for _ in range(10):
            await get(http, sim, "fake", "games", QUERY)
        clock.advance(timedelta(seconds=60))
        again = await get(http, sim, "fake", "games", QUERY)
    assert again.json()["errors"] == []
    assert again.headers["X-RateLimit-Remaining"] == "9"


async def test_refused_requests_do_not_count(http: aiohttp.ClientSession, clock: VirtualClock) -> None:
    """A request refused by the minute limit leaves the daily count as it was."""
    async with simulator(clock, plan="free") as sim:
        for _ in range(12):
            await get(http, sim, "fake", "games", QUERY)
        status = await get(http, sim, "fake", "status")
    assert status.json()["response"]["requests"]["current"] == 10


async def test_daily_quota_answers_200_with_requests_error(
    http: aiohttp.ClientSession, clock: VirtualClock
) -> None:
    """Past the day's quota: 200 + errors.requests with the provider's wording."""
    async with simulator(clock, plan=TINY) as sim:
        for _ in range(5):
            await get(http, sim, "fake", "games", QUERY)
        refused = await get(http, sim, "fake", "games", QUERY)
    assert refused.status == 200
    message = refused.json()["errors"]["requests"]
    assert message.startswith("You have reached the request limit for the day, Go to ")
    assert refused.headers["x-ratelimit-requests-remaining"] == "0"


async def test_daily_quota_can_answer_429(http: aiohttp.ClientSession, clock: VirtualClock) -> None:
    """With quota429=1 the daily refusal is HTTP 429 with a rateLimit message saying "daily"."""
    async with simulator(clock, plan=TINY, faults=Faults(quota429=1.0)) as sim:
        for _ in range(5):
            await get(http, sim, "fake", "games", QUERY)
        refused = await get(http, sim, "fake", "games", QUERY)
    assert refused.status == 429
    assert "daily request limit" in refused.json()["errors"]["rateLimit"]


async def test_daily_quota_resets_at_utc_midnight(http: aiohttp.ClientSession, clock: VirtualClock) -> None:
    """The daily count resets at 00:00 UTC of the simulator's clock, not before."""
    async with simulator(clock, plan=TINY) as sim:
        for _ in range(5):
            await get(http, sim, "fake", "games", QUERY)
        clock.set(datetime(2024, 11, 5, 23, 59, 59, tzinfo=UTC))
        before = await get(http, sim, "fake", "games", QUERY)
        clock.set(datetime(2024, 11, 6, 0, 0, 0, tzinfo=UTC))
        after = await get(http, sim, "fake", "games", QUERY)
    assert "requests" in before.json()["errors"]
    assert after.json()["errors"] == []
    assert after.headers["x-ratelimit-requests-remaining"] == "4"


async def test_status_answers_an_empty_list_once_the_quota_is_spent(
    http: aiohttp.ClientSession, clock: VirtualClock
) -> None:
    """As observed: /status returns `response: []` when the day's quota is spent."""
    async with simulator(clock, plan=TINY) as sim:
        for _ in range(5):
            await get(http, sim, "fake", "games", QUERY)
        status = await get(http, sim, "fake", "status")
    assert status.json()["response"] == []


async def test_each_sport_has_its_own_daily_counter(http: aiohttp.ClientSession, clock: VirtualClock) -> None:
    """By default every host counts separately (each has its own /status)."""
    async with simulator(clock, plan=TINY, sports=("fake", "fake2")) as sim:
        for _ in range(5):
            await get(http, sim, "fake", "games", QUERY)
        other = await get(http, sim, "fake2", "games", QUERY)
    assert other.json()["errors"] == []


async def test_key_scope_shares_one_budget_across_sports(
    http: aiohttp.ClientSession, clock: VirtualClock
) -> None:
    """With quota_scope="key" the hosts share one daily budget."""
    async with simulator(clock, plan=TINY, sports=("fake", "fake2"), quota_scope="key") as sim:
        for _ in range(5):
            await get(http, sim, "fake", "games", QUERY)
        other = await get(http, sim, "fake2", "games", QUERY)
    assert "requests" in other.json()["errors"]


async def test_each_key_has_its_own_counters(http: aiohttp.ClientSession, clock: VirtualClock) -> None:
    """Two accepted keys are counted apart."""
    async with simulator(clock, plan=TINY, keys=("one", "two")) as sim:
        for _ in range(5):
            await get(http, sim, "fake", "games", QUERY, key="one")
        spent = await get(http, sim, "fake", "games", QUERY, key="one")
        fresh = await get(http, sim, "fake", "games", QUERY, key="two")
    assert "requests" in spent.json()["errors"]
    assert fresh.json()["errors"] == []


async def test_key_plans_give_a_key_its_own_plan(http: aiohttp.ClientSession, clock: VirtualClock) -> None:
    """`key_plans` puts one key on another plan."""
    async with simulator(clock, keys=("pro", "free"), key_plans={"free": "free"}) as sim:
        pro = await get(http, sim, "fake", "games", QUERY, key="pro")
        free = await get(http, sim, "fake", "games", QUERY, key="free")
    assert pro.headers["x-ratelimit-requests-limit"] == "7500"
    assert free.headers["x-ratelimit-requests-limit"] == "100"
