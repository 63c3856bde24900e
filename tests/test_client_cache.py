"""Caching in the store: rosters a day, profiles until invalidated, statistics never."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scoracle_core.client import FOREVER, ROSTER_TTL, ApiClient, ClientConfig
from scoracle_core.client.ratelimit import LocalRateLimiter, RateLimits
from scoracle_core.client.testing import Reply, ScriptedApi
from scoracle_core.clock import VirtualClock
from scoracle_core.errors import ConfigError
from scoracle_core.store.base import Store
from scoracle_core.store.sqlite import SQLiteStore

KEY = "k-cache-5512"
START = datetime(2024, 11, 10, 12, 0, tzinfo=UTC)
ROSTER = {"team": 17, "season": 2024}


@pytest.fixture
async def api() -> AsyncIterator[ScriptedApi]:
    async with ScriptedApi() as server:
        yield server


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/client-cache.db"


@pytest.fixture
async def file_store(db_url: str) -> AsyncIterator[Store]:
    opened = await SQLiteStore.open(db_url)
    yield opened
    await opened.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """Each test runs on a SQLite file and on PostgreSQL."""
    found: Store = request.getfixturevalue("file_store" if request.param == "sqlite" else "pg_store")
    return found


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(START)


def make(api: ScriptedApi, store: Store, clock: VirtualClock, **kw: object) -> ApiClient:
    return ApiClient(
        config=ClientConfig(flush_interval=None),
        api_key=KEY,
        base_urls={"nba": api.url("/nba")},
        store=store,
        clock=clock,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.anyio
async def test_cached_roster_is_served_without_a_request(
    api: ScriptedApi, store: Store, clock: VirtualClock
) -> None:
    """The second roster call within 24 h is a cache hit: one request in all."""
    api.push(Reply.ok([{"id": 265}]))
    async with make(api, store, clock) as client:
        first = await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
        second = await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
    assert (first.cached, second.cached) == (False, True)
    assert second.items == [{"id": 265}]
    assert len(api.requests) == 1


@pytest.mark.anyio
async def test_cached_roster_survives_a_new_client_on_the_same_store(
    api: ScriptedApi, store: Store, clock: VirtualClock
) -> None:
    """A client started later (a restart) finds the roster another one cached."""
    async with make(api, store, clock) as client:
        await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
    async with make(api, store, clock) as client:
        env = await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
    assert env.cached
    assert len(api.requests) == 1


@pytest.mark.anyio
async def test_cached_roster_survives_reopening_the_database(
    api: ScriptedApi, db_url: str, clock: VirtualClock
) -> None:
    """The cache lives in the database file: closing and reopening the store keeps it."""
    first = await SQLiteStore.open(db_url)
    async with make(api, first, clock) as client:
        await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
    await first.close()
    second = await SQLiteStore.open(db_url)
    try:
        async with make(api, second, clock) as client:
            assert (await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)).cached
    finally:
        await second.close()
    assert len(api.requests) == 1


@pytest.mark.anyio
async def test_roster_is_fetched_again_after_24_hours(
    api: ScriptedApi, store: Store, clock: VirtualClock
) -> None:
    """Past its 24 h TTL the roster is requested again."""
    async with make(api, store, clock) as client:
        await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
        clock.advance(timedelta(hours=24, seconds=1))
        env = await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
    assert not env.cached
    assert len(api.requests) == 2


@pytest.mark.anyio
async def test_profile_is_kept_until_invalidated(api: ScriptedApi, store: Store, clock: VirtualClock) -> None:
    """A FOREVER entry outlives a year and goes only when invalidated."""
    async with make(api, store, clock) as client:
        await client.get("nba", "players", {"id": 265}, cache_ttl=FOREVER, cache_key="profile:265")
        clock.advance(timedelta(days=400))
        assert (
            await client.get("nba", "players", {"id": 265}, cache_ttl=FOREVER, cache_key="profile:265")
        ).cached
        assert await client.invalidate("nba", "profile:") == 1
        again = await client.get("nba", "players", {"id": 265}, cache_ttl=FOREVER, cache_key="profile:265")
    assert not again.cached
    assert len(api.requests) == 2


@pytest.mark.parametrize("endpoint", ["games/statistics", "players/statistics", "fixtures/players"])
@pytest.mark.anyio
async def test_statistics_are_never_cached(
    api: ScriptedApi, store: Store, clock: VirtualClock, endpoint: str
) -> None:
    """Asking to cache a statistics endpoint is refused before any request."""
    async with make(api, store, clock) as client:
        with pytest.raises(ConfigError, match="never cached"):
            await client.get("nba", endpoint, {"game": 14012}, cache_ttl=ROSTER_TTL)
    assert api.requests == []


@pytest.mark.anyio
async def test_calls_without_cache_ttl_are_not_cached(
    api: ScriptedApi, store: Store, clock: VirtualClock
) -> None:
    """Without ``cache_ttl`` every call goes to the API."""
    async with make(api, store, clock) as client:
        await client.get("nba", "players", ROSTER)
        env = await client.get("nba", "players", ROSTER)
    assert not env.cached
    assert len(api.requests) == 2


@pytest.mark.anyio
async def test_cache_hits_do_not_spend_quota(api: ScriptedApi, store: Store, clock: VirtualClock) -> None:
    """With one request left today, cached rosters are still served and the count stays at one."""
    limiter = LocalRateLimiter(RateLimits(per_day=1, margin=0.0), clock=clock)
    async with make(api, store, clock, limiter=limiter) as client:
        for _ in range(5):
            await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
    assert limiter.status("nba").day_used == 1
    assert await store.count_api_calls(since=START, sport="nba") == 1
    assert await store.count_api_calls(since=START, sport="nba", cached=True) == 5


@pytest.mark.anyio
async def test_cache_hit_is_recorded_as_a_cached_call(
    api: ScriptedApi, store: Store, clock: VirtualClock
) -> None:
    """A hit is an ApiCall row with ``cached=True`` and no status."""
    async with make(api, store, clock) as client:
        await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
        await client.get("nba", "players", ROSTER, cache_ttl=ROSTER_TTL)
    calls = await store.find_api_calls(sport="nba")
    assert [(c.cached, c.status) for c in calls] == [(False, 200), (True, None)]
    assert client.usage.total(outcome="cached") == 1


@pytest.mark.anyio
async def test_invalid_ttl_is_refused(api: ScriptedApi, store: Store, clock: VirtualClock) -> None:
    """A zero or negative TTL is a ConfigError."""
    async with make(api, store, clock) as client:
        with pytest.raises(ConfigError, match="cache_ttl"):
            await client.get("nba", "players", ROSTER, cache_ttl=timedelta(0))
