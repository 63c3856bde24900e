"""Free-plan gating and paging, through the core machinery (fake sport)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from scoracle_core.clock import VirtualClock
from scoracle_core.sim import SimConfig, Simulator, shape_diff
from scoracle_core.sim.testing import fake_world, get

pytestmark = pytest.mark.anyio

START = datetime(2024, 11, 5, 12, tzinfo=UTC)
EXAMPLE = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "api-sports"
    / "examples"
    / "football_error_plan.json"
)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain aiohttp session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def free() -> AsyncIterator[Simulator]:
    """A paged fake simulator on the free plan, with a game this season and one last season."""
    world = fake_world(seed=1, clock=VirtualClock(START, auto=False), paging=True)
    world.add_games(
        [
            ("fake", "fl", 2024, "fake:ants", "fake:bees", START),
            ("fake", "fl", 2023, "fake:ants", "fake:bees", datetime(2023, 5, 1, tzinfo=UTC)),
        ]
    )
    async with Simulator(SimConfig(seed=1, plan="free"), world=world) as server:
        yield server


async def test_free_plan_refuses_the_current_season(http: aiohttp.ClientSession, free: Simulator) -> None:
    """season = the current one on the free plan: errors.plan naming the allowed window."""
    body = (await get(http, free, "fake", "games", {"season": 2024})).json()
    assert body["errors"] == {"plan": "Free plans do not have access to this season, try from 2021 to 2023."}
    if EXAMPLE.exists():
        reference = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        assert shape_diff(reference, body, ignore={"$.parameters"}) == []


async def test_free_plan_allows_past_seasons(http: aiohttp.ClientSession, free: Simulator) -> None:
    """A season inside the window is served."""
    body = (await get(http, free, "fake", "games", {"season": 2023})).json()
    assert body["errors"] == []
    assert body["results"] == 1


async def test_free_plan_refuses_dates_beyond_a_day(http: aiohttp.ClientSession, free: Simulator) -> None:
    """Dates outside yesterday..tomorrow are refused; inside they are served."""
    far = (await get(http, free, "fake", "games", {"date": "2024-11-08"})).json()
    near = (await get(http, free, "fake", "games", {"date": "2024-11-06"})).json()
    assert far["errors"] == {
        "plan": "Free plans do not have access to this date, try from 2024-11-04 to 2024-11-06."
    }
    assert near["errors"] == []


@pytest.mark.parametrize(("param", "word"), [("ids", "Ids"), ("last", "Last")])
async def test_free_plan_refuses_ids_and_last(
    http: aiohttp.ClientSession, free: Simulator, param: str, word: str
) -> None:
    """The ids and last parameters are refused on the free plan."""
    body = (await get(http, free, "fake", "games", {param: "1"})).json()
    assert body["errors"] == {"plan": f"Free plans do not have access to the {word} parameter."}


async def test_free_plan_refuses_a_current_season_game_by_id(
    http: aiohttp.ClientSession, free: Simulator
) -> None:
    """A game of the current season asked by id is refused too."""
    game = free.world.games("fake", season=2024)[0]
    body = (await get(http, free, "fake", "games", {"id": game.api_id})).json()
    assert set(body["errors"]) == {"plan"}


async def test_paged_endpoint_serves_page_by_page(http: aiohttp.ClientSession, free: Simulator) -> None:
    """A paged endpoint cuts the list into pages and says which page of how many."""
    pages = [
        (await get(http, free, "fake", "players", {"team": 1, "season": 2023, "page": p})).json()
        for p in (1, 4)
    ]
    assert [b["paging"] for b in pages] == [{"current": 1, "total": 4}, {"current": 4, "total": 4}]
    assert [b["results"] for b in pages] == [3, 1]
    assert pages[0]["parameters"]["page"] == "1"


async def test_page_past_the_last_is_refused(http: aiohttp.ClientSession, free: Simulator) -> None:
    """A page beyond the last: errors.page."""
    body = (await get(http, free, "fake", "players", {"team": 1, "season": 2023, "page": 9})).json()
    assert set(body["errors"]) == {"page"}
    assert body["response"] == []


async def test_page_must_be_a_positive_integer(http: aiohttp.ClientSession, free: Simulator) -> None:
    """page=0 or page=x: errors.page."""
    for page in ("0", "x"):
        body = (await get(http, free, "fake", "players", {"team": 1, "season": 2023, "page": page})).json()
        assert set(body["errors"]) == {"page"}
