"""Test helpers: a tiny fake sport for fast simulator tests, and a one-call HTTP getter.

The fake sport (``fake``, served under ``/fake``) has one league, four teams, five players a
team and three endpoints, so the generic machinery (auth, quotas, faults, paging, the log)
can be tested without the real plugins::

    world = fake_world(seed=1, clock=VirtualClock(start))
    async with Simulator(SimConfig(seed=1), world=world) as sim:
        reply = await get(http, sim, "fake", "games", {"season": "2024"})
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import attrs
from multidict import CIMultiDict

from scoracle_core.clock import Clock
from scoracle_core.sim.api import ApiTexts, Endpoint, SimRequest
from scoracle_core.sim.truth import BoxScore, PlayerLine, TeamLine
from scoracle_core.sim.world import GameSpec, Phase, SimGame, SimPlayer, SimTeam, World, player_api_id
from scoracle_core.sport import League
from scoracle_core.teams import TeamCatalog, load_catalog

if TYPE_CHECKING:
    import aiohttp

    from scoracle_core.model import Game
    from scoracle_core.sim.server import Simulator

__all__ = ["FAKE_LEAGUE", "FakeSimApi", "FakeSport", "Reply", "fake_world", "get"]

FAKE_LEAGUE = League(
    key="fl", name="Fake League", api_id=7, timezone="UTC", season_style="calendar", games_per_team=6
)

_CATALOG = """
[[teams]]
key = "ants"
name = "Ants"
abbreviations = ["ANT"]
api_id = 1
leagues = { fl = [2023, 2024, 2025] }

[[teams]]
key = "bees"
name = "Bees"
abbreviations = ["BEE"]
api_id = 2
leagues = { fl = [2023, 2024, 2025] }

[[teams]]
key = "cats"
name = "Cats"
abbreviations = ["CAT"]
api_id = 3
leagues = { fl = [2023, 2024, 2025] }

