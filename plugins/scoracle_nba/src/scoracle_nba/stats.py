"""API-NBA v2 seeding: the calls that fetch one game's participants' stats, per strategy.

:class:`NBAStats` is the NBA's :class:`~scoracle_core.seeding.GameStatsSource`. Costs (calls per
game; discovery, ``games?date=D``, is one call per UTC day shared by the day's games):

=========  =====  ==========================================================================
strategy   calls  requests
=========  =====  ==========================================================================
game       2      ``games/statistics?id=G`` (both team boxes) + ``players/statistics?game=G``
boxscore   25     ``players/statistics?game=G`` to learn who played, then per player who
                  played (~11 a team) ``players/statistics?id=P&season=S`` — his season game
                  log: this game's line and the season totals — and per team
                  ``teams/statistics?id=T&season=S``: 1 + 2×11 + 2
roster     32     the two rosters (~15 a team) as pre-resolved in ``SeedTarget.roster``, same
                  per-entity calls, no box score: 2×15 + 2 (+2 cached ``players?team=T``
                  calls when a team's roster was not pre-resolved)
blanket    68     every team and every rostered player of the league: 30 rosters (cached
                  24 h) + 30 team + 30×15 player calls = 510 per game day, shared by the
                  games seeded together: 510 / G, G ≈ 7.5 games a day (1,230 games over ~165
                  game days). Seeded one game at a time it costs the whole 510 per game.
=========  =====  ==========================================================================

Seeding makes no call for a game the core has not seen completed (``SeedTarget.game.status``):
discovery updates the status first. A box score (or team statistics) that comes back empty or
without one of the two teams means the API has no final stats yet: ``finished=False``.
Answers are filtered to the target game and its two teams, so nobody else's stats come back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

from scoracle_core.errors import ApiError
from scoracle_core.model import GameStatus, Player, Strategy, player_id, split_id
from scoracle_core.pluginkit.calls import FATAL, Builder, Calls, Failure, GameByGameSource, builder_for, query
from scoracle_core.pluginkit.payload import reading
from scoracle_core.seeding import Discovered, Fetch, GameOutcome, ScheduleRequest, SeedTarget, StrategySpec
from scoracle_core.sport import League
from scoracle_core.teams import TeamCatalog
from scoracle_nba.apiformat import FORMAT
from scoracle_nba.transforms import (
    SPORT,
    PlayerLine,
    discovered_games,
    player_lines,
    roster_players,
    season_totals,
    team_game_lines,
    team_season,
)

__all__ = ["ROSTER_TTL", "STRATEGIES", "NBAStats"]

#: Rosters change with trades and signings; a day-old one is good enough.
ROSTER_TTL = timedelta(hours=24)

_TEAMS = 30  # NBA franchises
_PLAYED = 11  # players who get on the floor, per team and game
_ROSTERED = 15  # players on a roster (13 active + 2 two-way)
_GAMES_PER_DAY = 7.5  # 1,230 regular-season games over ~165 game days
_MAX_GAMES_PER_DAY = 15
_SWEEP = _TEAMS * (1 + 1 + _ROSTERED)  # roster + team stats + players, per team

STRATEGIES: Mapping[Strategy, StrategySpec] = {
    Strategy.GAME: StrategySpec(
        strategy=Strategy.GAME,
        calls_per_game=2,
        description="games/statistics?id=G (both team boxes) + players/statistics?game=G (every player line)",
    ),
    Strategy.BOXSCORE: StrategySpec(
        strategy=Strategy.BOXSCORE,
        calls_per_game=1 + 2 * _PLAYED + 2,
        description=(
            f"1 box score (players/statistics?game=G) + 2×{_PLAYED} players who played "
            "(players/statistics?id=P&season=S: game line + season totals) + 2 teams "
            "(teams/statistics?id=T&season=S)"
        ),
    ),
    Strategy.ROSTER: StrategySpec(
        strategy=Strategy.ROSTER,
        calls_per_game=2 * _ROSTERED + 2,
        description=(
            f"2×{_ROSTERED} rostered players (players/statistics?id=P&season=S) + 2 teams "
            "(teams/statistics?id=T&season=S); +2 cached players?team=T&season=S calls for a roster "
            "not pre-resolved"
        ),
    ),
    Strategy.BLANKET: StrategySpec(
        strategy=Strategy.BLANKET,
        calls_per_game=_SWEEP,  # per batch: one sweep serves every game seeded together
        batch_size=_MAX_GAMES_PER_DAY,
        description=(
            f"the whole league per game day: {_TEAMS} rosters + {_TEAMS} teams + {_TEAMS}×{_ROSTERED} "
            f"players = {_SWEEP} calls, shared by the games seeded together ({_SWEEP} / G a game with "
            f"G ≈ {_GAMES_PER_DAY} games a day)"
        ),
    ),
}


def _api_id(entity: str) -> int | None:
    """The API id inside an NBA player id (``nba:265`` → 265)."""
    try:
        sport, key = split_id(entity)
    except ValueError:
        return None
    return int(key) if sport == SPORT and key.isdigit() else None


def _player_api_id(target: SeedTarget, entity: str) -> int | None:
    """A player's API id: as the target knows him, else from his id."""
    known = target.players.get(entity)
    return known.api_id if known is not None and known.api_id is not None else _api_id(entity)


