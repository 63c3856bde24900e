"""What a sport plugin provides to seed games: strategies, their costs, requests and transforms.

The core decides *when* and *which* games to seed (``plan.py``, ``worker.py``) and owns the
store; a plugin's :class:`GameStatsSource` decides *which API calls* fetch a game's participants'
stats under each :class:`~scoracle_core.model.Strategy`, and how responses become stat rows.
Plugins never touch the store or HTTP directly: they call a :class:`Fetch` the core binds to the
rate-limited client for their sport.

Strategies (ARCHITECTURE.md decision 4), cheapest first:

* ``game`` — per-game endpoints that return every participant at once (NBA
  ``games/statistics`` + ``players/statistics?game``; NFL ``games/statistics/teams`` +
  ``/players``; football ``fixtures?id``, batched with ``ids`` up to 20 fixtures a call);
* ``boxscore`` — the box score first, then per-entity calls only for those who played;
* ``roster`` — the game's two teams and their rostered players, per-entity calls;
* ``blanket`` — every team and player of the season: the old way, and the last fallback.

A plugin declares the strategies it supports with a :class:`StrategySpec` each (its call cost);
``plan_seeds()`` uses them to estimate calls and to pick the cheapest.

Optional capabilities of a source (plain attributes or methods the core looks up with
``getattr``; a source without them keeps working):

* ``discovery_scope = "sport"`` — one listing per day covers every league (see
  :meth:`GameStatsSource.discover` and :func:`discovery_scope`);
* ``season_schedule_request(league, season) -> (endpoint, params, format name)`` — the one
  request whose answer lists every game of a league-season (NBA ``games?league=standard&season=S``,
  football ``fixtures?league=L&season=S``) and the name of the plugin's schedule format that
  reads that answer saved as a file. ``scoracle ingest-schedule --from-api``
  (:func:`~scoracle_core.ingest.from_api.aingest_from_api`) uses it to ingest a season straight
  from the API; :func:`season_schedule_request` returns ``None`` for a source without it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Protocol, runtime_checkable

import attrs

from scoracle_core.model import (
    Game,
    GameStatus,
    Player,
    PlayerGameStats,
    PlayerSeasonStats,
    RosterEntry,
    Strategy,
    TeamGameStats,
    TeamSeasonStats,
)
from scoracle_core.sport import League

__all__ = [
    "Discovered",
    "Fetch",
    "GameOutcome",
    "GameStatsSource",
    "ScheduleRequest",
    "SeedTarget",
    "StrategySpec",
    "discovery_scope",
    "season_schedule_request",
    "stats_source",
]

#: ``(endpoint, params, format name)``: the request listing a league-season's games, and the
#: schedule format that reads its answer (see the module docstring).
ScheduleRequest = tuple[str, dict[str, str | int], str]


class Fetch(Protocol):
    """One sport's view of the API client (rate limits, retries, accounting already applied).

    ``await fetch("games/statistics", {"id": 123})`` returns the envelope's ``response`` (a list, or
    a dict for object-shaped endpoints) once ``errors`` is empty, and raises an
    :class:`~scoracle_core.errors.ApiError` subclass otherwise. ``cache_ttl`` asks for the
    answer to be cached in the store (rosters, profiles; never statistics).
    """

    async def __call__(
        self, endpoint: str, params: Mapping[str, str | int], *, cache_ttl: timedelta | None = None
    ) -> Any:
        """The ``response`` of one call."""
        ...

    async def pages(self, endpoint: str, params: Mapping[str, str | int]) -> list[Any]:
        """Every page of a paged endpoint (football: 20 per page), concatenated."""
        ...


@attrs.frozen(kw_only=True)
class StrategySpec:
    """A strategy a plugin supports, with its cost in API calls."""

    strategy: Strategy
    #: Calls per game, excluding shared discovery (may depend on roster size: an estimate).
    #: For a strategy with ``batch_size > 1``: calls per batch of up to ``batch_size`` games.
    calls_per_game: float
    #: Calls shared by all games of one league on one UTC day (schedule discovery).
    calls_per_day: float = 1.0
    #: Games one call can cover (football ``fixtures?ids``: 20 on paid plans).
    batch_size: int = 1
    #: Whether per-game values come back (False: season aggregates only).
    game_lines: bool = True
    description: str = ""


@attrs.frozen(kw_only=True)
class Discovered:
    """A game as the API's schedule listing shows it (``games?date=``, ``fixtures?date=``)."""

    external_id: str
    home_api_id: int
    away_api_id: int
    start_at: datetime
    status: GameStatus
    home_score: int | None = None
    away_score: int | None = None


