"""The football stats source against the simulator over loopback HTTP, checked against its truth."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from scoracle_core.clock import VirtualClock
from scoracle_core.model import Game, Strategy
from scoracle_core.seeding import SeedTarget
from scoracle_football.sport import LEAGUES, make_sport
from scoracle_football.stats import FootballStats

sim = pytest.importorskip("scoracle_core.sim")
classify = pytest.importorskip("scoracle_core.client.classify")

pytestmark = pytest.mark.anyio

PL = LEAGUES[0]
KICK_OFF = datetime(2024, 11, 10, 14, 0, tzinfo=UTC)
MATCHES = (("football:chelsea", "football:arsenal"), ("football:tottenham-hotspur", "football:ipswich-town"))


class HttpFetch:
    """A minimal :class:`~scoracle_core.seeding.Fetch` over aiohttp, with the client's error classes."""

    def __init__(self, http: aiohttp.ClientSession, base_url: str, clock: VirtualClock) -> None:
        self.http, self.base_url, self.clock = http, base_url, clock
        self.calls: list[tuple[str, dict[str, str]]] = []

    async def _get(self, endpoint: str, params: Mapping[str, str | int]) -> Any:
        query = {key: str(value) for key, value in params.items()}
        self.calls.append((endpoint, query))
        async with self.http.get(f"{self.base_url}/{endpoint}", params=query) as reply:
            body = await reply.read()
            return classify.interpret(
                sport="football",
                endpoint=endpoint,
                params=query,
                status=reply.status,
                headers=dict(reply.headers),
                body=body,
                now=self.clock.now(),
            )

    async def __call__(
        self, endpoint: str, params: Mapping[str, str | int], *, cache_ttl: timedelta | None = None
    ) -> Any:
        return (await self._get(endpoint, params)).response

    async def pages(self, endpoint: str, params: Mapping[str, str | int]) -> list[Any]:
        items: list[Any] = []
        page = 1
        while True:
            envelope = await self._get(endpoint, {**params, "page": page} if page > 1 else params)
            items.extend(envelope.response)
            if envelope.paging is None or page >= envelope.paging.total:
                return items
            page += 1


@dataclass
class World:
    """A running simulator with two finished Premier League matches, and a session to reach it."""

    server: Any
    fetch: HttpFetch
    season: int


async def _world(plan: str, season: int) -> AsyncIterator[World]:
    clock = VirtualClock(KICK_OFF)
    async with sim.Simulator(sim.SimConfig(seed=3, clock=clock, plan=plan)) as server:
        if "football" not in server.base_urls:
            pytest.skip("the simulator has no football API yet")
        server.world.add_games([("football", PL.key, season, home, away, KICK_OFF) for home, away in MATCHES])
        clock.advance(timedelta(hours=4))
        async with aiohttp.ClientSession(headers={"x-apisports-key": "demo"}) as http:
            yield World(
                server=server, fetch=HttpFetch(http, server.base_urls["football"], clock), season=season
            )


@pytest.fixture
async def pro() -> AsyncIterator[World]:
    """A Pro-plan simulator, season 2024."""
    async for world in _world("pro", 2024):
        yield world


@pytest.fixture
async def free() -> AsyncIterator[World]:
    """A Free-plan simulator (no ``ids``), season 2022 (inside the free window)."""
    async for world in _world("free", 2022):
        yield world


async def discovered(world: World, source: FootballStats) -> list[SeedTarget]:
    """Discover the day as the core does and build one target per match."""
    catalog = make_sport().catalog()
    found = await source.discover(world.fetch, league=PL, season=world.season, day=KICK_OFF.date())
    targets = []
    for number, item in enumerate(sorted(found, key=lambda d: d.external_id), start=1):
        home, away = catalog.by_api_id(item.home_api_id), catalog.by_api_id(item.away_api_id)
        assert home is not None
        assert away is not None
        game = Game(
            id=number,
            sport="football",
            league=PL.key,
            season=world.season,
            home_team_id=home.id,
            away_team_id=away.id,
            start_at=item.start_at,
            status=item.status,
            external_id=item.external_id,
        )
        targets.append(
            SeedTarget(game=game, league=PL, home_api_id=item.home_api_id, away_api_id=item.away_api_id)
        )
    world.fetch.calls.clear()
    return targets


