"""The simulated API-Football v3: real shapes, embedded fixtures, ids ≤ 20, paging, sums, status."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from scoracle_core.clock import VirtualClock
from scoracle_core.plugins import Sports
from scoracle_core.sim import SimConfig, Simulator, World, shape_diff
from scoracle_core.sim.testing import get

pytestmark = pytest.mark.anyio

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "api-sports" / "examples"
KICKOFF = datetime(2024, 11, 10, 16, 30, tzinfo=UTC)
FINAL = KICKOFF + timedelta(hours=3)
PARAMS = {"$.parameters"}
CHELSEA, ARSENAL = 49, 42


def example(name: str) -> Any:
    """A shared example body (skip when the folder is absent)."""
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return json.loads(path.read_text(encoding="utf-8"))


class Football:
    """A running simulator with Chelsea v Arsenal (KICKOFF) and earlier Arsenal fixtures."""

    def __init__(self, sim: Simulator, clock: VirtualClock, game_id: int, earlier: list[int]) -> None:
        self.sim, self.clock, self.game_id, self.earlier = sim, clock, game_id, earlier

    async def get(self, endpoint: str, params: dict[str, Any] | None = None) -> Any:
        """GET and parse (asserting a 200)."""
        async with aiohttp.ClientSession() as http:
            reply = await get(http, self.sim, "football", endpoint, params)
        assert reply.status == 200, reply.body
        return reply.json()


def build_world(sports: Sports, clock: VirtualClock) -> tuple[World, int, list[int]]:
    """The football world of these tests: 22 earlier Arsenal fixtures, then Chelsea v Arsenal."""
    world = World.from_plugins(sports, seed=3, clock=clock)
    opponents = [
        t.team_id for t in world.teams("football", "premier-league") if t.api_id not in (ARSENAL, CHELSEA)
    ]
    earlier = world.add_games(
        [
            (
                "football",
                "premier-league",
                2024,
                "football:arsenal",
                opponent,
                KICKOFF - timedelta(days=3 * (i + 1)),
            )
            for i, opponent in enumerate(opponents[:22])
        ]
    )
    [game] = world.add_games(
        [("football", "premier-league", 2024, "football:chelsea", "football:arsenal", KICKOFF)]
    )
    return world, game.api_id, [g.api_id for g in earlier]


@pytest.fixture
async def football(sports: Sports) -> AsyncIterator[Football]:
    """The football simulator on a virtual clock set before kick-off."""
    clock = VirtualClock(KICKOFF - timedelta(hours=2), auto=False)
    world, game_id, earlier = build_world(sports, clock)
    async with Simulator(SimConfig(seed=3), world=world) as sim:
        yield Football(sim, clock, game_id, earlier)


@pytest.mark.parametrize(
    ("name", "endpoint", "params"),
    [
        ("football_fixtures.json", "fixtures", {"league": 39, "season": 2024, "date": "2024-11-10"}),
        ("football_fixtures_by_id.json", "fixtures", "id"),
        ("football_fixtures_statistics.json", "fixtures/statistics", "fixture"),
        ("football_fixtures_players.json", "fixtures/players", "fixture"),
        ("football_fixtures_events.json", "fixtures/events", "fixture"),
        ("football_fixtures_lineups.json", "fixtures/lineups", "fixture"),
        ("football_teams.json", "teams", {"league": 39, "season": 2024}),
        (
            "football_teams_statistics.json",
            "teams/statistics",
            {"league": 39, "season": 2024, "team": ARSENAL},
        ),
        ("football_players.json", "players", {"team": ARSENAL, "season": 2024, "league": 39}),
        ("football_players_squads.json", "players/squads", {"team": ARSENAL}),
        ("football_leagues.json", "leagues", {"id": 39, "current": "true"}),
        ("football_status.json", "status", {}),
    ],
)
async def test_bodies_have_the_shape_of_the_real_ones(
    football: Football, name: str, endpoint: str, params: Any
) -> None:
    """Every served endpoint answers in the example body's shape (keys, nesting, value types)."""
    football.clock.set(FINAL)
    query = {params: football.game_id} if isinstance(params, str) else params
    body = await football.get(endpoint, query)
    assert body["results"] > 0 or endpoint == "status"
    assert shape_diff(example(name), body, ignore=PARAMS) == []


async def test_fixtures_by_ids_embed_every_block(football: Football) -> None:
    """ids=a-b returns both fixtures with events, lineups, statistics and players, like the example."""
    football.clock.set(FINAL)
    ids = f"{football.game_id}-{football.earlier[0]}"
    body = await football.get("fixtures", {"ids": ids})
    assert [f["fixture"]["id"] for f in body["response"]] == [football.game_id, football.earlier[0]]
    assert shape_diff(example("football_fixtures_by_ids.json"), body, ignore=PARAMS) == []