@attrs.frozen(kw_only=True)
class SeedTarget:
    """Everything a plugin needs to seed one game (no store, no clock)."""

    game: Game  # game.id is set; game.external_id is set once discovered
    league: League
    home_api_id: int
    away_api_id: int
    #: Pre-resolved roster (``roster`` strategy), players keyed by id with their API ids.
    roster: tuple[RosterEntry, ...] = ()
    players: Mapping[str, Player] = attrs.field(factory=dict)
    #: When retrying a partial success: only these entity ids (``nba:265``, ``nba:lal``).
    only: frozenset[str] | None = None

    def team_id_for(self, api_id: int) -> str:
        """Our team id for one of the two API team ids of this game."""
        if api_id == self.home_api_id:
            return self.game.home_team_id
        if api_id == self.away_api_id:
            return self.game.away_team_id
        raise KeyError(f"team api id {api_id} does not play in game {self.game.id}")


@attrs.frozen(kw_only=True)
class GameOutcome:
    """What seeding one game produced; the core writes it in one transaction."""

    game_id: int
    finished: bool  # False: the API does not have final stats yet → the task is snoozed
    status: GameStatus = GameStatus.COMPLETED
    home_score: int | None = None
    away_score: int | None = None
    team_lines: tuple[TeamGameStats, ...] = ()
    player_lines: tuple[PlayerGameStats, ...] = ()
    players: tuple[Player, ...] = ()  # players seen, to upsert (with api ids, names, teams)
    participants: tuple[RosterEntry, ...] = ()  # who actually played (source=boxscore)
    team_season: tuple[TeamSeasonStats, ...] = ()  # season aggregates, when the API gives only those
    player_season: tuple[PlayerSeasonStats, ...] = ()
    #: Entity ids that could not be fetched (partial success): only they are retried.
    failed: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    calls: int = 0  # API calls this outcome cost (the client counts too; this is per game)

    @property
    def entities_done(self) -> tuple[str, ...]:
        """Team and player ids with stats in this outcome."""
        done = {row.team_id for row in self.team_lines} | {row.player_id for row in self.player_lines}
        done |= {row.team_id for row in self.team_season} | {row.player_id for row in self.player_season}
        return tuple(sorted(done))


@runtime_checkable
class GameStatsSource(Protocol):
    """A sport's seeding capability. Offered by an adapter as ``adapter.stats``.

    Contract:

    * ``strategies()`` lists every supported strategy; ``game`` should be the cheapest.
    * ``discover`` makes at most ``calls_per_day`` calls and returns every game of that league on
      that UTC day with its API id and status.
    * ``seed`` fetches stats for the targets with the given strategy and returns one outcome per
      target, in order. It raises only for failures of the whole batch (an
      :class:`~scoracle_core.errors.ApiError` that is permanent for this strategy, or
      transient); a failure of single entities is reported in ``GameOutcome.failed`` instead.
      It must only return stats of the target games' participants (nobody else), and must
      report ``finished=False`` rather than partial stats for a game that is not over.
    * ``fetch_roster`` returns a team's current roster (cacheable 24 h).
    """

    def strategies(self) -> Mapping[Strategy, StrategySpec]:
        """Supported strategies with their costs."""
        ...

    async def discover(
        self, fetch: Fetch, *, league: League | None, season: int | None, day: date
    ) -> list[Discovered]:
        """Games of ``league`` on the UTC day ``day``.

        A source whose API lists a whole day of every competition in one call sets the class
        attribute ``discovery_scope = "sport"``; the core then calls it once per day with
        ``league=None, season=None`` and shares the answer between leagues.
        """
        ...

    async def fetch_roster(
        self, fetch: Fetch, *, league: League, season: int, team_api_id: int
    ) -> list[Player]:
        """A team's roster (players with API ids), e.g. for the ``roster`` strategy."""
        ...

    async def seed(
        self, fetch: Fetch, *, strategy: Strategy, targets: Sequence[SeedTarget]
    ) -> list[GameOutcome]:
        """Seed ``targets`` (several only when the strategy batches) with ``strategy``."""
        ...


def discovery_scope(source: GameStatsSource) -> str:
    """``"sport"`` when one listing per day covers every league, else ``"league"``."""
    return "sport" if getattr(source, "discovery_scope", "league") == "sport" else "league"


def season_schedule_request(source: GameStatsSource, league: League, season: int) -> ScheduleRequest | None:
    """The source's request listing every game of ``league`` in ``season``, or ``None`` when the
    source does not offer one (an optional capability: see the module docstring)."""
    method = getattr(source, "season_schedule_request", None)
    if not callable(method):
        return None
    endpoint, params, format_name = method(league, season)
    return str(endpoint), dict(params), str(format_name)


def stats_source(adapter: object) -> GameStatsSource | None:
    """The adapter's seeding capability, if it has one."""
    source = getattr(adapter, "stats", None)
    return source if isinstance(source, GameStatsSource) else None
