"""The simulated API-American-Football v1 (NFL): real shapes, scores from the lines, status, seasons."""

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
KICKOFF = datetime(2024, 9, 8, 17, 0, tzinfo=UTC)
FINAL = KICKOFF + timedelta(hours=4)
PARAMS = {"$.parameters"}
ATL, NO = 8, 27


def example(name: str) -> Any:
    """A shared example body (skip when the folder is absent)."""
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return json.loads(path.read_text(encoding="utf-8"))


def stat(entry: dict[str, Any], name: str) -> str:
    """The value of a named statistic of a player entry."""
    return next(s["value"] for s in entry["statistics"] if s["name"] == name)


class Nfl:
    """A running simulator with Saints at Falcons (KICKOFF) and an earlier Falcons game."""

    def __init__(self, sim: Simulator, clock: VirtualClock, game_id: int, earlier: int) -> None:
        self.sim, self.clock, self.game_id, self.earlier = sim, clock, game_id, earlier

    async def get(self, endpoint: str, params: dict[str, Any] | None = None) -> Any:
        """GET and parse (asserting a 200)."""
        async with aiohttp.ClientSession() as http:
            reply = await get(http, self.sim, "nfl", endpoint, params)
        assert reply.status == 200, reply.body
        return reply.json()


def build_world(sports: Sports, clock: VirtualClock) -> tuple[World, int, int]:
    """The NFL world of these tests."""
    world = World.from_plugins(sports, seed=5, clock=clock)
    [earlier, game] = world.add_games(
        [
            ("nfl", "nfl", 2024, "nfl:atl", "nfl:buf", KICKOFF - timedelta(days=7)),
            ("nfl", "nfl", 2024, "nfl:atl", "nfl:no", KICKOFF),
        ]
    )
    return world, game.api_id, earlier.api_id


@pytest.fixture
async def nfl(sports: Sports) -> AsyncIterator[Nfl]:
    """The NFL simulator on a virtual clock set before kick-off."""
    clock = VirtualClock(KICKOFF - timedelta(hours=2), auto=False)
    world, game_id, earlier = build_world(sports, clock)
    async with Simulator(SimConfig(seed=5), world=world) as sim:
        yield Nfl(sim, clock, game_id, earlier)


@pytest.mark.parametrize(
    ("name", "endpoint", "params"),
    [
        ("nfl_games.json", "games", {"league": 1, "season": 2024, "date": "2024-09-08"}),
        ("nfl_games_by_season.json", "games", {"league": 1, "season": 2024}),
        ("nfl_games_statistics_teams.json", "games/statistics/teams", "id"),
        ("nfl_games_statistics_players.json", "games/statistics/players", "id"),
        ("nfl_teams.json", "teams", {"league": 1, "season": 2024}),
        ("nfl_players.json", "players", {"team": ATL, "season": 2024}),
        ("nfl_players_statistics.json", "players/statistics", {"team": ATL, "season": 2024}),
        ("nfl_leagues.json", "leagues", {"id": 1}),
        ("nfl_status.json", "status", {}),
    ],
)
async def test_bodies_have_the_shape_of_the_real_ones(
    nfl: Nfl, name: str, endpoint: str, params: Any
) -> None:
    """Every served endpoint answers in the example body's shape (keys, nesting, value types)."""
    nfl.clock.set(FINAL)
    query = {params: nfl.game_id} if isinstance(params, str) else params
    body = await nfl.get(endpoint, query)
    assert body["results"] > 0 or endpoint == "status"
    assert shape_diff(example(name), body, ignore=PARAMS) == []


async def test_same_seed_gives_byte_identical_bodies(sports: Sports) -> None:
    """Two simulators with one seed answer the same requests with the same bytes."""
    runs = []
    for _ in range(2):
        clock = VirtualClock(FINAL, auto=False)
        world, game_id, _ = build_world(sports, clock)
        async with Simulator(SimConfig(seed=5), world=world) as sim, aiohttp.ClientSession() as http:
            runs.append(
                [
                    (await get(http, sim, "nfl", endpoint, {"id": game_id})).body
                    for endpoint in ("games", "games/statistics/teams", "games/statistics/players")
                ]
            )
    assert runs[0] == runs[1]


async def test_score_is_made_of_the_player_lines(nfl: Nfl) -> None:
    """Score = 6 × touchdowns + extra points + 3 × field goals, from the player statistics."""
    nfl.clock.set(FINAL)
    [game] = (await nfl.get("games", {"id": nfl.game_id}))["response"]
    teams = (await nfl.get("games/statistics/players", {"id": nfl.game_id}))["response"]
    for team in teams:
        side = "home" if team["team"]["id"] == ATL else "away"
        groups = {g["name"]: g["players"] for g in team["groups"]}
        touchdowns = sum(int(stat(p, "rushing touch downs")) for p in groups.get("Rushing", []))
        touchdowns += sum(int(stat(p, "receiving touch downs")) for p in groups.get("Receiving", []))
        touchdowns += sum(int(stat(p, "intercepted touch downs")) for p in groups.get("Interceptions", []))
        [kicker] = groups["Kicking"]
        assert game["scores"][side]["total"] == 6 * touchdowns + int(stat(kicker, "points"))
        quarters = [game["scores"][side][f"quarter_{q}"] for q in range(1, 5)]
        assert sum(quarters) == game["scores"][side]["total"]
    assert game["scores"]["home"]["total"] != game["scores"]["away"]["total"]


