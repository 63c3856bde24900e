"""The simulated API-NBA v2: shapes of the real bodies, box-score arithmetic, status, season sums."""

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
from scoracle_core.sim import Plan, SimConfig, Simulator, World, shape_diff
from scoracle_core.sim.testing import get

pytestmark = pytest.mark.anyio

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "api-sports" / "examples"
TIP_OFF = datetime(2024, 11, 6, 0, 30, tzinfo=UTC)
FINAL = TIP_OFF + timedelta(hours=3)
PARAMS = {"$.parameters"}
BOS, LAL = 2, 17


def example(name: str) -> Any:
    """A shared example body (skip when the folder is absent)."""
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return json.loads(path.read_text(encoding="utf-8"))


def minutes(text: str) -> float:
    """ "36:12" → 36.2."""
    mins, secs = text.split(":")
    return int(mins) + int(secs) / 60


class Nba:
    """A running simulator with Lakers at Celtics (TIP_OFF) and three earlier Celtics games."""

    def __init__(self, sim: Simulator, clock: VirtualClock, game_id: int, earlier: list[int]) -> None:
        self.sim, self.clock, self.game_id, self.earlier = sim, clock, game_id, earlier

    async def get(self, endpoint: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        """GET and parse (asserting a 200)."""
        async with aiohttp.ClientSession() as http:
            reply = await get(http, self.sim, "nba", endpoint, params, **kw)
        assert reply.status == 200, reply.body
        return reply.json()


def build_world(sports: Sports, clock: VirtualClock, seed: int = 7) -> tuple[World, int, list[int]]:
    """The NBA world of these tests."""
    world = World.from_plugins(sports, seed=seed, clock=clock)
    earlier = world.add_games(
        [
            ("nba", "standard", 2024, "nba:bos", opp, TIP_OFF - timedelta(days=d))
            for opp, d in (("nba:nyk", 8), ("nba:mia", 5), ("nba:atl", 2))
        ]
    )
    [game] = world.add_games([("nba", "standard", 2024, "nba:bos", "nba:lal", TIP_OFF)])
    return world, game.api_id, [g.api_id for g in earlier]


@pytest.fixture
async def nba(sports: Sports) -> AsyncIterator[Nba]:
    """The NBA simulator on a virtual clock set before tip-off."""
    clock = VirtualClock(TIP_OFF - timedelta(hours=4), auto=False)
    world, game_id, earlier = build_world(sports, clock)
    async with Simulator(SimConfig(seed=7), world=world) as sim:
        yield Nba(sim, clock, game_id, earlier)


@pytest.mark.parametrize(
    ("name", "endpoint", "params"),
    [
        ("nba_games.json", "games", {"date": "2024-11-06"}),
        ("nba_games_by_id.json", "games", "id"),
        ("nba_games_statistics.json", "games/statistics", "id"),
        ("nba_players_statistics_game.json", "players/statistics", "game"),
        ("nba_players_statistics_season.json", "players/statistics", {"id": 201, "season": 2024}),
        ("nba_teams.json", "teams", {"league": "standard"}),
        ("nba_teams_statistics.json", "teams/statistics", {"id": BOS, "season": 2024}),
        ("nba_players.json", "players", {"team": LAL, "season": 2024}),
        ("nba_status.json", "status", {}),
    ],
)
async def test_bodies_have_the_shape_of_the_real_ones(
    nba: Nba, name: str, endpoint: str, params: Any
) -> None:
    """Every served endpoint answers in the example body's shape (keys, nesting, value types)."""
    nba.clock.set(FINAL)
    query = {params: nba.game_id} if isinstance(params, str) else params
    body = await nba.get(endpoint, query)
    assert body["results"] > 0 or endpoint == "status"
    assert shape_diff(example(name), body, ignore=PARAMS) == []


async def test_daily_quota_error_has_the_example_shape(sports: Sports) -> None:
    """The NBA daily-quota refusal matches its example (no paging)."""
    clock = VirtualClock(FINAL, auto=False)
    world, _, _ = build_world(sports, clock)
    async with (
        Simulator(SimConfig(seed=7, plan=Plan(name="Pro", per_day=1, per_minute=10)), world=world) as sim,
        aiohttp.ClientSession() as http,
    ):
        await get(http, sim, "nba", "games", {"date": "2024-11-06"})
        body = (await get(http, sim, "nba", "games", {"date": "2024-11-06"})).json()
    reference = example("nba_error_daily_quota.json")
    assert body == reference


async def test_same_seed_gives_byte_identical_bodies(sports: Sports) -> None:
    """Two simulators with one seed answer the same requests with the same bytes."""
    bodies: list[list[bytes]] = []
    for _ in range(2):
        clock = VirtualClock(FINAL, auto=False)
        world, game_id, _ = build_world(sports, clock)
        async with Simulator(SimConfig(seed=7), world=world) as sim, aiohttp.ClientSession() as http:
            run = []
            for endpoint, params in (
                ("games", {"id": game_id}),
                ("games/statistics", {"id": game_id}),
                ("players/statistics", {"game": game_id}),
                ("players", {"team": BOS}),
                ("teams/statistics", {"id": BOS, "season": 2024}),
            ):
                run.append((await get(http, sim, "nba", endpoint, params)).body)
            bodies.append(run)
    assert bodies[0] == bodies[1]


async def test_team_totals_are_the_sums_of_the_player_lines(nba: Nba) -> None:
    """games/statistics counting stats equal the sums of players/statistics lines, per team."""
    nba.clock.set(FINAL)
    teams = (await nba.get("games/statistics", {"id": nba.game_id}))["response"]
    lines = (await nba.get("players/statistics", {"game": nba.game_id}))["response"]
    for team in teams:
        box = team["statistics"][0]
        mine = [ln for ln in lines if ln["team"]["id"] == team["team"]["id"]]
        for key in (
            "points",
            "fgm",
            "fga",
            "ftm",
            "fta",
            "tpm",
            "tpa",
            "offReb",
            "defReb",
            "totReb",
            "assists",
            "pFouls",
            "steals",
            "turnovers",
            "blocks",
        ):
            assert box[key] == sum(ln[key] for ln in mine), key
        assert (
            minutes(box["min"]) == pytest.approx(sum(minutes(ln["min"]) for ln in mine)) == pytest.approx(240)
        )


async def test_score_is_the_sum_of_points_and_of_the_linescore(nba: Nba) -> None:
    """The final score equals the players' points and the linescore; one side wins."""
    nba.clock.set(FINAL)
    [game] = (await nba.get("games", {"id": nba.game_id}))["response"]
    lines = (await nba.get("players/statistics", {"game": nba.game_id}))["response"]
    for side, team_id in (("home", BOS), ("visitors", LAL)):
        score = game["scores"][side]
        assert score["points"] == sum(int(q) for q in score["linescore"])
        assert score["points"] == sum(ln["points"] for ln in lines if ln["team"]["id"] == team_id)
        assert len(score["linescore"]) == 4
    assert game["scores"]["home"]["points"] != game["scores"]["visitors"]["points"]


async def test_lines_match_the_truth(nba: Nba) -> None:
    """Each served line has the truth's points and minutes."""
    nba.clock.set(FINAL)
    lines = (await nba.get("players/statistics", {"game": nba.game_id}))["response"]
    truth = {ln.player_id: ln for ln in nba.sim.world.truth_player_lines(nba.game_id)}
    assert {ln["player"]["id"] for ln in lines} == set(truth)
    for line in lines:
        expected = truth[line["player"]["id"]].stats
        assert line["points"] == expected["points"]
        assert minutes(line["min"]) == pytest.approx(expected["min"], abs=1 / 60)


async def test_ten_to_thirteen_play_and_the_rest_are_dnp(nba: Nba) -> None:
    """Per team 10-13 players have minutes; the others are DNP lines with "0:00" and a comment."""
    nba.clock.set(FINAL)
    lines = (await nba.get("players/statistics", {"game": nba.game_id}))["response"]
    for team_id in (BOS, LAL):
        mine = [ln for ln in lines if ln["team"]["id"] == team_id]
        played = [ln for ln in mine if ln["min"] != "0:00"]
        dnp = [ln for ln in mine if ln["min"] == "0:00"]
        assert len(mine) == 15
        assert 9 <= len(played) <= 13
        assert all(ln["comment"].startswith("DNP - ") and ln["points"] == 0 for ln in dnp)
        assert all(ln["comment"] is None for ln in played)


async def test_status_runs_scheduled_in_play_finished(nba: Nba) -> None:
    """status.short: 1 before tip-off, 2 while in play (with halftime), 3 after 2 h 30."""
    seen = []
    for offset in (-1, 0.5, 1.25, 2.4, 2.6):
        nba.clock.set(TIP_OFF + timedelta(hours=offset))
        [game] = (await nba.get("games", {"id": nba.game_id}))["response"]
        seen.append((game["status"]["short"], game["status"]["long"], game["status"]["halftime"]))
    assert seen == [
        (1, "Scheduled", False),
        (2, "In Play", False),
        (2, "In Play", True),
        (2, "In Play", False),
        (3, "Finished", False),
    ]


async def test_statistics_are_empty_before_tip_off(nba: Nba) -> None:
    """A scheduled game has no statistics yet (results 0, no error)."""
    for endpoint, params in (
        ("games/statistics", {"id": nba.game_id}),
        ("players/statistics", {"game": nba.game_id}),
    ):
        body = await nba.get(endpoint, params)
        assert (body["results"], body["errors"]) == (0, [])


async def test_live_statistics_are_partial(nba: Nba) -> None:
    """Mid-game lines add up to less than the final ones, and the score shows the quarters so far."""
    nba.clock.set(TIP_OFF + timedelta(minutes=45))
    live = (await nba.get("players/statistics", {"game": nba.game_id}))["response"]
    [game] = (await nba.get("games", {"id": nba.game_id}))["response"]
    nba.clock.set(FINAL)
    final = (await nba.get("players/statistics", {"game": nba.game_id}))["response"]
    assert 0 < sum(ln["points"] for ln in live) < sum(ln["points"] for ln in final)
    assert game["periods"]["current"] == 2
    assert len(game["scores"]["home"]["linescore"]) == 2


async def test_postponed_game_has_status_4(nba: Nba) -> None:
    """A postponed game shows status 4 "Postponed" and no statistics."""
    nba.sim.world.set_postponed(nba.game_id)
    nba.clock.set(FINAL)
    [game] = (await nba.get("games", {"id": nba.game_id}))["response"]
    stats = await nba.get("games/statistics", {"id": nba.game_id})
    assert (game["status"]["short"], game["status"]["long"]) == (4, "Postponed")
    assert stats["results"] == 0


async def test_season_lines_are_the_finished_games_and_sum_to_the_truth(nba: Nba) -> None:
    """players/statistics?id&season lists finished games only; their sums are the season truth."""
    nba.clock.set(TIP_OFF)  # the three earlier games are over, this one is not
    player = nba.sim.world.roster("nba", BOS)[0].api_id
    lines = (await nba.get("players/statistics", {"id": player, "season": 2024}))["response"]
    truth = nba.sim.world.truth_player_season("nba", player, 2024)
    assert {ln["game"]["id"] for ln in lines} <= set(nba.earlier)
    assert sum(ln["points"] for ln in lines) == truth["points"]
    assert sum(ln["totReb"] for ln in lines) == truth.get("totReb", 0)


async def test_team_season_statistics_sum_the_finished_games(nba: Nba) -> None:
    """teams/statistics counts the finished games and sums their team boxes."""
    nba.clock.set(FINAL)
    [season] = (await nba.get("teams/statistics", {"id": BOS, "season": 2024}))["response"]
    boxes = [nba.sim.world.box_score(g).team(BOS) for g in [*nba.earlier, nba.game_id]]
    assert season["games"] == 4
    assert season["points"] == sum(b.score for b in boxes)
    assert season["plusMinus"] == sum(int(b.stats["plusMinus"]) for b in boxes)


async def test_rosters_have_fifteen_players_with_stable_ids(nba: Nba) -> None:
    """players?team&season lists 15 players, ids team × 100 + slot."""
    body = await nba.get("players", {"team": LAL, "season": 2024})
    assert [p["id"] for p in body["response"]] == [LAL * 100 + slot for slot in range(1, 16)]


async def test_games_by_date_use_the_utc_day(nba: Nba) -> None:
    """An evening tip-off in New York (00:30 UTC) is listed under the next UTC date."""
    on_day = await nba.get("games", {"date": "2024-11-06"})
    day_before = await nba.get("games", {"date": "2024-11-05"})
    assert [g["id"] for g in on_day["response"]] == [nba.game_id]
    assert day_before["results"] == 0


def test_bundled_schedule_holds_the_regular_season(sports: Sports) -> None:
    """The plugin's bundled 2024-25 schedule gives the world 1230 games with distinct ids."""
    clock = VirtualClock(TIP_OFF, auto=False)
    world = World.from_plugins(sports, seed=1, clock=clock)
    games = world.add_games(world.api("nba").bundled_schedule() or [])
    assert len(games) == len({g.api_id for g in games}) == 1230
    assert {g.season for g in games} == {2024}