[[teams]]
key = "dogs"
name = "Dogs"
abbreviations = ["DOG"]
leagues = { fl = [2023, 2024, 2025] }
"""


class FakeSport:
    """A :class:`~scoracle_core.sport.SportAdapter` for the fake sport (key ``fake`` or another)."""

    def __init__(self, key: str = "fake") -> None:
        self._key = key
        self._catalog = load_catalog(_CATALOG, sport=key)

    @property
    def key(self) -> str:
        """The sport key."""
        return self._key

    @property
    def name(self) -> str:
        """Human name."""
        return self._key.title()

    @property
    def leagues(self) -> Mapping[str, League]:
        """The one league."""
        return {FAKE_LEAGUE.key: FAKE_LEAGUE}

    @property
    def api_base_url(self) -> str:
        """A made-up host."""
        return f"https://v1.{self._key}.api-sports.io"

    @property
    def api_path(self) -> str:
        """``/<key>``."""
        return f"/{self._key}"

    def catalog(self) -> TeamCatalog:
        """Four teams (Dogs without an API id)."""
        return self._catalog


_TEXTS = ApiTexts(docs_url="https://example.com/docs", dashboard_url="https://example.com/dashboard")


@attrs.frozen
class FakeSimApi:
    """The fake sport's API: ``games`` (id, season, date, team), ``games/statistics`` (id, required),
    ``players`` (team, season; paged by ``page_size``). Each player scores 0-9 points a game."""

    sport: str = "fake"
    paging: bool = False
    page_size: int = 3
    texts: ApiTexts = _TEXTS
    game_duration: timedelta = timedelta(hours=2)

    def endpoints(self) -> Sequence[Endpoint]:
        """The three routes."""
        return (
            Endpoint(
                path="games",
                params={"id", "season", "date", "team", "league", "ids", "last"},
                handler=_games,
                needs_params=True,
            ),
            Endpoint(path="games/statistics", params={"id"}, handler=_statistics),
            Endpoint(
                path="players", params={"team", "season"}, handler=self._players, page_size=self.page_size
            ),
        )

    def roster(self, team: SimTeam, rng: random.Random) -> Sequence[SimPlayer]:
        """Five players."""
        return [
            SimPlayer(
                sport=self.sport,
                api_id=player_api_id(team.api_id, slot),
                team_api_id=team.api_id,
                first_name=rng.choice(("Al", "Bo", "Cy", "Di")),
                last_name=f"{team.name[:-1]}{slot}",
                position="X",
                number=slot,
            )
            for slot in range(1, 6)
        ]

    def box_score(
        self, game: SimGame, home: Sequence[SimPlayer], away: Sequence[SimPlayer], rng: random.Random
    ) -> BoxScore:
        """Points per player; the score is their sum."""
        lines = [
            PlayerLine(
                player_id=p.api_id, team_id=p.team_api_id, played=True, stats={"points": rng.randint(0, 9)}
            )
            for p in (*home, *away)
        ]

        def team(team_id: int) -> TeamLine:
            points = int(sum(ln.stats["points"] for ln in lines if ln.team_id == team_id))
            return TeamLine(team_id=team_id, score=points, periods=(points,), stats={"points": points})

        return BoxScore(game_id=game.api_id, home=team(game.home), away=team(game.away), players=lines)

    def bundled_schedule(self) -> Iterable[Game | GameSpec] | None:
        """None: the fake sport ships no schedule."""
        return None

    def _players(self, req: SimRequest) -> list[Any]:
        team = req.int_param("team", required=True)
        req.season_param(required=True)
        assert team is not None
        return [{"id": p.api_id, "name": p.name} for p in req.world.roster(req.sport, team)] * 2


def _games(req: SimRequest) -> list[Any]:
    game_id, team, season, day = (
        req.int_param("id"),
        req.int_param("team"),
        req.season_param(),
        req.date_param(),
    )
    games = req.world.games(req.sport, season=season, team=team)
    out = []
    for game in games:
        if (game_id is not None and game.api_id != game_id) or (
            day is not None and game.start_at.date() != day
        ):
            continue
        if game_id is not None:
            req.check_game(game)
        state = req.world.state(game)
        box = req.world.box_score(game.api_id) if state.phase == Phase.FINISHED else None
        out.append(
            {
                "id": game.api_id,
                "status": state.phase.value,
                "home": game.home,
                "away": game.away,
                "score": [box.home.score, box.away.score] if box is not None else None,
            }
        )
    return out


def _statistics(req: SimRequest) -> list[Any]:
    game_id = req.int_param("id", required=True)
    assert game_id is not None
    game = req.world.find_game(req.sport, game_id)
    if game is None or not req.world.finished(game):
        return []
    return [
        {"player": line.player_id, "points": int(line.stats["points"])}
        for line in req.world.truth_player_lines(game.api_id)
    ]


def fake_world(
    *,
    seed: int = 0,
    clock: Clock | None = None,
    paging: bool = False,
    sports: Sequence[str] = ("fake",),
    page_size: int = 3,
) -> World:
    """A world of fake sports only (no plugins loaded)."""
    return World(
        [FakeSport(key) for key in sports],
        [FakeSimApi(sport=key, paging=paging, page_size=page_size) for key in sports],
        seed=seed,
        clock=clock,
    )


@attrs.frozen(kw_only=True)
class Reply:
    """What one GET returned."""

    status: int
    headers: Mapping[str, str]  # case-insensitive
    body: bytes

    def json(self) -> Any:
        """The body as JSON (raises on a malformed body)."""
        return json.loads(self.body)


async def get(
    http: aiohttp.ClientSession,
    sim: Simulator,
    sport: str,
    endpoint: str,
    params: Mapping[str, str | int] | None = None,
    *,
    key: str | None = "demo",
    header: str = "x-apisports-key",
) -> Reply:
    """GET ``endpoint`` of ``sport`` from a running simulator (``key=None``: no key header)."""
    headers = {header: key} if key is not None else {}
    query = {k: str(v) for k, v in (params or {}).items()}
    async with http.get(f"{sim.base_urls[sport]}/{endpoint}", params=query, headers=headers) as response:
        return Reply(
            status=response.status, headers=CIMultiDict(response.headers), body=await response.read()
        )
