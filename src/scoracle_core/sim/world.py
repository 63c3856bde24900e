"""The simulated world: teams (the plugins' real catalogs), generated rosters, games, box scores.

Everything is a deterministic function of the seed and of what the world holds:

* **teams** come from each sport's catalog; a team without an API-Sports id gets a stable
  synthetic one (``900000 +`` a hash of its catalog id);
* **rosters** are generated per team by the sport's :class:`~scoracle_core.sim.api.SimApi`
  (player ids ``team api id × 100 + slot``, so they are stable whatever the seed);
* **games** are added with :meth:`World.add_games` (the games a user ingested, a bundled or a
  synthetic schedule); a game's API id derives from its natural key (sport, league, season,
  home, away, UTC start date), or is its ``external_id`` when it has a numeric one;
* **box scores** are generated lazily per game from ``(seed, game id)`` and cached: the final
  truth, whatever the clock says. What an API *shows* depends on the clock: a game is
  scheduled before its start, live for the sport's duration, then finished (see :meth:`World.state`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import attrs

from scoracle_core.clock import Clock, SystemClock
from scoracle_core.errors import ConfigError, UnknownSportError
from scoracle_core.model import Game, GameStatus, ensure_utc
from scoracle_core.sim.rng import derive_rng, stable_int
from scoracle_core.sim.truth import BoxScore, PlayerLine, TeamLine, sum_stats
from scoracle_core.sport import League, SportAdapter, season_of

if TYPE_CHECKING:
    from scoracle_core.plugins import Sports
    from scoracle_core.sim.api import SimApi
    from scoracle_core.teams import CatalogTeam

__all__ = ["GameSpec", "GameState", "Phase", "SimGame", "SimPlayer", "SimTeam", "World", "player_api_id"]

SYNTHETIC_TEAM_BASE = 900_000
_GAME_ID_BASE = 10_000_000
_GAME_ID_SPAN = 2_100_000_000  # ids stay below 2**31 - 1


def player_api_id(team_api_id: int, slot: int) -> int:
    """The stable id of the ``slot``-th (1-99) generated player of a team."""
    if not 1 <= slot <= 99:
        raise ValueError(f"roster slot must be 1-99, got {slot}")
    return team_api_id * 100 + slot


@attrs.frozen(kw_only=True)
class SimTeam:
    """A team as the simulated APIs know it."""

    sport: str
    team_id: str  # catalog id, "nba:lal"
    key: str
    api_id: int
    name: str
    short_name: str = ""
    code: str = ""
    city: str = ""
    leagues: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict)
    synthetic_id: bool = False  # True when the catalog had no API-Sports id

    def in_league(self, league: str, season: int | None = None) -> bool:
        """Whether the team plays in ``league`` (``season`` when given)."""
        seasons = self.leagues.get(league)
        return seasons is not None and (season is None or season in seasons)


@attrs.frozen(kw_only=True)
class SimPlayer:
    """A generated player. ``position`` and ``group`` use the sport's own codes."""

    sport: str
    api_id: int
    team_api_id: int
    first_name: str
    last_name: str
    position: str
    number: int
    depth: int = 0  # 0: first choice at the position; higher: further down the bench
    group: str = ""  # NFL unit: "Offense", "Defense", "Special Teams"
    birth_date: date = date(1998, 1, 1)
    height_cm: int = 185
    weight_kg: int = 80
    country: str = ""
    birth_place: str = ""
    college: str = ""
    experience: int = 0  # seasons as a professional

    @property
    def name(self) -> str:
        """``"First Last"``."""
        return f"{self.first_name} {self.last_name}"

    @property
    def short_name(self) -> str:
        """``"F. Last"``."""
        return f"{self.first_name[:1]}. {self.last_name}"

    def age_on(self, day: date) -> int:
        """Age in whole years on ``day``."""
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


@attrs.frozen(kw_only=True)
class GameSpec:
    """A game to add to the world. ``home``/``away``: catalog id (``"nba:lal"``), key, or API id."""

    sport: str
    league: str  # league key or API league id as text
    season: int
    home: str | int
    away: str | int
    start_at: datetime = attrs.field(converter=ensure_utc)
    postponed: bool = False
    week: int | None = None
    venue: str = ""
    external_id: str | None = None


