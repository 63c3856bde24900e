"""The simulator's envelope, authentication and request errors, over real loopback HTTP (fake sport)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from scoracle_core.clock import VirtualClock
from scoracle_core.sim import SimConfig, Simulator, shape_diff
from scoracle_core.sim.testing import fake_world, get

pytestmark = pytest.mark.anyio

START = datetime(2024, 11, 5, 12, tzinfo=UTC)
PARAMS = {"$.parameters", "$.errors"}  # request-dependent: compared by kind only
EXAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "api-sports" / "examples"


def example(name: str) -> Any:
    """A real example body from shared/api-sports/examples (skip when the folder is absent)."""
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain aiohttp session."""
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    """A simulator of the fake sport without paging (like API-NBA), one game added."""
    world = fake_world(seed=3, clock=VirtualClock(START, auto=False))
    world.add_games([("fake", "fl", 2024, "fake:ants", "fake:bees", START)])
    async with Simulator(SimConfig(seed=3), world=world) as server:
        yield server


@pytest.fixture
async def paged_sim() -> AsyncIterator[Simulator]:
    """A simulator of the fake sport with paging on every body (like API-Football)."""
    world = fake_world(seed=3, clock=VirtualClock(START, auto=False), paging=True)
    async with Simulator(SimConfig(seed=3, plan="free"), world=world) as server:
        yield server


