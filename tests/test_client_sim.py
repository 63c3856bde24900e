"""ApiClient against the real simulator over loopback HTTP: every quirk, classified and handled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from scoracle_core.client import ApiClient, ClientConfig, RetryPolicy
from scoracle_core.clock import VirtualClock
from scoracle_core.errors import (
    AuthError,
    PermanentApiError,
    PlanError,
    QuotaExhausted,
    RateLimited,
    TransientApiError,
)
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.sim import Faults, Plan, SimConfig, Simulator
from scoracle_core.sim.faults import FaultKind, draw_fault
from scoracle_core.sim.testing import FakeSport, fake_world, get

pytestmark = pytest.mark.anyio

KEY = "sim-key-7c1d02"
START = datetime(2024, 11, 5, 20, 0, 10, tzinfo=UTC)
QUERY = {"season": 2023}
TINY_DAY = Plan(name="Pro", per_day=3, per_minute=100)
TWO_A_MINUTE = Plan(name="Pro", per_day=1000, per_minute=2)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(START)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """Another user of the same key (a second process), spending its quota."""
    async with aiohttp.ClientSession() as session:
        yield session


def simulator(clock: VirtualClock, *, seed: int = 1, paging: bool = False, **config: Any) -> Simulator:
    world = fake_world(seed=seed, clock=clock, paging=paging)
    return Simulator(SimConfig(seed=seed, keys=(KEY,), clock=clock, **config), world=world)


def client(sim: Simulator, clock: VirtualClock, *, key: str = KEY, **config: Any) -> ApiClient:
    cfg = ClientConfig(
        retry=config.pop("retry", RetryPolicy(attempts=3, wait_jitter=0.0)),
        total_timeout=config.pop("total_timeout", 5.0),
        **config,
    )
    return ApiClient([FakeSport()], config=cfg, api_key=key, base_urls=sim.base_urls, clock=clock)


def seed_where_first_request_fails(faults: Faults, kind: FaultKind) -> int:
    """A simulator seed whose first data request draws ``kind`` and whose second draws nothing."""
    for seed in range(1, 10_000):
        first, second = draw_fault(faults, seed=seed, sequence=1), draw_fault(faults, seed=seed, sequence=2)
        if first.kind == kind and second.kind is None:
            return seed
    raise AssertionError(f"no seed draws {kind} then nothing")


async def test_success_carries_the_quota_headers(clock: VirtualClock) -> None:
    """A clean answer is an envelope with the simulator's four rate-limit headers read."""
    async with simulator(clock, plan="free") as sim, client(sim, clock) as api:
        env = await api.get("fake", "games", QUERY)
    assert (env.quota.day_limit, env.quota.day_remaining) == (100, 99)
    assert (env.quota.minute_limit, env.quota.minute_remaining) == (10, 9)


async def test_empty_results_is_a_success(clock: VirtualClock) -> None:
    """A season without games answers ``results: 0``: a success after one request."""
    async with simulator(clock) as sim, client(sim, clock) as api:
        env = await api.get("fake", "games", QUERY)
    assert (env.results, env.items) == (0, [])
    assert len(sim.log) == 1


async def test_wrong_key_is_auth_error_without_retry(clock: VirtualClock) -> None:
    """An unknown key (200 + errors.token) raises AuthError after one request."""
    async with simulator(clock) as sim, client(sim, clock, key="not-the-key") as api:
        with pytest.raises(AuthError):
            await api.get("fake", "games", QUERY)
    assert [e.error for e in sim.log] == ["token"]


async def test_free_plan_refusal_is_plan_error_without_retry(clock: VirtualClock) -> None:
    """The free plan refusing ``ids`` (errors.plan) raises PlanError after one request."""
    async with simulator(clock, plan="free") as sim, client(sim, clock) as api:
        with pytest.raises(PlanError, match="Ids"):
            await api.get("fake", "games", {"ids": "1-2"})
    assert [e.error for e in sim.log] == ["plan"]


async def test_unknown_parameter_is_permanent_without_retry(clock: VirtualClock) -> None:
    """An unknown parameter (errors.<param>) raises PermanentApiError after one request."""
    async with simulator(clock) as sim, client(sim, clock) as api:
        with pytest.raises(PermanentApiError, match=r"errors\.colour"):
            await api.get("fake", "games", {"colour": "red"})
    assert [e.error for e in sim.log] == ["param"]