class NBAStats(GameByGameSource):
    """The NBA's :class:`~scoracle_core.seeding.GameStatsSource` (see the module docstring)."""

    sport_key = SPORT

    def __init__(self, *, catalog: Callable[[], TeamCatalog]) -> None:
        self._catalog = catalog

    def strategies(self) -> Mapping[Strategy, StrategySpec]:
        """The four strategies with their costs."""
        return STRATEGIES

    async def discover(
        self, fetch: Fetch, *, league: League | None, season: int | None, day: date
    ) -> list[Discovered]:
        """One call: ``games?date=D`` (the UTC day), the games of ``league`` in it."""
        params = {"date": day.isoformat()}
        answer = await fetch("games", params)
        with reading(query("games", params)):
            return discovered_games(answer, league=str(league.api_id) if league else "standard")

    def season_schedule_request(self, league: League, season: int) -> ScheduleRequest:
        """``games?league=standard&season=S``: the whole season in one call, read by
        ``nba-apisports-json`` (the optional capability of :mod:`scoracle_core.seeding`)."""
        return "games", {"league": str(league.api_id), "season": season}, FORMAT

    async def fetch_roster(
        self, fetch: Fetch, *, league: League, season: int, team_api_id: int
    ) -> list[Player]:
        """One cached call: ``players?team=T&season=S``, inactive players left out."""
        return await self._read_roster(fetch, league, season, team_api_id)

    async def _read_roster(
        self, fetch: Fetch | Calls, league: League, season: int, team_api_id: int
    ) -> list[Player]:
        params = {"team": team_api_id, "season": season}
        if isinstance(fetch, Calls):
            answer = await fetch.required("players", params, cache_ttl=ROSTER_TTL)
        else:
            answer = await fetch("players", params, cache_ttl=ROSTER_TTL)
        team = self._catalog().by_api_id(team_api_id)
        with reading(query("players", params)):
            return roster_players(answer, league=str(league.api_id), team_id=team.id if team else None)

    # -- game ---------------------------------------------------------------------------------

    async def _game(self, calls: Calls, b: Builder) -> str | None:
        game = b.api_game
        teams_params, box_params = {"id": game}, {"game": game}
        teams_answer = await calls.required("games/statistics", teams_params)
        box_answer = await calls.required("players/statistics", box_params)
        with reading(query("games/statistics", teams_params)):
            boxes = team_game_lines(teams_answer)
        with reading(query("players/statistics", box_params)):
            lines = player_lines(box_answer)
        if not {b.target.home_api_id, b.target.away_api_id} <= {box.team_api_id for box in boxes}:
            return f"games/statistics?id={game} has no box for both teams yet"
        if not _box_complete(b, lines):
            return f"players/statistics?game={game} has no lines for both teams yet"
        for box in boxes:
            team_id = b.team_id(box.team_api_id)
            if team_id is None:
                continue
            b.team_line(team_id, box.stats)
            points = box.stats.get("points")
            if points is not None and box.team_api_id == b.target.home_api_id:
                b.home_score = int(points)
            elif points is not None:
                b.away_score = int(points)
        _take_box(b, lines)
        return None

    # -- boxscore -----------------------------------------------------------------------------

    async def _boxscore(self, calls: Calls, b: Builder) -> str | None:
        box: dict[int, PlayerLine] = {}
        if b.target.only is None:
            params = {"game": b.api_game}
            answer = await calls.required("players/statistics", params)
            with reading(query("players/statistics", params)):
                lines = player_lines(answer)
            if not _box_complete(b, lines):
                return f"players/statistics?game={b.api_game} has no lines for both teams yet"
            box = _take_box(b, lines)
            players: list[tuple[int, int | None]] = [(line.api_id, line.team_api_id) for line in box.values()]
            teams = [b.target.home_api_id, b.target.away_api_id]
        else:
            players, teams = _only(b)
        await self._team_seasons(calls, b, teams)
        for api_id, team_api in players:
            await self._player_log(calls, b, api_id, team_api, box.get(api_id))
        return None

    # -- roster -------------------------------------------------------------------------------

    async def _roster(self, calls: Calls, b: Builder) -> str | None:
        target = b.target
        if target.only is not None:
            players, teams = _only(b)
        else:
            teams = [target.home_api_id, target.away_api_id]
            players = []
            for team_api in teams:
                team_id = b.team_id(team_api)
                entries = [e for e in target.roster if e.team_id == team_id and e.status == "active"]
                if entries:
                    for entry in entries:
                        rostered = _player_api_id(target, entry.player_id)
                        if rostered is None:
                            b.errors.append(f"{entry.player_id}: no API id, not fetched")
                        else:
                            players.append((rostered, team_api))
                else:
                    roster = await self._read_roster(calls, target.league, target.game.season, team_api)
                    players += [(p.api_id, team_api) for p in roster if p.api_id is not None]
        await self._team_seasons(calls, b, teams)
        fetched: set[int] = set()
        for api_id, player_team in players:
            if api_id not in fetched:
                fetched.add(api_id)
                await self._player_log(calls, b, api_id, player_team, None)
        return None

    # -- blanket ------------------------------------------------------------------------------

    async def _blanket(self, calls: Calls, targets: Sequence[SeedTarget]) -> list[GameOutcome]:
        outcomes: dict[int, GameOutcome] = {}
        sweep: list[tuple[int, Builder]] = []
        retries: list[int] = []
        for i, target in enumerate(targets):
            b = builder_for(target, SPORT)
            if target.game.status is not GameStatus.COMPLETED:
                outcomes[i] = b.unfinished(
                    target.game.status, f"game {b.game_id} is {target.game.status}: not seeded"
                )
            elif target.only is not None:
                retries.append(i)
            else:
                sweep.append((i, b))
        groups: dict[tuple[str, int], list[tuple[int, Builder]]] = {}
        for i, b in sweep:
            groups.setdefault((b.target.league.key, b.target.game.season), []).append((i, b))
        for group in groups.values():
            start = calls.count
            await self._sweep(calls, [b for _, b in group])
            total, n = calls.count - start, len(group)
            for k, (i, b) in enumerate(group):
                b.calls = total // n + (1 if k < total % n else 0)
                outcomes[i] = b.outcome()
        for i in retries:
            outcomes[i] = await self._one(calls, targets[i], self._roster)
        return [outcomes[i] for i in range(len(targets))]

    async def _sweep(self, calls: Calls, builders: Sequence[Builder]) -> None:
        """Every team and rostered player of one league-season; kept only for the games' teams."""
        league, season = builders[0].target.league, builders[0].target.game.season
        playing: dict[int, list[Builder]] = {}
        for b in builders:
            for team_api in (b.target.home_api_id, b.target.away_api_id):
                playing.setdefault(team_api, []).append(b)
        teams = sorted(set(self._league_teams(league, season)) | set(playing))
        rosters: dict[int, list[Player]] = {}
        for team_api in teams:
            try:
                rosters[team_api] = await self._read_roster(calls, league, season, team_api)
            except FATAL:
                raise
            except ApiError:
                if team_api in playing:
                    raise
                # A team outside the day's games: its players are not needed by any target.
        for team_api in teams:
            await self._team_seasons_for(calls, playing.get(team_api, []), team_api, season)
        fetched: set[int] = set()
        for team_api, roster in rosters.items():
            for player in roster:
                if player.api_id is None or player.api_id in fetched:
                    continue
                fetched.add(player.api_id)
                await self._player_log_for(calls, playing.get(team_api, []), player.api_id, team_api, season)

    def _league_teams(self, league: League, season: int) -> list[int]:
        catalog = self._catalog()
        teams = catalog.in_league(league.key, season) or catalog.in_league(league.key)
        return [team.api_id for team in teams if team.api_id is not None]

    # -- per-entity calls ---------------------------------------------------------------------

    async def _team_seasons(self, calls: Calls, b: Builder, teams: Sequence[int]) -> None:
        for team_api in teams:
            await self._team_seasons_for(calls, [b], team_api, b.target.game.season)

    async def _team_seasons_for(
        self, calls: Calls, builders: Sequence[Builder], team_api: int, season: int
    ) -> None:
        params = {"id": team_api, "season": season}
        answer = await calls.entity("teams/statistics", params)
        if not builders:
            return
        line = None
        if not isinstance(answer, Failure):
            with reading(query("teams/statistics", params)):
                line = team_season(answer)
        for b in builders:
            team_id = b.team_id(team_api)
            if team_id is None:
                continue
            if isinstance(answer, Failure):
                b.fail(team_id, answer)
            elif line is not None:
                b.season_team(team_id, line.games or 0, line.stats)

    async def _player_log(
        self, calls: Calls, b: Builder, api_id: int, team_api: int | None, box_line: PlayerLine | None
    ) -> None:
        await self._player_log_for(calls, [b], api_id, team_api, b.target.game.season, box_line)

    async def _player_log_for(
        self,
        calls: Calls,
        builders: Sequence[Builder],
        api_id: int,
        team_api: int | None,
        season: int,
        box_line: PlayerLine | None = None,
    ) -> None:
        params = {"id": api_id, "season": season}
        answer = await calls.entity("players/statistics", params)
        if not builders:
            return
        if isinstance(answer, Failure):
            for b in builders:
                b.fail(player_id(SPORT, api_id), answer)
            return
        with reading(query("players/statistics", params)):
            lines = [line for line in player_lines(answer) if line.api_id == api_id]
        for b in builders:
            _take_log(b, api_id, lines, team_api, box_line)


