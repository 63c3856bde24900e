"""ApiClient over real loopback HTTP against a scripted server: errors, retries, waits, headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import stamina

from scoracle_core.client import ApiClient, ClientConfig, RetryPolicy, Secret
from scoracle_core.client.ratelimit import LocalRateLimiter, RateLimits
from scoracle_core.client.testing import Reply, ScriptedApi, envelope
from scoracle_core.clock import VirtualClock
from scoracle_core.errors import (
    AuthError,
    ConfigError,
    PermanentApiError,
    PlanError,
    QuotaExhausted,
    RateLimited,
    TransientApiError,
    UnknownSportError,
)

KEY = "k-3f9a1c77e2d5b"
START = datetime(2024, 11, 10, 12, 0, tzinfo=UTC)
FAST = RetryPolicy(attempts=3, wait_initial=1.0, wait_max=10.0, wait_jitter=0.0)


@pytest.fixture
async def api() -> AsyncIterator[ScriptedApi]:
    async with ScriptedApi() as server:
        yield server


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(START)


def make(api: ScriptedApi, clock: VirtualClock, **config: Any) -> ApiClient:
    cfg = ClientConfig(
        retry=config.pop("retry", FAST), total_timeout=config.pop("total_timeout", 5.0), **config
    )
    return ApiClient(
        config=cfg,
        api_key=KEY,
        base_urls={"nba": api.url("/nba"), "football": api.url("/football")},
        clock=clock,
    )


@pytest.mark.anyio
async def test_success_returns_the_envelope(api: ScriptedApi, clock: VirtualClock) -> None:
    """A 200 with empty errors returns its items."""
    api.push(Reply.ok([{"id": 14012}]))
    async with make(api, clock) as client:
        env = await client.get("nba", "games", {"date": "2024-11-06"})
    assert env.items == [{"id": 14012}]
    assert api.requests[0].path == "/nba/games"
    assert api.requests[0].query == {"date": "2024-11-06"}


@pytest.mark.anyio
async def test_key_travels_in_the_apisports_header_only(api: ScriptedApi, clock: VirtualClock) -> None:
    """The key is sent as ``x-apisports-key`` and never in the query string."""
    async with make(api, clock) as client:
        await client.get("nba", "games", {"season": 2024})
    seen = api.requests[0]
    assert seen.headers["x-apisports-key"] == KEY
    assert KEY not in str(seen.query)
    assert "x-rapidapi-key" not in {h.lower() for h in seen.headers}


@pytest.mark.anyio
async def test_rapidapi_mode_sends_rapidapi_headers(api: ScriptedApi, clock: VirtualClock) -> None:
    """RapidAPI mode sends ``x-rapidapi-key`` and ``x-rapidapi-host`` (the base URL's host)."""
    async with make(api, clock, rapidapi=True) as client:
        await client.get("nba", "games")
    headers = {k.lower(): v for k, v in api.requests[0].headers.items()}
    assert headers["x-rapidapi-key"] == KEY
    assert headers["x-rapidapi-host"] == "127.0.0.1"
    assert "x-apisports-key" not in headers


@pytest.mark.anyio
async def test_key_is_read_from_the_environment(
    api: ScriptedApi, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an explicit key, ``API_SPORTS_KEY`` is used."""
    monkeypatch.setenv("API_SPORTS_KEY", "from-env")
    async with ApiClient(base_urls={"nba": api.url("/nba")}, clock=clock) as client:
        await client.get("nba", "games")
    assert api.requests[0].headers["x-apisports-key"] == "from-env"


def test_missing_key_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key anywhere raises ConfigError naming the variable."""
    monkeypatch.delenv("API_SPORTS_KEY", raising=False)
    with pytest.raises(ConfigError, match="API_SPORTS_KEY"):
        ApiClient(base_urls={"nba": "http://127.0.0.1:1/nba"})


def test_repr_of_client_and_config_mask_the_key() -> None:
    """Neither the client's nor the config's repr shows the key."""
    cfg = ClientConfig(api_key=KEY)
    client = ApiClient(config=cfg, base_urls={"nba": "http://127.0.0.1:1/nba"})
    assert KEY not in repr(client)
    assert KEY not in repr(cfg)
    assert KEY not in f"{Secret(KEY)} {Secret(KEY)!r}"
    assert "***" in repr(cfg)


@pytest.mark.anyio
async def test_unknown_sport_is_refused_before_any_request(api: ScriptedApi, clock: VirtualClock) -> None:
    """A sport without a base URL raises UnknownSportError naming the known ones."""
    async with make(api, clock) as client:
        with pytest.raises(UnknownSportError, match="football, nba"):
            await client.get("cricket", "games")
    assert api.requests == []


@pytest.mark.anyio
async def test_auth_error_is_not_retried(api: ScriptedApi, clock: VirtualClock) -> None:
    """HTTP 200 + ``errors.token`` raises AuthError after a single request."""
    api.push(Reply.error("token", "Error/Missing application key."))
    async with make(api, clock) as client:
        with pytest.raises(AuthError):
            await client.get("nba", "games")
    assert len(api.requests) == 1


@pytest.mark.anyio
async def test_plan_error_is_not_retried(api: ScriptedApi, clock: VirtualClock) -> None:
    """``errors.plan`` raises PlanError after a single request."""
    api.push(Reply.error("plan", "Free plans do not have access to this season."))
    async with make(api, clock) as client:
        with pytest.raises(PlanError):
            await client.get("football", "fixtures", {"season": 2025})
    assert len(api.requests) == 1


@pytest.mark.anyio
async def test_bad_parameter_is_not_retried(api: ScriptedApi, clock: VirtualClock) -> None:
    """``errors.date`` raises PermanentApiError after a single request."""
    api.push(Reply.error("date", "The Date field must contain a valid date: Y-m-d"))
    async with make(api, clock) as client:
        with pytest.raises(PermanentApiError, match=r"errors\.date"):
            await client.get("football", "fixtures", {"date": "10-11-2024"})
    assert len(api.requests) == 1


@pytest.mark.anyio
async def test_server_error_is_retried_then_succeeds(api: ScriptedApi, clock: VirtualClock) -> None:
    """A 500 then a 200: the call succeeds on the second attempt."""
    api.push(Reply(status=500, body={"message": "Something went wrong"}), Reply.ok([1]))
    async with make(api, clock) as client:
        env = await client.get("nba", "games")
    assert env.items == [1]
    assert len(api.requests) == 2


@pytest.mark.parametrize("status", [204, 499, 502])
@pytest.mark.anyio
async def test_transient_statuses_are_retried(api: ScriptedApi, clock: VirtualClock, status: int) -> None:
    """204, 499 and 5xx answers are retried."""
    api.push(Reply(status=status, body=envelope(errors={"bug": "on our side"})), Reply.ok([1]))
    async with make(api, clock) as client:
        await client.get("nba", "games")
    assert len(api.requests) == 2


@pytest.mark.anyio
async def test_transient_error_raised_after_the_attempts(api: ScriptedApi, clock: VirtualClock) -> None:
    """Three 500s with three attempts raise TransientApiError after exactly three requests."""
    api.push(*[Reply(status=500)] * 3)
    async with make(api, clock) as client:
        with pytest.raises(TransientApiError) as info:
            await client.get("nba", "games")
    assert info.value.status == 500
    assert len(api.requests) == 3


@pytest.mark.anyio
async def test_backoff_waits_on_the_injected_clock(api: ScriptedApi, clock: VirtualClock) -> None:
    """Exponential backoff (1 s, then 2 s) is virtual time: the clock moves, the test does not wait."""
    api.push(Reply(status=500), Reply(status=500), Reply.ok())
    async with make(api, clock) as client:
        await client.get("nba", "games")
    assert clock.now() - START == timedelta(seconds=3)


@pytest.mark.anyio
async def test_retry_after_is_honoured(api: ScriptedApi, clock: VirtualClock) -> None:
    """A 503 with ``Retry-After: 7`` waits 7 s (not the 1 s backoff) before retrying."""
    api.push(Reply(status=503, headers={"Retry-After": "7"}), Reply.ok())
    async with make(api, clock) as client:
        await client.get("nba", "games")
    assert clock.now() - START == timedelta(seconds=7)


@pytest.mark.anyio
async def test_retry_after_longer_than_max_wait_is_raised(api: ScriptedApi, clock: VirtualClock) -> None:
    """A ``Retry-After`` beyond ``max_wait`` is left to the caller: raised after one request."""
    api.push(Reply(status=503, headers={"Retry-After": "3600"}))
    async with make(api, clock) as client:
        with pytest.raises(TransientApiError) as info:
            await client.get("nba", "games")
    assert info.value.retry_after == 3600
    assert len(api.requests) == 1


@pytest.mark.anyio
async def test_minute_limit_on_200_waits_a_minute_then_succeeds(
    api: ScriptedApi, clock: VirtualClock
) -> None:
    """``errors.rateLimit`` on a 200 holds the sport ~60 s, then the retry succeeds."""
    api.push(
        Reply.error("rateLimit", "Too many requests. Your rate limit is 10 requests per minute."),
        Reply.ok([1]),
    )
    async with make(api, clock) as client:
        env = await client.get("nba", "games")
    assert env.items == [1]
    assert clock.now() - START >= timedelta(seconds=60)


@pytest.mark.anyio
async def test_429_with_retry_after_waits_that_long(api: ScriptedApi, clock: VirtualClock) -> None:
    """A 429 with ``Retry-After: 5`` holds the sport 5 s, then the retry succeeds."""
    api.push(Reply(status=429, headers={"Retry-After": "5"}, body=b"Too Many Requests"), Reply.ok([1]))
    async with make(api, clock) as client:
        await client.get("nba", "games")
    assert clock.now() - START == timedelta(seconds=5)
    assert len(api.requests) == 2


@pytest.mark.anyio
async def test_rate_limited_after_the_attempts(api: ScriptedApi, clock: VirtualClock) -> None:
    """Refused for the rate on every attempt: RateLimited is raised."""
    api.push(*[Reply.error("rateLimit", "Too many requests.")] * 3)
    async with make(api, clock) as client:
        with pytest.raises(RateLimited):
            await client.get("nba", "games")
    assert len(api.requests) == 3


@pytest.mark.anyio
async def test_daily_quota_stops_spending_until_the_reset(api: ScriptedApi, clock: VirtualClock) -> None:
    """After ``errors.requests`` no further request of that sport reaches the server."""
    api.push(Reply.error("requests", "You have reached the request limit for the day"))
    async with make(api, clock) as client:
        with pytest.raises(QuotaExhausted) as first:
            await client.get("nba", "games")
        with pytest.raises(QuotaExhausted) as second:
            await client.get("nba", "players", {"team": 1})
    assert len(api.requests) == 1
    assert first.value.resets_at == second.value.resets_at == datetime(2024, 11, 11, tzinfo=UTC)
    assert client.usage.total(sport="nba", outcome="refused") == 1


@pytest.mark.anyio
async def test_daily_quota_of_one_sport_leaves_others_alone(api: ScriptedApi, clock: VirtualClock) -> None:
    """NBA's spent quota does not stop football calls."""
    api.push(Reply.error("requests", "You have reached the request limit for the day"))
    async with make(api, clock) as client:
        with pytest.raises(QuotaExhausted):
            await client.get("nba", "games")
        await client.get("football", "fixtures")
    assert len(api.requests) == 2


@pytest.mark.anyio
async def test_spending_resumes_after_midnight_utc(api: ScriptedApi, clock: VirtualClock) -> None:
    """Once the clock passes 00:00 UTC the sport may spend again."""
    api.push(Reply.error("requests", "You have reached the request limit for the day"))
    async with make(api, clock) as client:
        with pytest.raises(QuotaExhausted):
            await client.get("nba", "games")
        clock.set(datetime(2024, 11, 11, 0, 0, 1, tzinfo=UTC))
        await client.get("nba", "games")
    assert len(api.requests) == 2


@pytest.mark.anyio
async def test_time_out_is_retried_then_succeeds(api: ScriptedApi, clock: VirtualClock) -> None:
    """An answer slower than the total time-out is retried."""
    api.push(Reply.ok(delay=1.0), Reply.ok([1]))
    async with make(api, clock, total_timeout=0.2) as client:
        env = await client.get("nba", "games")
    assert env.items == [1]
    assert len(api.requests) == 2


@pytest.mark.anyio
async def test_time_out_on_every_attempt_is_transient(api: ScriptedApi, clock: VirtualClock) -> None:
    """Time-outs on every attempt raise TransientApiError saying so."""
    api.push(*[Reply.ok(delay=1.0)] * 2)
    async with make(api, clock, total_timeout=0.2, retry=RetryPolicy(attempts=2, wait_jitter=0.0)) as client:
        with pytest.raises(TransientApiError, match="time-out"):
            await client.get("nba", "games")


@pytest.mark.anyio
async def test_truncated_body_is_retried(api: ScriptedApi, clock: VirtualClock) -> None:
    """A body cut off mid-transfer is retried."""
    api.push(Reply.ok([{"id": i} for i in range(50)], truncate=True), Reply.ok([1]))
    async with make(api, clock) as client:
        env = await client.get("nba", "games")
    assert env.items == [1]


@pytest.mark.anyio
async def test_malformed_json_is_transient_after_the_attempts(api: ScriptedApi, clock: VirtualClock) -> None:
    """Garbage on every attempt raises TransientApiError (malformed)."""
    api.push(*[Reply(body=b'{"get": "games", "respo')] * 3)
    async with make(api, clock) as client:
        with pytest.raises(TransientApiError, match="malformed"):
            await client.get("nba", "games")
    assert len(api.requests) == 3


@pytest.mark.anyio
async def test_connection_refused_is_transient(clock: VirtualClock) -> None:
    """No server listening: TransientApiError after the attempts."""
    cfg = ClientConfig(retry=RetryPolicy(attempts=2, wait_jitter=0.0))
    async with ApiClient(
        config=cfg, api_key=KEY, base_urls={"nba": "http://127.0.0.1:9/nba"}, clock=clock
    ) as client:
        with pytest.raises(TransientApiError, match="nba games"):
            await client.get("nba", "games")


@pytest.mark.anyio
async def test_empty_results_is_a_success(api: ScriptedApi, clock: VirtualClock) -> None:
    """``results: 0`` comes back as an empty envelope, after one request."""
    api.push(Reply.ok([]))
    async with make(api, clock) as client:
        env = await client.get("nba", "games", {"date": "2024-07-01"})
    assert (env.results, env.items) == (0, [])
    assert len(api.requests) == 1


@pytest.mark.anyio
async def test_get_all_pages_merges_every_page(api: ScriptedApi, clock: VirtualClock) -> None:
    """Three pages come back as one envelope; page 1 is asked without ``page``."""
    api.push(Reply.ok([1, 2], paging=(1, 3)), Reply.ok([3, 4], paging=(2, 3)), Reply.ok([5], paging=(3, 3)))
    async with make(api, clock) as client:
        env = await client.get_all_pages("football", "players", {"team": 42, "season": 2024})
    assert env.items == [1, 2, 3, 4, 5]
    assert env.pages == 3
    assert [r.query.get("page") for r in api.requests] == [None, "2", "3"]


@pytest.mark.anyio
async def test_usage_counts_calls_by_sport_endpoint_and_outcome(
    api: ScriptedApi, clock: VirtualClock
) -> None:
    """Every attempt is counted under its outcome."""
    api.push(Reply(status=500), Reply.ok(), Reply.error("plan", "no"))
    async with make(api, clock) as client:
        await client.get("nba", "games")
        with pytest.raises(PlanError):
            await client.get("nba", "games")
    assert client.usage.as_dict() == {"nba": {"games": {"TransientApiError": 1, "ok": 1, "PlanError": 1}}}


@pytest.mark.anyio
async def test_shared_limiter_paces_two_clients_together(api: ScriptedApi, clock: VirtualClock) -> None:
    """Two clients sharing a 2/minute limiter make the third call wait a minute."""
    shared = LocalRateLimiter(RateLimits(per_minute=2, margin=0.0, window_pad=timedelta(0)), clock=clock)
    urls = {"nba": api.url("/nba")}
    async with (
        ApiClient(api_key=KEY, base_urls=urls, clock=clock, limiter=shared) as a,
        ApiClient(api_key=KEY, base_urls=urls, clock=clock, limiter=shared) as b,
    ):
        await a.get("nba", "games")
        await b.get("nba", "games")
        await a.get("nba", "games")
    assert clock.now() - START == timedelta(minutes=1)


@pytest.mark.anyio
async def test_error_message_never_contains_the_key(api: ScriptedApi, clock: VirtualClock) -> None:
    """Even a server that echoes the key in its error text cannot put it in our exception."""
    api.push(Reply.error("token", f"key {KEY} is not valid"))
    async with make(api, clock) as client:
        with pytest.raises(AuthError) as info:
            await client.get("nba", "games")
    assert KEY not in str(info.value)
    assert "***" in str(info.value)


@pytest.mark.anyio
async def test_stamina_testing_mode_caps_the_attempts(api: ScriptedApi, clock: VirtualClock) -> None:
    """stamina drives the attempts: its testing mode (attempts=1) turns retries off."""
    api.push(Reply(status=500), Reply.ok())
    async with make(api, clock) as client:
        with stamina.set_testing(True, attempts=1), pytest.raises(TransientApiError):
            await client.get("nba", "games")
    assert len(api.requests) == 1
    assert clock.now() == START


@pytest.mark.anyio
async def test_long_rate_limit_pause_is_not_waited_in_call(api: ScriptedApi, clock: VirtualClock) -> None:
    """A 429 asking for an hour raises RateLimited at once; the sport stays held for that hour."""
    api.push(Reply(status=429, headers={"Retry-After": "3600"}))
    limiter = LocalRateLimiter(RateLimits.for_plan("pro"), clock=clock)
    async with ApiClient(
        api_key=KEY, base_urls={"nba": api.url("/nba")}, clock=clock, limiter=limiter
    ) as client:
        with pytest.raises(RateLimited):
            await client.get("nba", "games")
    assert limiter.status("nba").paused_until == START + timedelta(hours=1)
    assert len(api.requests) == 1
    assert clock.now() == START
