"""The NBA stats source against the simulator over loopback HTTP, checked against its truth."""

from __future__ import annotations

from collections.abc import AsyncIterator
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
from scoracle_nba.sport import NBA, make_sport

sim = pytest.importorskip("scoracle_core.sim")

TIP_OFF = datetime(2024, 11, 6, 0, 30, tzinfo=UTC)


@dataclass
class Seeded:
    """A finished simulated game, its truth, and what a strategy fetched for it."""

    world: Any
    api_game: int
    outcome: GameOutcome
    calls: int


@pytest.fixture
async def simulated() -> AsyncIterator[Any]:
    """A running simulator with Boston vs the LA Lakers, over for an hour."""
    clock = VirtualClock(datetime(2024, 11, 6, tzinfo=UTC))
    async with sim.Simulator(sim.SimConfig(seed=11, clock=clock)) as server:
        if "nba" not in server.base_urls:
            pytest.skip("the simulator has no NBA API yet")
        server.world.add_games([("nba", "standard", 2024, "nba:bos", "nba:lal", TIP_OFF)])
        clock.advance(timedelta(hours=5))
        yield server


async def seed(server: Any, strategy: Strategy) -> Seeded:
    """Discover the game as the core does, then seed it with ``strategy``."""
    source = make_sport().stats
    config = ClientConfig(api_key="demo", base_urls=server.base_urls, flush_interval=None)
    async with ApiClient(load_plugins(), config=config, clock=server.config.clock) as client:
        fetch, count = ClientFetch(client, "nba"), requests_made(client)
        [found] = await source.discover(fetch, league=NBA, season=2024, day=TIP_OFF.date())
        game = Game(
            id=1,
            sport="nba",
            league="standard",
            season=2024,
            home_team_id="nba:bos",
            away_team_id="nba:lal",
            start_at=found.start_at,
            status=found.status,
            external_id=found.external_id,
        )
        target = SeedTarget(
            game=game, league=NBA, home_api_id=found.home_api_id, away_api_id=found.away_api_id
        )
        before = count()
        [outcome] = await source.seed(fetch, strategy=strategy, targets=[target])
        calls = count() - before
    return Seeded(world=server.world, api_game=int(found.external_id), outcome=outcome, calls=calls)


@pytest.mark.anyio
async def test_game_strategy_matches_the_truth(simulated: Any) -> None:
    """Two calls give every played line and both team boxes exactly as the simulator generated them."""
    seeded = await seed(simulated, Strategy.GAME)
    outcome = seeded.outcome
    assert (seeded.calls, outcome.finished) == (2, True)
    truth = {f"nba:{line.player_id}": line for line in seeded.world.truth_player_lines(seeded.api_game)}
    lines = {row.player_id: row.stats for row in outcome.player_lines}
    assert set(lines) == {pid for pid, line in truth.items() if line.played}
    for pid, stats in lines.items():
        assert {key: stats[key] for key in truth[pid].stats} == pytest.approx(dict(truth[pid].stats)), pid
    home, away = seeded.world.truth_team_lines(seeded.api_game)
    boxes = {row.team_id: row.stats for row in outcome.team_lines}
    assert {key: boxes["nba:bos"][key] for key in home.stats} == pytest.approx(dict(home.stats))
    assert {key: boxes["nba:lal"][key] for key in away.stats} == pytest.approx(dict(away.stats))
    assert (outcome.home_score, outcome.away_score) == (home.score, away.score)


@pytest.mark.anyio
async def test_boxscore_strategy_matches_the_truth(simulated: Any) -> None:
    """1 + (players who played) + 2 calls; season totals equal the simulator's season sums."""
    seeded = await seed(simulated, Strategy.BOXSCORE)
    outcome = seeded.outcome
    played = [line for line in seeded.world.truth_player_lines(seeded.api_game) if line.played]
    assert seeded.calls == 1 + len(played) + 2
    assert outcome.failed == ()
    for line in played:
        season = next(row for row in outcome.player_season if row.player_id == f"nba:{line.player_id}")
        truth = seeded.world.truth_player_season("nba", line.player_id, 2024)
        assert {key: season.stats[key] for key in truth} == pytest.approx(truth), line.player_id
        assert season.games == 1