async def test_fixtures_by_date_do_not_embed(football: Football) -> None:
    """A date listing carries no events/lineups/statistics/players."""
    body = await football.get("fixtures", {"date": "2024-11-10"})
    assert set(body["response"][0]) == {"fixture", "league", "teams", "goals", "score"}


async def test_ids_take_at_most_twenty(football: Football) -> None:
    """21 ids: errors.ids; 20 are served."""
    ids = [str(g) for g in [*football.earlier, football.game_id]]
    assert len(ids) >= 21
    too_many = await football.get("fixtures", {"ids": "-".join(ids[:21])})
    twenty = await football.get("fixtures", {"ids": "-".join(ids[:20])})
    assert set(too_many["errors"]) == {"ids"}
    assert twenty["results"] == 20


async def test_free_plan_refuses_ids(sports: Sports) -> None:
    """On the free plan fixtures?ids= is errors.plan."""
    clock = VirtualClock(FINAL, auto=False)
    world, game_id, earlier = build_world(sports, clock)
    async with Simulator(SimConfig(seed=3, plan="free"), world=world) as sim, aiohttp.ClientSession() as http:
        body = (await get(http, sim, "football", "fixtures", {"ids": f"{game_id}-{earlier[0]}"})).json()
    assert body["errors"] == {"plan": "Free plans do not have access to the Ids parameter."}
    assert shape_diff(example("football_error_plan.json"), body, ignore=PARAMS) == []


async def test_players_are_paged_twenty_a_page(football: Football) -> None:
    """players?team&season&league: 20 per page, paging.total pages, errors.page past the last."""
    first = await football.get("players", {"team": ARSENAL, "season": 2024, "league": 39})
    second = await football.get("players", {"team": ARSENAL, "season": 2024, "league": 39, "page": 2})
    beyond = await football.get("players", {"team": ARSENAL, "season": 2024, "league": 39, "page": 3})
    squad = len(football.sim.world.roster("football", ARSENAL))
    assert first["paging"] == {"current": 1, "total": 2}
    assert (first["results"], second["results"]) == (20, squad - 20)
    assert set(beyond["errors"]) == {"page"}


async def test_page_is_refused_on_fixtures(football: Football) -> None:
    """fixtures does not page: a page parameter is errors.page."""
    body = await football.get("fixtures", {"date": "2024-11-10", "page": 1})
    assert body["errors"] == {"page": "The Page field do not exist."}


async def test_same_seed_gives_byte_identical_bodies(sports: Sports) -> None:
    """Two simulators with one seed answer the same requests with the same bytes."""
    runs = []
    for _ in range(2):
        clock = VirtualClock(FINAL, auto=False)
        world, game_id, _ = build_world(sports, clock)
        async with Simulator(SimConfig(seed=3), world=world) as sim, aiohttp.ClientSession() as http:
            runs.append(
                [
                    (await get(http, sim, "football", "fixtures", {"id": game_id})).body,
                    (await get(http, sim, "football", "players", {"team": ARSENAL, "season": 2024})).body,
                ]
            )
    assert runs[0] == runs[1]


async def test_goals_are_the_players_goals_and_the_events(football: Football) -> None:
    """goals = the sum of the players' goals = the Goal events, per team; half-time from the events."""
    football.clock.set(FINAL)
    [fixture] = (await football.get("fixtures", {"id": football.game_id}))["response"]
    for side, team_id in (("home", CHELSEA), ("away", ARSENAL)):
        block = next(b for b in fixture["players"] if b["team"]["id"] == team_id)
        scored = sum(p["statistics"][0]["goals"]["total"] or 0 for p in block["players"])
        events = [e for e in fixture["events"] if e["type"] == "Goal" and e["team"]["id"] == team_id]
        assert fixture["goals"][side] == scored == len(events) == fixture["score"]["fulltime"][side]
        assert fixture["score"]["halftime"][side] == sum(1 for e in events if e["time"]["elapsed"] <= 45)


