"""Football's :class:`~scoracle_core.seeding.GameStatsSource`: API-Football v3, fewest calls first.

Strategies and what one game costs (formulas; ``P`` players used ≈ 30, ``S`` squad size ≈ 30,
``T`` teams in the league ≈ 20, ``g`` = ⌈players per team / 20⌉ ≈ 2 pages):

========  =====================================================================  ==============
strategy  calls                                                                  per game
========  =====================================================================  ==============
game      ``fixtures?ids=a-b-…`` (≤ 20 fixtures a call, paid plans), else        1/20 = 0.05
          ``fixtures?id=G``; every team and player line of the game embedded     (1 without ids)
boxscore  ``fixtures?id=G`` + ``players?id=P&season&league`` per player used     1 + P + 2 ≈ 33
          + ``teams/statistics`` per team
roster    ``players/squads?team=T`` per team (cached 24 h; counted, a club       2 + 2S + 2 ≈ 64
          rarely plays twice in 24 h; skipped when the core passes the roster)
          + ``players?id=P&season&league`` per squad player + ``teams/statistics``
blanket   ``teams?league&season`` (cached 24 h) + for **every** team of the      1 + T(g + 1) ≈ 61
          league: ``players?team&season&league`` (paged) + ``teams/statistics``  per sweep; one
                                                                                 sweep serves a
                                                                                 whole round (10)
========  =====================================================================  ==============

Discovery is one ``fixtures?date=D&league=L&season=S`` call per league per UTC day. The API's
``date`` is read in UTC when no ``timezone`` is sent, so none is sent.

Per-entity choice for ``roster``: one ``players?id=P`` call per rostered player, because the
strategy is defined by per-entity calls for the game's players; ``players?team`` pages (≈ 4 calls a
game) are what ``blanket`` uses, and they return a team's whole registered squad anyway.

``game`` is always the cheapest and the only one with every per-game line; the others exist to
measure what targeting saves (PLAN §6.1) and as fallbacks. ``boxscore`` keeps the game lines of
its fixture call; ``roster`` and ``blanket`` give season aggregates only.

Failures (the contract's "partial success"); entities as in :mod:`~scoracle_football.outcomes`
(a team id is the team and its players, a player id the player):

* ``seed`` raises for a key, plan or rate-limit error (:func:`~scoracle_football._calls.is_fatal`),
  and when a call covering every target fails (the only ``fixtures`` call, the lone game's
  fixture or squads, a league's team list).
* A spent daily quota is raised only if nothing was answered yet (the core gives the tasks back
  until the reset); after that no further call is sent, the answers are kept, and whatever was
  not fetched is ``failed`` (as NBA and NFL do).
* A call covering only some targets that fails (one ``ids`` chunk among several; one game's
  ``fixtures?id``, fixture or squads when several games are seeded), a fixture missing from an
  ``ids`` reply, or a fixture of other teams: those targets get ``failed`` = both team ids (or
  ``only`` again) and an error; the others are seeded.
* A finished fixture whose ``statistics``/``players`` block of a team is missing: that team is
  ``failed`` (bounded retries), the other team's lines are kept.
* A per-entity call that fails (``teams/statistics``, ``players?id``, a team's ``players?team``
  pages): that entity is ``failed``.
* With ``SeedTarget.only`` set, only those entities are fetched (``boxscore`` skips the fixture
  when ``only`` names players alone; ``blanket`` makes no sweep).
* A reply of an unexpected shape raises :class:`~scoracle_core.errors.PayloadError` (with its path).

``ids`` on a free plan: the API answers ``errors.plan`` (a :class:`PlanError`). The source then
fetches that chunk one ``fixtures?id`` at a time; when such a call succeeds, ``ids`` was the
problem, so batching is switched off for the rest of this source's life (logged once as
``football.ids.disabled``) and ``strategies()`` reports ``batch_size=1`` from then on. A
:class:`PlanError` on ``fixtures?id`` itself (a season outside the plan) is raised to the core.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

from scoracle_core.errors import ApiError, PlanError, SeedError
from scoracle_core.model import Player, Strategy, player_id
from scoracle_core.seeding import Discovered, Fetch, GameOutcome, ScheduleRequest, SeedTarget, StrategySpec
from scoracle_core.sport import League
from scoracle_football import entities
from scoracle_football._calls import Meter, describe
from scoracle_football.apiformat import FORMAT
from scoracle_football.outcomes import SPORT, failure, fixture_outcome
from scoracle_football.transforms import FixtureReport, parse_fixtures, parse_squads

__all__ = ["IDS_PER_CALL", "ROSTER_TTL", "FootballStats", "strategy_specs"]

#: ``fixtures?ids=`` takes at most 20 ids (API_FACTS §2.1).
IDS_PER_CALL: Final = 20
#: Squads are cached a day (they change with transfers and registrations, not by the hour).
ROSTER_TTL: Final = timedelta(hours=24)

# The cost model's typical sizes (API_FACTS §0, §6.2).
PLAYERS_USED: Final = 30  # 2 × (11 starters + ~4 substitutes brought on)
SQUAD_SIZE: Final = 30  # players/squads entries of a club
LEAGUE_TEAMS: Final = 20  # Premier League, La Liga, Serie A (18 in the Bundesliga and Ligue 1)
PAGES_PER_TEAM: Final = 2  # players?team&season&league at 20 a page for a 25-40 man squad

_log = logging.getLogger(__name__)


def strategy_specs(*, batch_ids: bool) -> Mapping[Strategy, StrategySpec]:
    """The four strategies with their estimated costs (see the module docstring)."""
    boxscore = 1 + PLAYERS_USED + 2
    roster = 2 + 2 * SQUAD_SIZE + 2
    blanket = 1 + LEAGUE_TEAMS * (PAGES_PER_TEAM + 1)
    specs = (
        StrategySpec(
            strategy=Strategy.GAME,
            calls_per_game=1.0,
            batch_size=IDS_PER_CALL if batch_ids else 1,
            description=(
                f"fixtures?ids= up to {IDS_PER_CALL} finished fixtures a call (paid plans): ⌈n/20⌉ calls "
                "for n games, 0.05 a game; every team and player line embedded"
                if batch_ids
                else "fixtures?id=G: 1 call a game, every team and player line embedded"
            ),
        ),
        StrategySpec(
            strategy=Strategy.BOXSCORE,
            calls_per_game=float(boxscore),
            description=(
                f"fixtures?id=G (who played) + players?id=P&season&league per player used "
                f"+ teams/statistics per team: 1 + P + 2 ≈ {boxscore} (P ≈ {PLAYERS_USED})"
            ),
        ),
        StrategySpec(
            strategy=Strategy.ROSTER,
            calls_per_game=float(roster),
            game_lines=False,
            description=(
                f"players/squads?team per team (cached 24 h) + players?id=P&season&league per squad "
                f"player + teams/statistics per team: 2 + 2S + 2 ≈ {roster} (S ≈ {SQUAD_SIZE}); "
                "season aggregates only"
            ),
        ),
        StrategySpec(
            strategy=Strategy.BLANKET,
            calls_per_game=float(blanket),
            batch_size=LEAGUE_TEAMS // 2,
            game_lines=False,
            description=(
                f"teams?league&season (cached 24 h) + for every team players?team&season&league "
                f"(~{PAGES_PER_TEAM} pages) + teams/statistics: 1 + T(g + 1) ≈ {blanket} a sweep "
                f"(T ≈ {LEAGUE_TEAMS}); one sweep serves every game of the league passed together; "
                "season aggregates only"
            ),
        ),
    )
    return MappingProxyType({spec.strategy: spec for spec in specs})


def _fixture_id(target: SeedTarget) -> int:
    external = target.game.external_id
    if external is None or not external.strip().isdigit():
        raise SeedError(
            f"football game {target.game.id} ({target.game.home_team_id} v {target.game.away_team_id}) "
            f"has no API-Football fixture id (external_id={external!r}); run discovery first"
        )
    return int(external)


def _needs_fixture(target: SeedTarget) -> bool:
    """``boxscore`` calls the fixture unless ``only`` names players alone."""
    return target.only is None or any(team in target.only for team in target.game.team_ids)


class FootballStats:
    """Seeding for API-Football v3 (module docstring: strategies, costs, failures).

    ``batch_ids`` allows ``fixtures?ids=`` (paid plans only; switched off by itself on the first
    ``errors.plan`` answer). ``team_id_of`` maps an API team id to our team id, for rosters.
    """

    def __init__(
        self, *, batch_ids: bool = True, team_id_of: Callable[[int], str | None] | None = None
    ) -> None:
        self._batch_ids = batch_ids
        self._team_id_of = team_id_of or (lambda _api_id: None)

    @property
    def batch_ids(self) -> bool:
        """Whether ``fixtures?ids=`` batching is (still) in use."""
        return self._batch_ids

    def strategies(self) -> Mapping[Strategy, StrategySpec]:
        """``game``, ``boxscore``, ``roster`` and ``blanket``, with their costs."""
        return strategy_specs(batch_ids=self._batch_ids)

    #: One ``fixtures?date=D`` lists every competition's fixtures of the day: the core asks once a
    #: day for the whole sport instead of once per league (6 leagues → 1 call).
    discovery_scope = "sport"

    async def discover(
        self, fetch: Fetch, *, league: League | None, season: int | None, day: date
    ) -> list[Discovered]:
        """Fixtures on the UTC day ``day``: one ``fixtures?date`` call (of one league and season
        when given: ``fixtures?date&league&season``)."""
        params: dict[str, str | int] = {"date": day.isoformat()}
        if league is not None and season is not None:
            params.update({"league": league.api_id, "season": season})
        reports = parse_fixtures(await fetch("fixtures", params), request=describe("fixtures", params))
        return [
            Discovered(
                external_id=str(report.fixture_id),
                home_api_id=report.home_api_id,
                away_api_id=report.away_api_id,
                start_at=report.start_at,
                status=report.status,
                home_score=report.home_goals,
                away_score=report.away_goals,
            )
            for report in reports
        ]

    def season_schedule_request(self, league: League, season: int) -> ScheduleRequest:
        """``fixtures?league=L&season=S``: a whole league-season in one page, read by
        ``football-apisports-json`` (the optional capability of :mod:`scoracle_core.seeding`)."""
        return "fixtures", {"league": league.api_id, "season": season}, FORMAT

    async def fetch_roster(
        self, fetch: Fetch, *, league: League, season: int, team_api_id: int
    ) -> list[Player]:
        """A club's current squad: ``players/squads?team=T``, cached 24 h (the API has no season
        filter for squads; ``league`` and ``season`` are not needed)."""
        params: dict[str, str | int] = {"team": team_api_id}
        squad = parse_squads(
            await fetch("players/squads", params, cache_ttl=ROSTER_TTL),
            request=describe("players/squads", params),
        )
        return [
            Player(
                id=player_id(SPORT, p.api_id),
                sport=SPORT,
                name=p.name,
                api_id=p.api_id,
                team_id=self._team_id_of(p.team_api_id),
                position=p.position,
            )
            for p in squad
        ]

    async def seed(
        self, fetch: Fetch, *, strategy: Strategy, targets: Sequence[SeedTarget]
    ) -> list[GameOutcome]:
        """One outcome per target, in order (module docstring: what raises, what is ``failed``)."""
        if not targets:
            return []
        strategy = Strategy(strategy)
        meter, alone = Meter(fetch), len(targets) == 1
        if strategy is Strategy.GAME:
            return await self._seed_game(meter, targets)
        if strategy is Strategy.BOXSCORE:
            fixture_ids = [_fixture_id(t) if _needs_fixture(t) else None for t in targets]  # checked first
            return [
                await entities.boxscore(meter, t, f, alone=alone)
                for t, f in zip(targets, fixture_ids, strict=True)
            ]
        if strategy is Strategy.ROSTER:
            return [await entities.roster(meter, t, alone=alone, roster_ttl=ROSTER_TTL) for t in targets]
        return await entities.blanket(meter, targets, teams_ttl=ROSTER_TTL)

    # -- game ---------------------------------------------------------------------------

    async def _seed_game(self, meter: Meter, targets: Sequence[SeedTarget]) -> list[GameOutcome]:
        fixture_ids = [_fixture_id(t) for t in targets]  # all checked before the first call
        unique = list(dict.fromkeys(fixture_ids))
        size = IDS_PER_CALL if self._batch_ids else 1
        queue = deque(unique[i : i + size] for i in range(0, len(unique), size))
        first_target = {fid: fixture_ids.index(fid) for fid in unique}
        calls = [0] * len(targets)
        reports: dict[int, FixtureReport] = {}
        problems: dict[int, str] = {}
        ids_refused = False
        while queue:
            chunk = queue.popleft()
            if len(chunk) > 1 and not self._batch_ids:
                queue.extendleft([fid] for fid in reversed(chunk))
                continue
            params: dict[str, str | int] = (
                {"id": chunk[0]} if len(chunk) == 1 else {"ids": "-".join(map(str, chunk))}
            )
            request = describe("fixtures", params)
            try:
                response = await meter.get("fixtures", params)
            except PlanError:
                if len(chunk) == 1:
                    raise  # the season or date is outside the plan, not the ids parameter
                _log.warning("football.ids.refused request=%s: retrying one fixture a call", request)
                ids_refused = True
                queue.extendleft([fid] for fid in reversed(chunk))
                continue
            except ApiError as exc:
                if meter.must_raise(exc, covers_all=len(chunk) == len(unique)):
                    raise
                _log.warning("football.fixtures.failed request=%s error=%s", request, exc)
                problems.update(dict.fromkeys(chunk, f"{request}: {exc}"))
                continue
            finally:
                calls[first_target[chunk[0]]] += meter.take()  # a batched call is charged to one game
            if ids_refused and len(chunk) == 1 and self._batch_ids:
                self._batch_ids = False
                _log.warning(
                    "football.ids.disabled: the plan refuses fixtures?ids=, fixtures?id= works; "
                    "one call per fixture from now on"
                )
            got = {report.fixture_id: report for report in parse_fixtures(response, request=request)}
            for fid in chunk:
                if fid in got:
                    reports[fid] = got[fid]
                else:
                    problems[fid] = f"{request}: fixture {fid} missing from the reply"
        outcomes = []
        for index, (target, fid) in enumerate(zip(targets, fixture_ids, strict=True)):
            if fid in reports:
                outcomes.append(fixture_outcome(target, reports[fid], calls=calls[index]))
            else:
                outcomes.append(failure(target, problems[fid], calls=calls[index]))
        return outcomes