@pytest.mark.parametrize("as_429", [False, True])
async def test_minute_limit_waits_for_the_next_minute_then_succeeds(
    clock: VirtualClock, http: aiohttp.ClientSession, as_429: bool
) -> None:
    """Refused for the minute (200 or 429) because another process spent it: wait, then succeed."""
    faults = Faults(ratelimit429=1.0 if as_429 else 0.0)
    async with simulator(clock, plan=TWO_A_MINUTE, faults=faults) as sim, client(sim, clock) as api:
        for _ in range(2):
            await get(http, sim, "fake", "games", QUERY, key=KEY)
        env = await api.get("fake", "games", QUERY)
    assert env.results == 0
    assert [e.error for e in sim.log][2:] == ["rateLimit", None]
    assert [e.status for e in sim.log][2:] == [429 if as_429 else 200, 200]
    assert clock.now() >= START.replace(second=0) + timedelta(minutes=1)


async def test_own_calls_never_hit_the_minute_limit(clock: VirtualClock) -> None:
    """Ten calls on a 2/minute plan: the limiter learns the limit from the headers and paces itself."""
    async with simulator(clock, plan=TWO_A_MINUTE) as sim, client(sim, clock, plan="pro") as api:
        for _ in range(10):
            await api.get("fake", "games", QUERY)
    assert sim.log.by_error() == {"ok": 10}
    assert clock.now() - START >= timedelta(minutes=4)


@pytest.mark.parametrize("as_429", [False, True])
async def test_daily_quota_stops_every_further_request(
    clock: VirtualClock, http: aiohttp.ClientSession, as_429: bool
) -> None:
    """Once the day is refused (200 or 429), later calls raise without reaching the simulator."""
    faults = Faults(quota429=1.0 if as_429 else 0.0)
    async with simulator(clock, plan=TINY_DAY, faults=faults) as sim, client(sim, clock) as api:
        for _ in range(3):
            await get(http, sim, "fake", "games", QUERY, key=KEY)
        with pytest.raises(QuotaExhausted) as first:
            await api.get("fake", "games", QUERY)
        seen = len(sim.log)
        for _ in range(3):
            with pytest.raises(QuotaExhausted):
                await api.get("fake", "players", {"team": 1, "season": 2024})
    assert len(sim.log) == seen == 4
    assert first.value.resets_at == datetime(2024, 11, 6, tzinfo=UTC)
    assert api.usage.total(outcome="refused") == 3


async def test_own_spending_stops_at_the_daily_quota(clock: VirtualClock) -> None:
    """The headers tell the limiter the day is used up: the 4th call of a 3/day plan is never sent."""
    async with simulator(clock, plan=TINY_DAY) as sim, client(sim, clock) as api:
        for _ in range(3):
            await api.get("fake", "games", QUERY)
        with pytest.raises(QuotaExhausted):
            await api.get("fake", "games", QUERY)
    assert len(sim.log) == 3


@pytest.mark.parametrize("kind", ["http204", "http499", "http500", "malformed"])
async def test_transient_fault_is_retried_then_succeeds(clock: VirtualClock, kind: FaultKind) -> None:
    """A 204, 499, 500 or malformed body on the first attempt: the second attempt succeeds."""
    faults = Faults(**{kind: 0.5})
    seed = seed_where_first_request_fails(faults, kind)
    async with simulator(clock, seed=seed, faults=faults) as sim, client(sim, clock) as api:
        env = await api.get("fake", "games", QUERY)
    assert env.results == 0
    assert [e.error for e in sim.log] == [kind, None]


@pytest.mark.parametrize("kind", ["http204", "http429", "http499", "http500", "malformed"])
async def test_persistent_fault_is_transient_after_the_attempts(clock: VirtualClock, kind: FaultKind) -> None:
    """The same fault on every attempt: TransientApiError after exactly the configured attempts."""
    async with simulator(clock, faults=Faults(**{kind: 1.0})) as sim, client(sim, clock) as api:
        with pytest.raises(TransientApiError):
            await api.get("fake", "games", QUERY)
    assert [e.error for e in sim.log] == [kind] * 3


async def test_time_out_is_retried_then_succeeds(clock: VirtualClock) -> None:
    """A held answer (time-out fault) is abandoned after the client's time-out and retried."""
    faults = Faults(timeout=0.5, hang=2.0)
    seed = seed_where_first_request_fails(faults, "timeout")
    async with (
        simulator(clock, seed=seed, faults=faults) as sim,
        client(sim, clock, total_timeout=0.3) as api,
    ):
        env = await api.get("fake", "games", QUERY)
    assert env.results == 0
    assert len(sim.log) == 2