def same(
    ours: Mapping[str, float], truth: Mapping[str, float], *, skip: frozenset[str] = frozenset()
) -> bool:
    """Every truth stat equals ours (the API shows many zeros as null, which we omit)."""
    return {k: ours.get(k, 0.0) for k in truth if k not in skip} == pytest.approx(
        {k: v for k, v in truth.items() if k not in skip}
    )


async def test_game_strategy_matches_the_truth(pro: World) -> None:
    """One ``ids`` call gives both matches' every played line, team boxes and scores as generated."""
    source = make_sport().stats
    targets = await discovered(pro, source)
    outcomes = await source.seed(pro.fetch, strategy=Strategy.GAME, targets=targets)
    assert [c[0] for c in pro.fetch.calls] == ["fixtures"]
    assert "ids" in pro.fetch.calls[0][1]
    for target, outcome in zip(targets, outcomes, strict=True):
        api_game = int(target.game.external_id or 0)
        truth = {f"football:{line.player_id}": line for line in pro.server.world.truth_player_lines(api_game)}
        lines = {row.player_id: row.stats for row in outcome.player_lines}
        assert set(lines) == {pid for pid, line in truth.items() if line.played}
        assert all(same(stats, truth[pid].stats) for pid, stats in lines.items())
        home, away = pro.server.world.truth_team_lines(api_game)
        boxes = {row.team_id: row.stats for row in outcome.team_lines}
        assert same(boxes[target.game.home_team_id], home.stats)
        assert same(boxes[target.game.away_team_id], away.stats)
        assert (outcome.home_score, outcome.away_score, outcome.failed) == (home.score, away.score, ())


async def test_boxscore_strategy_matches_the_truth(pro: World) -> None:
    """1 + players used + 2 calls; season rows equal the simulator's season sums."""
    source = make_sport().stats
    target = (await discovered(pro, source))[0]
    [outcome] = await source.seed(pro.fetch, strategy=Strategy.BOXSCORE, targets=[target])
    played = [
        line for line in pro.server.world.truth_player_lines(int(target.game.external_id or 0)) if line.played
    ]
    assert len(pro.fetch.calls) == outcome.calls == 1 + len(played) + 2
    assert outcome.failed == ()
    for line in played:
        row = next(r for r in outcome.player_season if r.player_id == f"football:{line.player_id}")
        truth = pro.server.world.truth_player_season("football", line.player_id, pro.season)
        common = {k: v for k, v in truth.items() if k in row.stats}
        # passes.accuracy: accurate passes in a game line, a percentage in season rows (as the API has it)
        assert same(row.stats, common, skip=frozenset({"passes.accuracy"})), line.player_id
        assert row.games == 1


async def test_blanket_costs_what_it_declares(pro: World) -> None:
    """A 20-club league sweep costs 1 + 20 × (2 pages + 1) = 61 calls and returns only the two clubs."""
    source = make_sport().stats
    target = (await discovered(pro, source))[0]
    [outcome] = await source.seed(pro.fetch, strategy=Strategy.BLANKET, targets=[target])
    assert len(pro.fetch.calls) == outcome.calls == source.strategies()[Strategy.BLANKET].calls_per_game
    assert {row.team_id for row in outcome.player_season} == set(target.game.team_ids)


async def test_free_plan_refuses_ids_and_the_source_adapts(free: World) -> None:
    """errors.plan on ``ids``: the same seed falls back to ``fixtures?id`` and batching stays off."""
    source = make_sport().stats
    targets = await discovered(free, source)
    outcomes = await source.seed(free.fetch, strategy=Strategy.GAME, targets=targets)
    assert [sorted(c[1]) for c in free.fetch.calls] == [["ids"], ["id"], ["id"]]
    assert all(o.finished and o.player_lines and not o.failed for o in outcomes)
    assert source.batch_ids is False