async def test_team_statistics_are_the_sums_of_the_player_lines(football: Football) -> None:
    """Shots, fouls, cards, saves and passes of a team add up from its players' lines."""
    football.clock.set(FINAL)
    [fixture] = (await football.get("fixtures", {"id": football.game_id}))["response"]
    for team in fixture["statistics"]:
        values = {s["type"]: s["value"] or 0 for s in team["statistics"]}
        lines = [
            p["statistics"][0]
            for b in fixture["players"]
            if b["team"]["id"] == team["team"]["id"]
            for p in b["players"]
        ]

        def total(group: str, key: str, lines: list[Any] = lines) -> int:
            return sum(
                int(ln[group][key] or 0) if isinstance(ln[group], dict) else int(ln[group] or 0)
                for ln in lines
            )

        assert values["Total Shots"] == total("shots", "total")
        assert values["Shots on Goal"] == total("shots", "on")
        assert values["Fouls"] == total("fouls", "committed")
        assert values["Yellow Cards"] == total("cards", "yellow")
        assert values["Goalkeeper Saves"] == total("goals", "saves")
        assert values["Total passes"] == total("passes", "total")
        assert values["Passes accurate"] == total("passes", "accuracy")
        assert (
            values["Total Shots"]
            == values["Shots on Goal"] + values["Shots off Goal"] + values["Blocked Shots"]
        )


async def test_eleven_start_and_unused_substitutes_have_no_minutes(football: Football) -> None:
    """11 starters, 3-5 substitutes used; unused ones are listed with minutes null."""
    football.clock.set(FINAL)
    blocks = (await football.get("fixtures/players", {"fixture": football.game_id}))["response"]
    for block in blocks:
        games = [p["statistics"][0]["games"] for p in block["players"]]
        starters = [g for g in games if not g["substitute"]]
        used = [g for g in games if g["substitute"] and g["minutes"] is not None]
        unused = [g for g in games if g["substitute"] and g["minutes"] is None]
        assert len(starters) == 11
        assert 3 <= len(used) <= 5
        assert unused
        assert all(g["rating"] is None for g in unused)
        assert sum(g["minutes"] or 0 for g in games) == 11 * 90


async def test_status_runs_ns_first_half_halftime_second_half_ft(football: Football) -> None:
    """fixture.status.short: NS, 1H, HT, 2H, then FT 1 h 55 after kick-off."""
    seen = []
    for minutes in (-5, 20, 50, 90, 120):
        football.clock.set(KICKOFF + timedelta(minutes=minutes))
        [fixture] = (await football.get("fixtures", {"id": football.game_id}))["response"]
        seen.append((fixture["fixture"]["status"]["short"], fixture["fixture"]["status"]["elapsed"]))
    assert seen == [("NS", None), ("1H", 21), ("HT", 45), ("2H", 74), ("FT", 90)]


async def test_unstarted_fixtures_have_no_statistics(football: Football) -> None:
    """Before kick-off the statistics and players endpoints answer no data, without error."""
    for endpoint in ("fixtures/statistics", "fixtures/players"):
        body = await football.get(endpoint, {"fixture": football.game_id})
        assert (body["results"], body["errors"]) == (0, [])


async def test_team_season_statistics_follow_the_finished_fixtures(football: Football) -> None:
    """teams/statistics: played and goals match the finished fixtures; results counts 11 keys."""
    football.clock.set(FINAL)
    body = await football.get("teams/statistics", {"league": 39, "season": 2024, "team": ARSENAL})
    world = football.sim.world
    games = [*football.earlier, football.game_id]
    scored = sum(world.box_score(g).team(ARSENAL).score for g in games)
    assert body["results"] == 11
    assert body["response"]["fixtures"]["played"]["total"] == len(games)
    assert body["response"]["goals"]["for"]["total"]["total"] == scored
    assert len(body["response"]["form"]) == len(games)


async def test_player_season_statistics_are_the_sums_of_finished_fixtures(football: Football) -> None:
    """players?id&season: minutes and goals equal the sums of the finished fixtures' lines."""
    football.clock.set(KICKOFF)  # the earlier fixtures are over, this one has not started
    world = football.sim.world
    player = world.roster("football", ARSENAL)[-1]
    body = await football.get("players", {"id": player.api_id, "season": 2024})
    [entry] = body["response"][0]["statistics"]
    truth = world.truth_player_season("football", player.api_id, 2024)
    assert entry["games"]["minutes"] == truth.get("games.minutes", 0)
    assert entry["goals"]["total"] == truth.get("goals.total", 0)


async def test_a_team_without_an_api_id_gets_a_synthetic_one(football: Football) -> None:
    """Pisa has no API-Sports id in the catalog: it is served under a 900000+ id."""
    [pisa] = [t for t in football.sim.world.teams("football") if t.key == "pisa"]
    body = await football.get("teams", {"id": pisa.api_id})
    assert pisa.api_id >= 900_000
    assert body["response"][0]["team"]["name"] == pisa.name