def _box_complete(b: Builder, lines: Sequence[PlayerLine]) -> bool:
    """Whether a box score has played lines of both teams of the game."""
    teams = {line.team_api_id for line in lines if line.game_api_id == b.api_game and line.played}
    return {b.target.home_api_id, b.target.away_api_id} <= teams


def _take_box(b: Builder, lines: Sequence[PlayerLine]) -> dict[int, PlayerLine]:
    """Record a box score's lines of this game's two teams; the played ones, by player API id."""
    played: dict[int, PlayerLine] = {}
    for line in lines:
        team_id = b.team_id(line.team_api_id)
        if line.game_api_id != b.api_game or team_id is None:
            continue  # never anyone else's stats
        b.seen(line.player(team_id))
        if line.played:
            b.player_line(line.player_id, team_id, line.stats)
            played[line.api_id] = line
    return played


def _take_log(
    b: Builder, api_id: int, lines: Sequence[PlayerLine], team_api: int | None, box_line: PlayerLine | None
) -> None:
    """Record a player's season game log: this game's line and his season totals for his team.

    His team is the one he is rostered for (or played for) in this game; when unknown (a retry
    of an id alone), the team of his line in this game, else of his latest line with one of the
    two teams; a player with neither is not part of this game and gives nothing.
    """
    if team_api is None:
        in_game = [line for line in lines if line.game_api_id == b.api_game and b.team_id(line.team_api_id)]
        ours = in_game or [line for line in lines if b.team_id(line.team_api_id)]
        team_api = max(ours, key=lambda line: line.game_api_id).team_api_id if ours else None
    team_id = b.team_id(team_api)
    if team_id is None:
        return
    season = [line for line in lines if line.team_api_id == team_api]
    game_line = next((line for line in season if line.game_api_id == b.api_game), None)
    if game_line is None and box_line is not None:
        game_line = box_line
        season.append(box_line)  # the log lags behind the box score: count the game anyway
    if game_line is not None:
        b.seen(game_line.player(team_id))
        if game_line.played:
            b.player_line(game_line.player_id, team_id, game_line.stats)
    elif season:
        b.seen(season[-1].player(team_id))
    if season:
        games, totals = season_totals(season)
        b.season_player(player_id(SPORT, api_id), team_id, games, totals)


def _only(b: Builder) -> tuple[list[tuple[int, int | None]], list[int]]:
    """A retry's entities: ``(player API id, team API id or None)`` pairs and team API ids."""
    target = b.target
    assert target.only is not None
    rostered = {entry.player_id: entry.team_id for entry in target.roster}
    players: list[tuple[int, int | None]] = []
    teams: list[int] = []
    for entity in sorted(target.only):
        team_api = b.api_team(entity)
        if team_api is not None:
            teams.append(team_api)
            continue
        known = target.players.get(entity)
        api_id = _player_api_id(target, entity)
        if api_id is None:
            b.errors.append(f"{entity}: neither a team of game {b.game_id} nor an NBA player id, not fetched")
            continue
        players.append((api_id, b.api_team(known.team_id if known else rostered.get(entity))))
    return players, teams