async def test_time_out_on_every_attempt_is_transient(clock: VirtualClock) -> None:
    """Held answers on every attempt raise TransientApiError (time-out)."""
    faults = Faults(timeout=1.0, hang=2.0)
    retry = RetryPolicy(attempts=2, wait_jitter=0.0)
    async with (
        simulator(clock, faults=faults) as sim,
        client(sim, clock, total_timeout=0.3, retry=retry) as api,
    ):
        with pytest.raises(TransientApiError, match="time-out"):
            await api.get("fake", "games", QUERY)
    assert len(sim.log) == 2


async def test_429_fault_is_rate_limited_then_succeeds(clock: VirtualClock) -> None:
    """An injected 429 is a per-minute refusal: the sport waits, then the retry succeeds."""
    faults = Faults(http429=0.5)
    seed = seed_where_first_request_fails(faults, "http429")
    async with simulator(clock, seed=seed, faults=faults) as sim, client(sim, clock) as api:
        await api.get("fake", "games", QUERY)
    assert [e.error for e in sim.log] == ["http429", None]
    assert clock.now() - START >= timedelta(seconds=60)


async def test_rate_limited_error_keeps_its_class(clock: VirtualClock) -> None:
    """A 429 on every attempt raises RateLimited (a TransientApiError)."""
    async with simulator(clock, faults=Faults(http429=1.0)) as sim, client(sim, clock) as api:
        with pytest.raises(RateLimited):
            await api.get("fake", "games", QUERY)
    assert len(sim.log) == 3


async def test_all_pages_of_a_paged_endpoint(clock: VirtualClock) -> None:
    """``get_all_pages`` walks every page of a paged endpoint and merges the items in order."""
    async with simulator(clock, paging=True) as sim, client(sim, clock) as api:
        one_page = await api.get("fake", "players", {"team": 1, "season": 2024})
        merged = await api.get_all_pages("fake", "players", {"team": 1, "season": 2024})
    assert one_page.paging is not None
    assert merged.pages == one_page.paging.total > 1
    assert merged.results == len(merged.items) == 10
    assert [e.params.get("page") for e in sim.log][1:] == [None] + [
        str(n) for n in range(2, merged.pages + 1)
    ]


async def test_simulator_log_never_sees_the_key_in_params(clock: VirtualClock) -> None:
    """The key travels as a header: the simulator logs its label, never a query parameter."""
    async with simulator(clock) as sim, client(sim, clock) as api:
        await api.get("fake", "games", QUERY)
    (entry,) = sim.log
    assert entry.key.startswith("key:")
    assert KEY not in repr(entry)


@pytest.fixture(scope="module")
def plugin_sports() -> Sports:
    """The installed sport plugins (NBA, NFL, football)."""
    sports = load_plugins()
    if not {"nba", "nfl", "football"} <= set(sports.keys()):
        pytest.skip("the three sport plugins are not installed")
    return sports


async def test_nba_game_lines_come_from_the_real_nba_api(clock: VirtualClock, plugin_sports: Sports) -> None:
    """A finished NBA game's player lines arrive in one call to ``players/statistics``."""
    async with Simulator(SimConfig(seed=3, keys=(KEY,), clock=clock), sports=plugin_sports) as sim:
        [game] = sim.world.add_games(
            [("nba", "standard", 2024, "nba:bos", "nba:lal", START - timedelta(hours=5))]
        )
        async with ApiClient(plugin_sports, api_key=KEY, base_urls=sim.base_urls, clock=clock) as api:
            env = await api.get("nba", "players/statistics", {"game": game.api_id})
    assert env.results == len(sim.world.truth_player_lines(game.api_id))
    assert sim.log.by_endpoint() == {"nba/players/statistics": 1}


async def test_football_squad_pages_are_all_fetched(clock: VirtualClock, plugin_sports: Sports) -> None:
    """Football ``players`` (20 a page) comes back whole through ``get_all_pages``."""
    sim = Simulator(SimConfig(seed=3, keys=(KEY,), clock=clock), sports=plugin_sports)
    async with sim, ApiClient(plugin_sports, api_key=KEY, base_urls=sim.base_urls, clock=clock) as api:
        env = await api.get_all_pages("football", "players", {"team": 42, "season": 2024, "league": 39})
    assert env.pages == sim.log.total(sport="football", endpoint="players") > 1
    assert env.results > 20