async def test_parameters_are_echoed_as_strings(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """`parameters` echoes every query parameter as a string, in order."""
    body = (await get(http, sim, "fake", "games", {"season": 2024, "team": 1})).json()
    assert body["parameters"] == {"season": "2024", "team": "1"}
    assert body["errors"] == []


async def test_parameters_is_an_empty_list_without_a_query(
    http: aiohttp.ClientSession, sim: Simulator
) -> None:
    """A request without a query string echoes `parameters: []`."""
    body = (await get(http, sim, "fake", "status")).json()
    assert body["parameters"] == []


async def test_results_counts_the_response_items(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """`results` is the length of `response`."""
    body = (await get(http, sim, "fake", "games", {"season": 2024})).json()
    assert body["results"] == len(body["response"]) == 1


async def test_get_is_the_path_as_requested(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """`get` echoes the endpoint path, trailing slash included."""
    plain = (await get(http, sim, "fake", "games", {"season": 2024})).json()
    slashed = (await get(http, sim, "fake", "games/", {"season": 2024})).json()
    assert (plain["get"], slashed["get"]) == ("games", "games/")
    assert slashed["response"] == plain["response"]


async def test_unpaged_api_bodies_have_no_paging(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """Without paging (NBA/NFL style) only /status carries `paging`."""
    data = (await get(http, sim, "fake", "games", {"season": 2024})).json()
    status = (await get(http, sim, "fake", "status")).json()
    assert "paging" not in data
    assert status["paging"] == {"current": 1, "total": 1}


async def test_paged_api_bodies_always_have_paging(http: aiohttp.ClientSession, paged_sim: Simulator) -> None:
    """With paging (football style) every body, errors included, carries `paging`."""
    ok = (await get(http, paged_sim, "fake", "games", {"team": 1})).json()
    bad = (await get(http, paged_sim, "fake", "games", {"nope": 1})).json()
    assert ok["paging"] == bad["paging"] == {"current": 1, "total": 1}


async def test_status_has_the_example_shape(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """/status answers the documented object (results 0)."""
    body = (await get(http, sim, "fake", "status")).json()
    assert shape_diff(example("football_status.json"), body) == []
    assert body["results"] == 0
    assert body["response"]["subscription"]["plan"] == "Pro"


async def test_missing_key_is_403_with_a_token_error(
    http: aiohttp.ClientSession, paged_sim: Simulator
) -> None:
    """No key header: HTTP 403 and the documented envelope (get "", errors.token)."""
    reply = await get(http, paged_sim, "fake", "games", {"team": 1}, key=None)
    assert reply.status == 403
    assert reply.json() == example("football_error_missing_key_http403.json")


async def test_wrong_key_is_200_with_a_token_error(http: aiohttp.ClientSession, paged_sim: Simulator) -> None:
    """An unknown key: HTTP 200 and errors.token in the example's shape."""
    reply = await get(http, paged_sim, "fake", "games", {"team": 1}, key="wrong")
    assert reply.status == 200
    body = reply.json()
    assert shape_diff(example("football_error_invalid_key.json"), body, ignore=PARAMS) == []
    assert body["errors"]["token"].startswith("Error/Missing application key. Go to ")


async def test_rapidapi_key_header_is_accepted(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """The key may come in x-rapidapi-key."""
    reply = await get(http, sim, "fake", "games", {"season": 2024}, header="x-rapidapi-key")
    assert reply.status == 200
    assert reply.json()["errors"] == []


async def test_unknown_parameter_answers_errors_param(
    http: aiohttp.ClientSession, paged_sim: Simulator
) -> None:
    """A parameter the endpoint does not know: 200 + errors.<param> "The X field do not exist."."""
    reply = await get(http, paged_sim, "fake", "games", {"team": 1, "colour": "red"})
    body = reply.json()
    assert reply.status == 200
    assert body["errors"] == {"colour": "The Colour field do not exist."}
    assert shape_diff(example("football_error_unknown_param.json"), body, ignore=PARAMS) == []


async def test_page_on_an_unpaged_endpoint_is_refused(
    http: aiohttp.ClientSession, paged_sim: Simulator
) -> None:
    """`page` on an endpoint that does not page: errors.page."""
    body = (await get(http, paged_sim, "fake", "games", {"team": 1, "page": 2})).json()
    assert body["errors"] == {"page": "The Page field do not exist."}


async def test_bad_value_answers_errors_param(http: aiohttp.ClientSession, paged_sim: Simulator) -> None:
    """A malformed date: errors.date with the provider's message, in the example's shape."""
    body = (await get(http, paged_sim, "fake", "games", {"date": "10-11-2024"})).json()
    assert body["errors"] == {"date": "The Date field must contain a valid date: Y-m-d"}
    assert shape_diff(example("football_error_bad_param.json"), body, ignore=PARAMS) == []


async def test_bare_call_answers_errors_required(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """An endpoint that needs parameters, called without any: 200 + errors.required."""
    reply = await get(http, sim, "fake", "games")
    assert reply.status == 200
    assert set(reply.json()["errors"]) == {"required"}


async def test_missing_required_parameter_is_named(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """A required parameter left out is named in errors."""
    body = (await get(http, sim, "fake", "players", {"team": 1})).json()
    assert body["errors"] == {"season": "The Season field is required."}


async def test_unknown_endpoint_is_404(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """An endpoint the API does not have: 404 with an envelope."""
    reply = await get(http, sim, "fake", "odds")
    assert reply.status == 404
    assert set(reply.json()["errors"]) == {"endpoint"}


async def test_only_get_is_served(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """Any method but GET is refused with 405."""
    async with http.post(f"{sim.base_urls['fake']}/games", headers={"x-apisports-key": "demo"}) as reply:
        assert reply.status == 405


async def test_unknown_base_path_is_404(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """A path outside every API's base path is a plain 404."""
    async with http.get(f"{sim.base_url}/cricket/games") as reply:
        assert reply.status == 404


async def test_cors_header_names_the_key_headers(http: aiohttp.ClientSession, sim: Simulator) -> None:
    """Answers carry the provider's access-control-allow-headers and a JSON content type."""
    reply = await get(http, sim, "fake", "games", {"season": 2024})
    assert reply.headers["access-control-allow-headers"] == "x-rapidapi-key, x-apisports-key, x-rapidapi-host"
    assert reply.headers["content-type"].startswith("application/json")
