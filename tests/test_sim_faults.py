"""Fault injection: parsing, seeded draws, and each fault over real HTTP."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest

from scoracle_core.clock import VirtualClock
from scoracle_core.errors import ConfigError
from scoracle_core.sim import Faults, SimConfig, Simulator, parse_faults
from scoracle_core.sim.envelope import MESSAGE_BODY
from scoracle_core.sim.faults import draw_fault
from scoracle_core.sim.testing import fake_world, get

START = datetime(2024, 11, 5, 12, tzinfo=UTC)
QUERY = {"season": 2024}


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain aiohttp session."""
    async with aiohttp.ClientSession() as session:
        yield session


def simulator(faults: Faults, *, seed: int = 5, paging: bool = False) -> Simulator:
    """A fake-sport simulator with ``faults``."""
    world = fake_world(seed=seed, clock=VirtualClock(START, auto=False), paging=paging)
    return Simulator(SimConfig(seed=seed, faults=faults), world=world)


def test_parse_faults_reads_the_cli_spelling() -> None:
    """The CLI string gives rates, latency and jitter in seconds."""
    faults = parse_faults("500=0.02,429=0.01,timeout=0.01,malformed=0.01,latency=20ms±10ms")
    assert (faults.http500, faults.http429, faults.timeout, faults.malformed) == (0.02, 0.01, 0.01, 0.01)
    assert (faults.latency, faults.jitter) == pytest.approx((0.02, 0.01))


def test_parse_faults_reads_hang_and_ascii_jitter() -> None:
    """`hang=2s` sets the time-out hold; `+-` works for ±."""
    faults = parse_faults("204=0.1,499=0.1,hang=2s,latency=5+-1ms,ratelimit429=0.5,quota429=1")
    assert (faults.http204, faults.http499, faults.hang) == (0.1, 0.1, 2.0)
    assert (faults.latency, faults.jitter) == pytest.approx((0.005, 0.001))
    assert (faults.ratelimit429, faults.quota429) == (0.5, 1.0)


def test_parse_faults_of_nothing_is_no_fault() -> None:
    """An empty string (or "none") means no faults."""
    assert parse_faults("") == parse_faults("none") == Faults()


@pytest.mark.parametrize("text", ["501=0.1", "500", "500=abc", "500=1.5", "500=0.6,499=0.6", "latency=fast"])
def test_parse_faults_refuses_bad_specs(text: str) -> None:
    """Unknown keys, missing or bad values and rates over 1 are ConfigErrors."""
    with pytest.raises(ConfigError):
        parse_faults(text)


def test_fault_draws_are_deterministic_per_seed_and_sequence() -> None:
    """The same seed and request number always draw the same fault."""
    faults = Faults(http500=0.3, timeout=0.2)
    first = [draw_fault(faults, seed=9, sequence=n) for n in range(1, 200)]
    again = [draw_fault(faults, seed=9, sequence=n) for n in range(1, 200)]
    other = [draw_fault(faults, seed=10, sequence=n) for n in range(1, 200)]
    assert first == again
    assert first != other


def test_fault_draws_follow_the_configured_rates() -> None:
    """Over many draws each fault happens at about its rate."""
    faults = Faults(http204=0.05, http429=0.05, http499=0.05, http500=0.1, timeout=0.05, malformed=0.1)
    kinds = Counter(draw_fault(faults, seed=1, sequence=n).kind for n in range(1, 20_001))
    for kind in ("http204", "http429", "http499", "http500", "timeout", "malformed"):
        assert kinds[kind] / 20_000 == pytest.approx(faults.rate(kind), abs=0.01)  # type: ignore[arg-type]


def test_latency_stays_within_the_jitter() -> None:
    """Latency is the mean ± the jitter."""
    faults = Faults(latency=0.02, jitter=0.01)
    delays = [draw_fault(faults, seed=1, sequence=n).delay for n in range(1, 500)]
    assert min(delays) >= 0.01
    assert max(delays) <= 0.03


@pytest.mark.anyio
async def test_http500_fault_answers_the_provider_message(http: aiohttp.ClientSession) -> None:
    """A 500 fault: HTTP 500 with {"message": ...}."""
    async with simulator(Faults(http500=1.0)) as sim:
        reply = await get(http, sim, "fake", "games", QUERY)
    assert reply.status == 500
    assert reply.json() == MESSAGE_BODY


@pytest.mark.anyio
async def test_http499_fault_answers_the_provider_message(http: aiohttp.ClientSession) -> None:
    """A 499 fault: HTTP 499 with {"message": ...}."""
    async with simulator(Faults(http499=1.0)) as sim:
        reply = await get(http, sim, "fake", "games", QUERY)
    assert reply.status == 499
    assert reply.json() == MESSAGE_BODY


@pytest.mark.anyio
async def test_http204_fault_answers_204_without_a_body(http: aiohttp.ClientSession) -> None:
    """A 204 fault: HTTP 204; HTTP forbids a body, so the bug envelope is dropped on the wire."""
    async with simulator(Faults(http204=1.0)) as sim:
        reply = await get(http, sim, "fake", "games", QUERY)
        [entry] = sim.log.entries
    assert reply.status == 204
    assert reply.body == b""
    assert entry.error == "http204"


