"""The NFL stats source against the simulator over loopback HTTP, checked against its truth."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from scoracle_core.client import ApiClient, ClientConfig
from scoracle_core.clock import VirtualClock
from scoracle_core.model import Game, Strategy
from scoracle_core.plugins import load_plugins
from scoracle_core.runtime import ClientFetch, requests_made
from scoracle_core.seeding import GameOutcome, SeedTarget
from scoracle_nfl.sport import NFL, make_sport
from scoracle_nfl.transforms import snake

sim = pytest.importorskip("scoracle_core.sim")

KICK_OFF = datetime(2024, 9, 8, 17, 0, tzinfo=UTC)

#: The simulator's truth names (``"<group>.<API stat name>"``, composites split its own way) → ours.
PLAYER_KEYS = {
    "passing.completions": "passing.comp",
    "passing.attempts": "passing.att",
    "passing.sack yards": "passing.sacks_yards",
    "kicking.field goals made": "kicking.field_goals_made",
    "kicking.field goals attempts": "kicking.field_goals_att",
    "kicking.extra point made": "kicking.extra_point_made",
    "kicking.extra point attempts": "kicking.extra_point_att",
}
TEAM_KEYS = {
    "third_down.made": "first_downs.third_down_made",
    "third_down.att": "first_downs.third_down_att",
    "fourth_down.made": "first_downs.fourth_down_made",
    "fourth_down.att": "first_downs.fourth_down_att",
}


def ours(truth_key: str) -> str:
    """Our name of a truth player stat."""
    group, _, name = truth_key.partition(".")
    return PLAYER_KEYS.get(truth_key, f"{group}.{snake(name)}")


def team_stats(stats: Mapping[str, float]) -> dict[str, float]:
    """A team line in the truth's names (possession back in seconds)."""
    named = dict(stats)
    for truth_key, our_key in TEAM_KEYS.items():
        if our_key in named:
            named[truth_key] = named.pop(our_key)
    if "posession.total" in named:
        named["posession.seconds"] = named.pop("posession.total") * 60
    return named


@dataclass
class Seeded:
    """A finished simulated game, its truth, and what a strategy fetched for it."""

    world: Any
    api_game: int
    outcome: GameOutcome
    calls: int


@pytest.fixture
async def simulated() -> AsyncIterator[Any]:
    """A running simulator with Atlanta vs New Orleans, over for a while."""
    clock = VirtualClock(datetime(2024, 9, 8, tzinfo=UTC))
    async with sim.Simulator(sim.SimConfig(seed=11, clock=clock)) as server:
        if "nfl" not in server.base_urls:
            pytest.skip("the simulator has no NFL API yet")
        server.world.add_games([("nfl", "nfl", 2024, "nfl:atl", "nfl:no", KICK_OFF)])
        clock.advance(timedelta(hours=22))
        yield server


async def seed(server: Any, strategy: Strategy) -> Seeded:
    """Discover the game as the core does, then seed it with ``strategy``."""
    source = make_sport().stats
    config = ClientConfig(api_key="demo", base_urls=server.base_urls, flush_interval=None)
    async with ApiClient(load_plugins(), config=config, clock=server.config.clock) as client:
        fetch, count = ClientFetch(client, "nfl"), requests_made(client)
        [found] = await source.discover(fetch, league=NFL, season=2024, day=KICK_OFF.date())
        game = Game(
            id=1,
            sport="nfl",
            league="nfl",
            season=2024,
            home_team_id="nfl:atl",
            away_team_id="nfl:no",
            start_at=found.start_at,
            status=found.status,
            external_id=found.external_id,
        )
        target = SeedTarget(
            game=game, league=NFL, home_api_id=found.home_api_id, away_api_id=found.away_api_id
        )
        before = count()
        [outcome] = await source.seed(fetch, strategy=strategy, targets=[target])
        calls = count() - before
    return Seeded(world=server.world, api_game=int(found.external_id), outcome=outcome, calls=calls)


@pytest.mark.anyio
async def test_game_strategy_matches_the_truth(simulated: Any) -> None:
    """Two calls give every player line and both team lines as the simulator generated them."""
    seeded = await seed(simulated, Strategy.GAME)
    outcome = seeded.outcome
    assert (seeded.calls, outcome.finished) == (2, True)
    truth = {f"nfl:{line.player_id}": line for line in seeded.world.truth_player_lines(seeded.api_game)}
    lines = {row.player_id: row.stats for row in outcome.player_lines}
    assert set(lines) == {pid for pid, line in truth.items() if line.played}
    for pid, stats in lines.items():
        expected = {ours(key): value for key, value in truth[pid].stats.items()}
        assert {key: stats.get(key) for key in expected} == pytest.approx(expected), pid
    home, away = seeded.world.truth_team_lines(seeded.api_game)
    boxes = {row.team_id: team_stats(row.stats) for row in outcome.team_lines}
    for team_id, line in (("nfl:atl", home), ("nfl:no", away)):
        assert {key: boxes[team_id].get(key) for key in line.stats} == pytest.approx(dict(line.stats)), (
            team_id
        )
    assert (outcome.home_score, outcome.away_score) == (home.score, away.score)


@pytest.mark.anyio
async def test_boxscore_strategy_calls_once_per_listed_player(simulated: Any) -> None:
    """1 box score + 1 team-lines call + one season call per player with a stat, none failed."""
    seeded = await seed(simulated, Strategy.BOXSCORE)
    played = [line for line in seeded.world.truth_player_lines(seeded.api_game) if line.played]
    assert seeded.calls == 1 + 1 + len(played)
    assert seeded.outcome.failed == ()
    assert {row.player_id for row in seeded.outcome.player_season} == {
        f"nfl:{line.player_id}" for line in played
    }
