"""The simulator's request log: what it records, its counters, and that it never holds a key."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest

from scoracle_core.clock import VirtualClock
from scoracle_core.sim import SimConfig, Simulator, key_label
from scoracle_core.sim.testing import fake_world, get

pytestmark = pytest.mark.anyio

START = datetime(2024, 11, 5, 12, tzinfo=UTC)
SECRET = "s3cr3t-key-0123456789abcdef"


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    """A two-sport fake simulator that accepts SECRET, after a mixed run of requests."""
    world = fake_world(seed=2, clock=VirtualClock(START, auto=False), sports=("fake", "fake2"))
    async with Simulator(SimConfig(seed=2, keys=(SECRET, "other")), world=world) as server:
        async with aiohttp.ClientSession() as http:
            await get(http, server, "fake", "games", {"season": 2024}, key=SECRET)
            await get(http, server, "fake", "games", {"season": 2023}, key=SECRET)
            await get(http, server, "fake", "players", {"team": 1, "season": 2024}, key="other")
            await get(http, server, "fake2", "games", {"season": 2024}, key=SECRET)
            await get(http, server, "fake", "games", {"season": 2024}, key="wrong")
            await get(http, server, "fake", "games", {"season": 2024}, key=None)
            await get(http, server, "fake", "status", key=SECRET)
        yield server


async def test_every_request_is_logged_in_order(sim: Simulator) -> None:
    """Each request gets an entry with its sequence number, sport, endpoint, params and status."""
    entries = sim.log.entries
    assert [e.seq for e in entries] == list(range(1, 8))
    assert (entries[0].sport, entries[0].endpoint, dict(entries[0].params)) == (
        "fake",
        "games",
        {"season": "2024"},
    )
    assert entries[0].at == START
    assert [e.status for e in entries] == [200, 200, 200, 200, 200, 403, 200]


async def test_log_counts_calls_per_endpoint(sim: Simulator) -> None:
    """by_endpoint counts "sport/endpoint", or endpoints within one sport."""
    assert sim.log.by_endpoint()["fake/games"] == 4
    assert sim.log.by_endpoint(sport="fake") == {"games": 4, "players": 1, "status": 1}


async def test_log_counts_calls_per_key(sim: Simulator) -> None:
    """by_key counts per key label; a raw key works as a filter too."""
    assert sim.log.by_key()[key_label(SECRET)] == 4
    assert sim.log.total(key=SECRET) == 4
    assert sim.log.total(key="none") == 1


async def test_log_counts_calls_per_sport_and_in_total(sim: Simulator) -> None:
    """by_sport and total count every request."""
    assert sim.log.by_sport() == {"fake": 6, "fake2": 1}
    assert sim.log.total() == len(sim.log) == 7


async def test_log_records_the_error_kind(sim: Simulator) -> None:
    """Wrong and missing keys are logged as "token" errors, not counted."""
    tokens = sim.log.select(error="token")
    assert len(tokens) == 2
    assert not any(e.counted for e in tokens)
    assert sim.log.by_error()["ok"] == 5


async def test_status_is_logged_but_not_counted(sim: Simulator) -> None:
    """/status is in the log with counted False."""
    [status] = sim.log.select(endpoint="status")
    assert not status.counted


async def test_the_raw_key_never_appears_in_the_log(sim: Simulator) -> None:
    """Neither the log, its entries, nor the config print the key."""
    printed = [repr(sim.log), str(sim.log), repr(sim.config), str(sim.config), repr(sim)]
    printed += [repr(e) for e in sim.log] + [str(e) for e in sim.log]
    assert not any(SECRET in text or "wrong" in text for text in printed)


async def test_key_label_is_a_short_stable_hash() -> None:
    """key_label gives "key:" + 8 hex digits, the same every time, "none" without a key."""
    assert key_label(SECRET) == key_label(SECRET)
    assert key_label(SECRET).startswith("key:")
    assert len(key_label(SECRET)) == 12
    assert key_label(None) == "none"