@pytest.mark.anyio
async def test_http429_fault_answers_a_rate_limit_error(http: aiohttp.ClientSession) -> None:
    """A 429 fault: HTTP 429 with errors.rateLimit, rate-limit headers attached."""
    async with simulator(Faults(http429=1.0)) as sim:
        reply = await get(http, sim, "fake", "games", QUERY)
    assert reply.status == 429
    assert set(reply.json()["errors"]) == {"rateLimit"}
    assert "X-RateLimit-Remaining" in reply.headers


@pytest.mark.anyio
async def test_malformed_fault_answers_a_body_that_is_not_json(http: aiohttp.ClientSession) -> None:
    """A malformed fault: status 200 and a body that does not parse."""
    async with simulator(Faults(malformed=1.0)) as sim:
        replies = [await get(http, sim, "fake", "games", QUERY) for _ in range(6)]
    assert {r.status for r in replies} == {200}
    for reply in replies:
        with pytest.raises(json.JSONDecodeError):
            reply.json()


@pytest.mark.anyio
async def test_timeout_fault_holds_the_answer_past_the_client_timeout(http: aiohttp.ClientSession) -> None:
    """A time-out fault holds the answer for `hang` seconds; the request is logged all the same."""
    async with simulator(Faults(timeout=1.0, hang=5.0)) as sim:
        with pytest.raises(TimeoutError):
            await get_with_timeout(http, sim, 0.2)
        [entry] = sim.log.entries
    assert entry.error == "timeout"
    assert entry.counted


async def get_with_timeout(http: aiohttp.ClientSession, sim: Simulator, seconds: float) -> Any:
    """GET games with a client time-out."""
    timeout = aiohttp.ClientTimeout(total=seconds)
    url = f"{sim.base_urls['fake']}/games"
    async with http.get(
        url, params={"season": "2024"}, headers={"x-apisports-key": "demo"}, timeout=timeout
    ) as r:
        return await r.read()


@pytest.mark.anyio
async def test_timeout_fault_answers_normally_after_the_hang(http: aiohttp.ClientSession) -> None:
    """A patient client gets the normal answer once the hang is over."""
    async with simulator(Faults(timeout=1.0, hang=0.2)) as sim:
        began = time.monotonic()
        reply = await get(http, sim, "fake", "games", QUERY)
    assert time.monotonic() - began >= 0.2
    assert reply.json()["errors"] == []


@pytest.mark.anyio
async def test_latency_delays_every_data_answer(http: aiohttp.ClientSession) -> None:
    """Latency is added to each data request."""
    async with simulator(Faults(latency=0.1)) as sim:
        began = time.monotonic()
        await get(http, sim, "fake", "games", QUERY)
    assert time.monotonic() - began >= 0.1


@pytest.mark.anyio
async def test_faults_repeat_for_the_same_seed(http: aiohttp.ClientSession) -> None:
    """Two simulators with the same seed answer the same request sequence with the same statuses."""
    faults = Faults(http500=0.2, http499=0.1, http204=0.1, malformed=0.1)
    runs = []
    for _ in range(2):
        async with simulator(faults, seed=21) as sim:
            runs.append([(await get(http, sim, "fake", "games", QUERY)).status for _ in range(40)])
    assert runs[0] == runs[1]
    assert len(set(runs[0])) > 1


@pytest.mark.anyio
async def test_faulted_requests_count_against_the_quota(http: aiohttp.ClientSession) -> None:
    """A faulted request reached the API: it is counted and logged."""
    async with simulator(Faults(http500=1.0)) as sim:
        await get(http, sim, "fake", "games", QUERY)
        status = await get(http, sim, "fake", "status")
        entries = sim.log.select(error="http500")
    assert status.json()["response"]["requests"]["current"] == 1
    assert len(entries) == 1


@pytest.mark.anyio
async def test_status_is_never_faulted(http: aiohttp.ClientSession) -> None:
    """/status answers normally whatever the fault rates."""
    async with simulator(Faults(http500=1.0)) as sim:
        reply = await get(http, sim, "fake", "status")
    assert reply.status == 200


@pytest.mark.anyio
async def test_queued_faults_come_first_in_order(http: aiohttp.ClientSession) -> None:
    """queue_faults forces the next requests' faults, then the seeded draws resume."""
    async with simulator(Faults()) as sim:
        sim.queue_faults("http500", None, "http499")
        statuses = [(await get(http, sim, "fake", "games", QUERY)).status for _ in range(4)]
    assert statuses == [500, 200, 499, 200]


@pytest.mark.anyio
async def test_fault_rates_can_change_while_running(http: aiohttp.ClientSession) -> None:
    """set_faults switches the rates for the following requests."""
    async with simulator(Faults()) as sim:
        before = await get(http, sim, "fake", "games", QUERY)
        sim.set_faults(Faults(http500=1.0))
        after = await get(http, sim, "fake", "games", QUERY)
    assert (before.status, after.status) == (200, 500)