@attrs.frozen(kw_only=True)
class SimGame:
    """A game of the world, with its API id."""

    sport: str
    api_id: int
    league: str  # league key
    season: int
    home: int  # team API id
    away: int
    home_team_id: str  # catalog ids
    away_team_id: str
    start_at: datetime
    postponed: bool = False
    week: int | None = None
    venue: str = ""

    @property
    def natural_key(self) -> tuple[str, str, int, str, str, str]:
        """(sport, league, season, home, away, UTC start date) — what the API id derives from."""
        return (
            self.sport,
            self.league,
            self.season,
            self.home_team_id,
            self.away_team_id,
            self.start_at.date().isoformat(),
        )

    @property
    def teams(self) -> tuple[int, int]:
        """``(home, away)`` API ids."""
        return (self.home, self.away)


class Phase(enum.StrEnum):
    """Where a game is, as the API would tell it."""

    SCHEDULED = "scheduled"
    LIVE = "live"
    FINISHED = "finished"
    POSTPONED = "postponed"


@attrs.frozen(kw_only=True)
class GameState:
    """A game's phase at one instant; ``progress`` runs 0 → 1 over the sport's game duration."""

    phase: Phase
    elapsed: timedelta = timedelta(0)
    progress: float = 0.0


class World:
    """Teams, rosters, games and their box scores, for every simulated sport.

    Build it with :meth:`from_plugins` (the installed plugins' catalogs and simulator APIs) or
    directly from adapters and :class:`~scoracle_core.sim.api.SimApi` objects.
    """

    def __init__(
        self,
        adapters: Iterable[SportAdapter],
        apis: Iterable[SimApi],
        *,
        seed: int = 0,
        clock: Clock | None = None,
    ) -> None:
        self.seed = seed
        self.clock: Clock = clock if clock is not None else SystemClock()
        self._apis: dict[str, SimApi] = {api.sport: api for api in apis}
        self._adapters: dict[str, SportAdapter] = {a.key: a for a in adapters if a.key in self._apis}
        missing = sorted(set(self._apis) - set(self._adapters))
        if missing:
            raise ConfigError(f"simulator APIs without a sport adapter: {', '.join(missing)}")
        self._teams: dict[str, dict[int, SimTeam]] = {
            k: self._load_teams(a) for k, a in self._adapters.items()
        }
        self._team_by_catalog_id = {t.team_id: t for teams in self._teams.values() for t in teams.values()}
        self._rosters: dict[tuple[str, int], tuple[SimPlayer, ...]] = {}
        self._players: dict[str, dict[int, SimPlayer]] = {}
        self._games: dict[int, SimGame] = {}
        self._by_key: dict[tuple[str, str, int, str, str, str], int] = {}
        self._index: dict[tuple[str, int, int], list[SimGame]] | None = None
        self._sorted: dict[str, list[SimGame]] | None = None
        self._boxes: dict[int, BoxScore] = {}
        self._records: dict[tuple[str, int, str, int], dict[int, tuple[int, int, int]]] = {}
        self._records_at: datetime | None = None

    @classmethod
    def from_plugins(
        cls, sports: Sports | None = None, *, seed: int = 0, clock: Clock | None = None
    ) -> World:
        """A world of every installed sport that also registered a simulator API."""
        from scoracle_core.plugins import load_plugins
        from scoracle_core.sim.registry import collect_sim_apis

        sports = sports if sports is not None else load_plugins()
        return cls(list(sports), collect_sim_apis(sports).values(), seed=seed, clock=clock)

    # -- sports and teams ----------------------------------------------------------------
    @property
    def sports(self) -> list[str]:
        """Simulated sport keys, sorted."""
        return sorted(self._apis)

    def api(self, sport: str) -> SimApi:
        """The simulator API of a sport."""
        try:
            return self._apis[sport]
        except KeyError:
            raise UnknownSportError(
                f"the simulator has no sport {sport!r}; it has: {', '.join(self.sports)}"
            ) from None

    def adapter(self, sport: str) -> SportAdapter:
        """The sport adapter (leagues, catalog)."""
        self.api(sport)
        return self._adapters[sport]

    def league(self, sport: str, league: str | int) -> League | None:
        """A league by key or API id (``None`` if the sport has no such league)."""
        leagues = self.adapter(sport).leagues
        text = str(league)
        return leagues.get(text) or next((lg for lg in leagues.values() if str(lg.api_id) == text), None)

    def current_season(self, sport: str, league: str | None = None) -> int:
        """The season in progress at the clock's time (the latest over the leagues when ``None``)."""
        now = self.clock.now()
        leagues = self.adapter(sport).leagues
        chosen = [leagues[league]] if league is not None and league in leagues else list(leagues.values())
        return max(season_of(lg, now) for lg in chosen)

    @staticmethod
    def _load_teams(adapter: SportAdapter) -> dict[int, SimTeam]:
        teams: dict[int, SimTeam] = {}
        catalog: list[CatalogTeam] = sorted(adapter.catalog(), key=lambda t: t.id)
        for entry in catalog:
            if entry.api_id is not None:
                teams[entry.api_id] = _sim_team(adapter.key, entry, entry.api_id, synthetic=False)
        for entry in (t for t in catalog if t.api_id is None):
            api_id = SYNTHETIC_TEAM_BASE + stable_int("team", entry.id) % 99_999
            while api_id in teams:
                api_id += 1
            teams[api_id] = _sim_team(adapter.key, entry, api_id, synthetic=True)
        return teams

    def teams(self, sport: str, league: str | None = None, season: int | None = None) -> list[SimTeam]:
        """Teams of a sport (in a league and season when given), by API id."""
        self.api(sport)
        found: Iterable[SimTeam] = self._teams[sport].values()
        if league is not None:
            found = [t for t in found if t.in_league(league, season)]
        elif season is not None:
            found = [t for t in found if any(season in s for s in t.leagues.values())]
        return sorted(found, key=lambda t: t.api_id)

    def team(self, sport: str, api_id: int) -> SimTeam | None:
        """A team by API id."""
        self.api(sport)
        return self._teams[sport].get(api_id)

    def team_by_catalog_id(self, team_id: str) -> SimTeam | None:
        """A team by catalog id (``"nba:lal"``)."""
        return self._team_by_catalog_id.get(team_id)

    def _resolve_team(self, sport: str, ref: str | int) -> SimTeam:
        team: SimTeam | None
        if isinstance(ref, int):
            team = self.team(sport, ref)
        elif ":" in ref:
            team = self.team_by_catalog_id(ref)
        elif ref.isdigit():
            team = self.team(sport, int(ref))
        else:
            team = self.team_by_catalog_id(f"{sport}:{ref}")
        if team is None or team.sport != sport:
            raise ConfigError(f"the simulator knows no {sport} team {ref!r}")
        return team

    # -- rosters ---------------------------------------------------------------------------
    def roster(self, sport: str, team_api_id: int) -> tuple[SimPlayer, ...]:
        """The generated roster of a team (the same for every season)."""
        cache_key = (sport, team_api_id)
        roster = self._rosters.get(cache_key)
        if roster is None:
            team = self.team(sport, team_api_id)
            if team is None:
                raise ConfigError(f"the simulator knows no {sport} team with API id {team_api_id}")
            roster = tuple(self.api(sport).roster(team, derive_rng(self.seed, "roster", sport, team_api_id)))
            self._rosters[cache_key] = roster
        return roster

    def players(self, sport: str) -> dict[int, SimPlayer]:
        """Every player of a sport, by API id."""
        found = self._players.get(sport)
        if found is None:
            found = {p.api_id: p for t in self.teams(sport) for p in self.roster(sport, t.api_id)}
            self._players[sport] = found
        return found

    def player(self, sport: str, api_id: int) -> SimPlayer | None:
        """A player by API id."""
        return self.players(sport).get(api_id)

    # -- games -------------------------------------------------------------------------------
    def add_games(
        self, games: Iterable[Game | GameSpec | tuple[str, str, int, str | int, str | int, datetime]]
    ) -> list[SimGame]:
        """Add games (idempotent by natural key) and return them, with their API ids, in order.

        Accepts :class:`~scoracle_core.model.Game` values (a numeric ``external_id`` is kept as the
        API id; status ``postponed`` marks the game postponed), :class:`GameSpec` values, or tuples
        ``(sport, league, season, home, away, start_at)``. Re-adding a game updates its start time,
        postponement and week, keeping its id.
        """
        added = [self._add(self._spec(g)) for g in games]
        self._changed()
        return added

    @staticmethod
    def _spec(game: Game | GameSpec | tuple[str, str, int, str | int, str | int, datetime]) -> GameSpec:
        if isinstance(game, GameSpec):
            return game
        if isinstance(game, Game):
            return GameSpec(
                sport=game.sport,
                league=game.league,
                season=game.season,
                home=game.home_team_id,
                away=game.away_team_id,
                start_at=game.start_at,
                postponed=game.status == GameStatus.POSTPONED,
                week=game.week,
                venue=game.venue,
                external_id=game.external_id,
            )
        sport, league, season, home, away, start_at = game
        return GameSpec(
            sport=sport, league=league, season=int(season), home=home, away=away, start_at=start_at
        )

    def _add(self, spec: GameSpec) -> SimGame:
        league = self.league(spec.sport, spec.league)
        if league is None:
            raise ConfigError(f"the simulator knows no {spec.sport} league {spec.league!r}")
        home, away = self._resolve_team(spec.sport, spec.home), self._resolve_team(spec.sport, spec.away)
        natural = (
            spec.sport,
            league.key,
            spec.season,
            home.team_id,
            away.team_id,
            spec.start_at.date().isoformat(),
        )
        existing = self._by_key.get(natural)
        if existing is not None:
            game = attrs.evolve(
                self._games[existing],
                start_at=spec.start_at,
                postponed=spec.postponed,
                week=spec.week if spec.week is not None else self._games[existing].week,
                venue=spec.venue or self._games[existing].venue,
            )
            self._games[existing] = game
            return game
        api_id = self._new_game_id(natural, spec.external_id)
        game = SimGame(
            sport=spec.sport,
            api_id=api_id,
            league=league.key,
            season=spec.season,
            home=home.api_id,
            away=away.api_id,
            home_team_id=home.team_id,
            away_team_id=away.team_id,
            start_at=spec.start_at,
            postponed=spec.postponed,
            week=spec.week,
            venue=spec.venue,
        )
        self._games[api_id] = game
        self._by_key[natural] = api_id
        return game

    def _new_game_id(self, natural: tuple[str, str, int, str, str, str], external_id: str | None) -> int:
        if external_id is not None and external_id.strip().isdigit():
            api_id = int(external_id)
            if api_id in self._games:
                raise ConfigError(f"API game id {api_id} is already used by another game")
            return api_id
        api_id = _GAME_ID_BASE + stable_int("game", *natural) % _GAME_ID_SPAN
        while api_id in self._games:  # a hash collision: practically never, resolved in insertion order
            api_id += 1
        return api_id

    def game_id_for(
        self, sport: str, league: str, season: int, home: str | int, away: str | int, start_at: datetime
    ) -> int | None:
        """The API id of a game already in the world, by its natural key (``None`` if absent)."""
        league_obj = self.league(sport, league)
        if league_obj is None:
            return None
        natural = (
            sport,
            league_obj.key,
            season,
            self._resolve_team(sport, home).team_id,
            self._resolve_team(sport, away).team_id,
            ensure_utc(start_at).date().isoformat(),
        )
        return self._by_key.get(natural)

    def set_postponed(self, api_id: int, postponed: bool = True) -> SimGame:
        """Mark a game postponed (API status ``PST`` / NBA 4) or not."""
        game = attrs.evolve(self.game(api_id), postponed=postponed)
        self._games[api_id] = game
        self._changed()
        return game

    def _changed(self) -> None:
        self._index = None
        self._sorted = None
        self._records.clear()

    def game(self, api_id: int) -> SimGame:
        """A game by API id; ``KeyError`` if the world has none."""
        return self._games[api_id]

    def find_game(self, sport: str, api_id: int) -> SimGame | None:
        """A game of ``sport`` by API id, or ``None``."""
        game = self._games.get(api_id)
        return game if game is not None and game.sport == sport else None

    def games(
        self, sport: str, *, league: str | None = None, season: int | None = None, team: int | None = None
    ) -> list[SimGame]:
        """Games of a sport by start time (then id), filtered by league key, season and team API id."""
        if team is not None and season is not None:
            found: Iterable[SimGame] = self._team_index().get((sport, season, team), [])
        else:
            found = self._all_sorted().get(sport, [])
            if season is not None:
                found = (g for g in found if g.season == season)
            if team is not None:
                found = (g for g in found if team in g.teams)
        if league is not None:
            found = (g for g in found if g.league == league)
        return list(found)

    def _all_sorted(self) -> dict[str, list[SimGame]]:
        if self._sorted is None:
            by_sport: dict[str, list[SimGame]] = {}
            for game in sorted(self._games.values(), key=lambda g: (g.start_at, g.api_id)):
                by_sport.setdefault(game.sport, []).append(game)
            self._sorted = by_sport
        return self._sorted

    def _team_index(self) -> dict[tuple[str, int, int], list[SimGame]]:
        if self._index is None:
            index: dict[tuple[str, int, int], list[SimGame]] = {}
            for games in self._all_sorted().values():
                for game in games:
                    for team in game.teams:
                        index.setdefault((game.sport, game.season, team), []).append(game)
            self._index = index
        return self._index

    def week_of(self, game: SimGame) -> int:
        """The game's week (or round): its own, else 7-day blocks from the league-season's first game."""
        if game.week is not None:
            return game.week
        first = self.games(game.sport, league=game.league, season=game.season)[0].start_at.date()
        return (game.start_at.date() - first).days // 7 + 1

    def __len__(self) -> int:
        return len(self._games)

    # -- time --------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The clock's time."""
        return self.clock.now()

    def state(self, game: SimGame, at: datetime | None = None) -> GameState:
        """Where ``game`` is at ``at`` (default: now)."""
        now = self.now() if at is None else ensure_utc(at)
        if game.postponed:
            return GameState(phase=Phase.POSTPONED)
        if now < game.start_at:
            return GameState(phase=Phase.SCHEDULED)
        duration = self.api(game.sport).game_duration
        elapsed = now - game.start_at
        if elapsed >= duration:
            return GameState(phase=Phase.FINISHED, elapsed=duration, progress=1.0)
        return GameState(phase=Phase.LIVE, elapsed=elapsed, progress=elapsed / duration)

    def finished(self, game: SimGame, at: datetime | None = None) -> bool:
        """Whether the game is over (and its box score final) at ``at`` (default: now)."""
        return self.state(game, at).phase == Phase.FINISHED

    def finished_games(
        self,
        sport: str,
        season: int,
        *,
        team: int | None = None,
        league: str | None = None,
        at: datetime | None = None,
    ) -> list[SimGame]:
        """The season's finished games at ``at`` (default: now), by start time."""
        when = self.now() if at is None else ensure_utc(at)
        return [
            g for g in self.games(sport, season=season, team=team, league=league) if self.finished(g, when)
        ]

    # -- truth -------------------------------------------------------------------------------
    def box_score(self, game_id: int) -> BoxScore:
        """The final box score of a game (generated once, whatever the clock says)."""
        box = self._boxes.get(game_id)
        if box is None:
            game = self.game(game_id)
            api = self.api(game.sport)
            box = api.box_score(
                game,
                self.roster(game.sport, game.home),
                self.roster(game.sport, game.away),
                derive_rng(self.seed, "box", game.sport, game.api_id),
            )
            self._boxes[game_id] = box
        return box

    def truth_player_lines(self, game_id: int) -> tuple[PlayerLine, ...]:
        """Every player line of a game's final box score (DNP / unused players included)."""
        return self.box_score(game_id).players

    def truth_team_lines(self, game_id: int) -> tuple[TeamLine, TeamLine]:
        """``(home, away)`` team lines of a game's final box score."""
        box = self.box_score(game_id)
        return (box.home, box.away)

    def truth_player_season(
        self,
        sport: str,
        player_id: int,
        season: int,
        *,
        league: str | None = None,
        at: datetime | None = None,
    ) -> dict[str, float]:
        """A player's counting stats summed over the season's finished games (default: now)."""
        player = self.player(sport, player_id)
        if player is None:
            return {}
        lines = []
        for game in self.finished_games(sport, season, team=player.team_api_id, league=league, at=at):
            line = self.box_score(game.api_id).line_of(player_id)
            if line is not None and line.played:
                lines.append(line.stats)
        return sum_stats(lines)

    def truth_team_season(
        self, sport: str, team_id: int, season: int, *, league: str | None = None, at: datetime | None = None
    ) -> dict[str, float]:
        """A team's box stats summed over the season's finished games (default: now)."""
        games = self.finished_games(sport, season, team=team_id, league=league, at=at)
        return sum_stats(self.box_score(g.api_id).team(team_id).stats for g in games)

    def record(self, game: SimGame, team: int, at: datetime | None = None) -> tuple[int, int, int]:
        """``(wins, losses, draws)`` of ``team`` in the season's finished games up to this one (included)."""
        when = self.now() if at is None else ensure_utc(at)
        if self._records_at != when:
            self._records.clear()
            self._records_at = when
        key = (game.sport, game.season, game.league, team)
        table = self._records.get(key)
        if table is None:
            table = {}
            wins = losses = draws = 0
            for other in self.games(game.sport, season=game.season, team=team, league=game.league):
                if self.finished(other, when):
                    box = self.box_score(other.api_id)
                    mine = box.team(team).score
                    theirs = (box.away if box.home.team_id == team else box.home).score
                    wins, losses, draws = (
                        wins + (mine > theirs),
                        losses + (mine < theirs),
                        draws + (mine == theirs),
                    )
                table[other.api_id] = (wins, losses, draws)
            self._records[key] = table
        return table.get(game.api_id, (0, 0, 0))

    def __repr__(self) -> str:
        return f"World(seed={self.seed}, sports={self.sports}, games={len(self._games)})"


def _sim_team(sport: str, entry: CatalogTeam, api_id: int, *, synthetic: bool) -> SimTeam:
    return SimTeam(
        sport=sport,
        team_id=entry.id,
        key=entry.key,
        api_id=api_id,
        name=entry.name,
        short_name=entry.short_name,
        code=entry.abbreviation,
        city=entry.city,
        leagues=dict(entry.leagues),
        synthetic_id=synthetic,
    )