async def test_team_passing_and_rushing_are_the_sums_of_the_players(nfl: Nfl) -> None:
    """Team passing = passers' yards − sack yards, comp-att and rushing yards add up."""
    nfl.clock.set(FINAL)
    teams = {
        t["team"]["id"]: t["statistics"]
        for t in (await nfl.get("games/statistics/teams", {"id": nfl.game_id}))["response"]
    }
    players = (await nfl.get("games/statistics/players", {"id": nfl.game_id}))["response"]
    for team in players:
        groups = {g["name"]: g["players"] for g in team["groups"]}
        box = teams[team["team"]["id"]]
        [passer] = groups["Passing"]
        sacks, sack_yards = (int(x) for x in stat(passer, "sacks").split("-"))
        assert box["passing"]["total"] == int(stat(passer, "yards")) - sack_yards
        assert box["passing"]["comp_att"] == stat(passer, "comp att").replace("/", "-")
        assert box["rushings"]["total"] == sum(int(stat(p, "yards")) for p in groups["Rushing"])
        assert box["rushings"]["attempts"] == sum(int(stat(p, "total rushes")) for p in groups["Rushing"])
        receiving = sum(int(stat(p, "yards")) for p in groups["Receiving"])
        assert receiving == int(stat(passer, "yards"))
        assert sacks == teams[next(t for t in teams if t != team["team"]["id"])]["sacks"]["total"]


async def test_thirty_to_forty_five_players_record_a_stat(nfl: Nfl) -> None:
    """Each team has 30-45 distinct players in the game's stat groups."""
    nfl.clock.set(FINAL)
    teams = (await nfl.get("games/statistics/players", {"id": nfl.game_id}))["response"]
    for team in teams:
        ids = {p["player"]["id"] for g in team["groups"] for p in g["players"]}
        assert 28 <= len(ids) <= 45


async def test_group_filter_keeps_one_group(nfl: Nfl) -> None:
    """group=passing keeps only the Passing group of each team."""
    nfl.clock.set(FINAL)
    teams = (await nfl.get("games/statistics/players", {"id": nfl.game_id, "group": "passing"}))["response"]
    assert [[g["name"] for g in t["groups"]] for t in teams] == [["Passing"], ["Passing"]]


async def test_status_runs_ns_quarters_halftime_ft(nfl: Nfl) -> None:
    """status.short: NS, then Q1 … Q4 with HT, then FT 3 h 15 after kick-off."""
    seen = []
    for minutes in (-10, 10, 60, 100, 130, 180, 200):
        nfl.clock.set(KICKOFF + timedelta(minutes=minutes))
        [game] = (await nfl.get("games", {"id": nfl.game_id}))["response"]
        seen.append(game["game"]["status"]["short"])
    assert seen == ["NS", "Q1", "Q2", "HT", "Q3", "Q4", "FT"]


async def test_statistics_are_empty_before_kick_off(nfl: Nfl) -> None:
    """A game not started has no statistics (results 0, no error)."""
    for endpoint in ("games/statistics/teams", "games/statistics/players"):
        body = await nfl.get(endpoint, {"id": nfl.game_id})
        assert (body["results"], body["errors"]) == (0, [])


async def test_season_statistics_are_the_sums_of_finished_games(nfl: Nfl) -> None:
    """players/statistics (season) passing yards = the sum over finished games' lines."""
    nfl.clock.set(FINAL)
    world = nfl.sim.world
    qb = next(p for p in world.roster("nfl", ATL) if p.position == "QB" and p.depth == 0)
    [entry] = (await nfl.get("players/statistics", {"id": qb.api_id, "season": 2024}))["response"]
    passing = next(g for g in entry["teams"][0]["groups"] if g["name"] == "Passing")
    games = [world.box_score(g).line_of(qb.api_id) for g in (nfl.earlier, nfl.game_id)]
    assert int(stat(passing, "yards")) == sum(ln.stats["passing.yards"] for ln in games if ln is not None)


async def test_season_statistics_before_2022_are_empty(nfl: Nfl) -> None:
    """The API has season player statistics from 2022 only."""
    body = await nfl.get("players/statistics", {"team": ATL, "season": 2021})
    assert body["results"] == 0


async def test_rosters_have_53_players(nfl: Nfl) -> None:
    """players?team&season lists a 53-man roster with offense, defense and special teams."""
    body = await nfl.get("players", {"team": NO, "season": 2024})
    assert body["results"] == 53
    assert {p["group"] for p in body["response"]} == {"Offense", "Defense", "Special Teams"}


async def test_timezone_parameter_moves_the_local_date(nfl: Nfl) -> None:
    """timezone shifts game.date (date, time, zone name), not the timestamp."""
    [utc] = (await nfl.get("games", {"id": nfl.game_id}))["response"]
    [ny] = (await nfl.get("games", {"id": nfl.game_id, "timezone": "America/New_York"}))["response"]
    assert (utc["game"]["date"]["time"], ny["game"]["date"]["time"]) == ("17:00", "13:00")
    assert ny["game"]["date"]["timezone"] == "America/New_York"
    assert utc["game"]["date"]["timestamp"] == ny["game"]["date"]["timestamp"]


def test_bundled_schedules_hold_two_regular_seasons(sports: Sports) -> None:
    """The plugin's bundled 2023 and 2024 schedules give 272 games each, distinct ids."""
    world = World.from_plugins(sports, seed=1, clock=VirtualClock(KICKOFF, auto=False))
    games = world.add_games(world.api("nfl").bundled_schedule() or [])
    assert len({g.api_id for g in games}) == len(games)
    assert [sum(1 for g in games if g.season == s) for s in (2023, 2024)] == [272, 272]
