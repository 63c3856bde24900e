"""API-American-Football v1 (NFL) seeding: the calls that fetch one game's participants' stats.

:class:`NFLStats` is the NFL's :class:`~scoracle_core.seeding.GameStatsSource`. Costs (calls per
game; discovery, ``games?league=1&season=S&date=D``, is one call per UTC day shared by the day's
games). NFL v1 has no team-season endpoint, so every strategy takes the team lines from
``games/statistics/teams?id=G`` (one call, both teams); its ``players/statistics`` gives season
aggregates only.

=========  =====  ==========================================================================
strategy   calls  requests
=========  =====  ==========================================================================
game       2      ``games/statistics/teams?id=G`` + ``games/statistics/players?id=G``
boxscore   82     ``games/statistics/players?id=G`` (every game line; who recorded a stat,
                  ~40 a team), then ``players/statistics?id=P&season=S`` per such player
                  (season aggregates) and ``games/statistics/teams?id=G``: 1 + 2×40 + 1
roster     107    ``games/statistics/teams?id=G`` + the two rosters (~53 a team) as
                  pre-resolved in ``SeedTarget.roster``, ``players/statistics?id=P&season=S``
                  each: 1 + 2×53 (+2 cached ``players?team=T`` calls when a roster was not
                  pre-resolved); player values are season aggregates only
blanket    365    every rostered player of the league: 32 rosters (cached 24 h) + 32×53
                  player calls = 1,728 per game day, shared by the games seeded together,
                  + 1 ``games/statistics/teams`` per game: 1,728 / G + 1 with G ≈ 4.75 games
                  a day (272 games over ~57 game days). Seeded alone a game costs 1,729.
=========  =====  ==========================================================================

Seeding makes no call for a game the core has not seen completed (``SeedTarget.game.status``).
Game statistics that come back empty or without one of the two teams mean the API has no final
stats yet: ``finished=False``. Answers are filtered to the game's two teams, so nobody else's
stats come back.
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
from scoracle_nfl.apiformat import FORMAT
from scoracle_nfl.transforms import (
    SPORT,
    PlayerLine,
    SeasonLine,
    TeamLine,
    discovered_games,
    player_lines,
    roster_players,
    season_lines,
    team_game_lines,
)

__all__ = ["ROSTER_TTL", "STRATEGIES", "NFLStats"]

#: Rosters change with signings and injuries; a day-old one is good enough.
ROSTER_TTL = timedelta(hours=24)

_TEAMS = 32
_WITH_STATS = 40  # players who record a stat, per team and game (35-45)
_ROSTERED = 53
_GAMES_PER_DAY = 4.75  # 272 regular-season games over ~57 game days (Thu, Sun, Mon, some Sat)
_MAX_GAMES_PER_DAY = 16
_SWEEP = _TEAMS * (1 + _ROSTERED)  # roster + players, per team

STRATEGIES: Mapping[Strategy, StrategySpec] = {
    Strategy.GAME: StrategySpec(
        strategy=Strategy.GAME,
        calls_per_game=2,
        description="games/statistics/teams?id=G + games/statistics/players?id=G (both teams, all groups)",
    ),
    Strategy.BOXSCORE: StrategySpec(
        strategy=Strategy.BOXSCORE,
        calls_per_game=1 + 2 * _WITH_STATS + 1,
        description=(
            f"1 box score (games/statistics/players?id=G: game lines) + 2×{_WITH_STATS} players with a "
            "stat (players/statistics?id=P&season=S: season aggregates) + 1 games/statistics/teams?id=G"
        ),
    ),
    Strategy.ROSTER: StrategySpec(
        strategy=Strategy.ROSTER,
        calls_per_game=1 + 2 * _ROSTERED,
        game_lines=False,
        description=(
            f"1 games/statistics/teams?id=G + 2×{_ROSTERED} rostered players "
            "(players/statistics?id=P&season=S: season aggregates only); +2 cached "
            "players?team=T&season=S calls for a roster not pre-resolved"
        ),
    ),
    Strategy.BLANKET: StrategySpec(
        strategy=Strategy.BLANKET,
        calls_per_game=_SWEEP + _GAMES_PER_DAY,  # per batch: one sweep + a team call per game
        batch_size=_MAX_GAMES_PER_DAY,
        game_lines=False,
        description=(
            f"the whole league per game day: {_TEAMS} rosters + {_TEAMS}×{_ROSTERED} players = {_SWEEP} "
            f"calls shared by the games seeded together, + 1 games/statistics/teams per game: "
            f"{_SWEEP} / G + 1 with G ≈ {_GAMES_PER_DAY} games a day; {_SWEEP + 1} for a game seeded alone"
        ),
    ),
}

#: A player to fetch: his API id, and the API id of his team in the game when known.
_PlayerJob = tuple[int, int | None]


def _api_id(entity: str) -> int | None:
    """The API id inside an NFL player id (``nfl:2045`` → 2045)."""
    try:
        sport, key = split_id(entity)
    except ValueError:
        return None
    return int(key) if sport == SPORT and key.isdigit() else None


def _player_api_id(target: SeedTarget, entity: str) -> int | None:
    """A player's API id: as the target knows him, else from his id."""
    known = target.players.get(entity)
    return known.api_id if known is not None and known.api_id is not None else _api_id(entity)


class NFLStats(GameByGameSource):
    """The NFL's :class:`~scoracle_core.seeding.GameStatsSource` (see the module docstring)."""

    sport_key = SPORT

    def __init__(self, *, catalog: Callable[[], TeamCatalog]) -> None:
        self._catalog = catalog

    def strategies(self) -> Mapping[Strategy, StrategySpec]:
        """The four strategies with their costs."""
        return STRATEGIES

    async def discover(
        self, fetch: Fetch, *, league: League | None, season: int | None, day: date
    ) -> list[Discovered]:
        """One call: ``games?league=1&season=S&date=D`` (the UTC day)."""
        if league is None or season is None:
            raise ValueError("NFL discovery is per league and season (discovery_scope 'league')")
        params: dict[str, str | int] = {"league": league.api_id, "season": season, "date": day.isoformat()}
        answer = await fetch("games", params)
        with reading(query("games", params)):
            return discovered_games(answer, league=int(league.api_id))

    def season_schedule_request(self, league: League, season: int) -> ScheduleRequest:
        """``games?league=1&season=S``: the whole season in one call, read by ``nfl-apisports-json``
        (the optional capability of :mod:`scoracle_core.seeding`)."""
        return "games", {"league": league.api_id, "season": season}, FORMAT

    async def fetch_roster(
        self, fetch: Fetch, *, league: League, season: int, team_api_id: int
    ) -> list[Player]:
        """One cached call: ``players?team=T&season=S``, injured reserve left out."""
        return await self._read_roster(fetch, season, team_api_id)

    async def _read_roster(self, fetch: Fetch | Calls, season: int, team_api_id: int) -> list[Player]:
        params = {"team": team_api_id, "season": season}
        if isinstance(fetch, Calls):
            answer = await fetch.required("players", params, cache_ttl=ROSTER_TTL)
        else:
            answer = await fetch("players", params, cache_ttl=ROSTER_TTL)
        team = self._catalog().by_api_id(team_api_id)
        with reading(query("players", params)):
            return roster_players(answer, team_id=team.id if team else None)

    # -- game ---------------------------------------------------------------------------------

    async def _game(self, calls: Calls, b: Builder) -> str | None:
        params = {"id": b.api_game}
        teams_answer = await calls.required("games/statistics/teams", params)
        box_answer = await calls.required("games/statistics/players", params)
        with reading(query("games/statistics/teams", params)):
            teams = team_game_lines(teams_answer)
        with reading(query("games/statistics/players", params)):
            lines = player_lines(box_answer)
        if not _both_teams(b, {team.team_api_id for team in teams}):
            return f"games/statistics/teams?id={b.api_game} has no lines for both teams yet"
        if not _both_teams(b, {line.team_api_id for line in lines}):
            return f"games/statistics/players?id={b.api_game} has no lines for both teams yet"
        _take_teams(b, teams, None)
        _take_box(b, lines)
        return None

    # -- boxscore -----------------------------------------------------------------------------

    async def _boxscore(self, calls: Calls, b: Builder) -> str | None:
        if b.target.only is None:
            params = {"id": b.api_game}
            answer = await calls.required("games/statistics/players", params)
            with reading(query("games/statistics/players", params)):
                lines = player_lines(answer)
            if not _both_teams(b, {line.team_api_id for line in lines}):
                return f"games/statistics/players?id={b.api_game} has no lines for both teams yet"
            box = _take_box(b, lines)
            players: list[_PlayerJob] = [(line.api_id, line.team_api_id) for line in box]
            teams = set(b.target.game.team_ids)
        else:
            players, teams = _only(b)
        if teams:
            await self._team_lines(calls, b, teams, require=False)
        for api_id, team_api in players:
            await self._season(calls, [b], api_id, team_api, b.target.game.season)
        return None

    # -- roster -------------------------------------------------------------------------------

    async def _roster(self, calls: Calls, b: Builder) -> str | None:
        target = b.target
        if target.only is not None:
            players, teams = _only(b)
            if teams:
                await self._team_lines(calls, b, teams, require=False)
        else:
            # The team lines first: an empty answer means no final stats, before 100 calls are spent.
            if not await self._team_lines(calls, b, set(target.game.team_ids), require=True):
                return f"games/statistics/teams?id={b.api_game} has no lines for both teams yet"
            players = []
            for team_api in (target.home_api_id, target.away_api_id):
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
                    roster = await self._read_roster(calls, target.game.season, team_api)
                    players += [(p.api_id, team_api) for p in roster if p.api_id is not None]
        fetched: set[int] = set()
        for api_id, player_team in players:
            if api_id not in fetched:
                fetched.add(api_id)
                await self._season(calls, [b], api_id, player_team, b.target.game.season)
        return None

    # -- blanket ------------------------------------------------------------------------------

    async def _blanket(self, calls: Calls, targets: Sequence[SeedTarget]) -> list[GameOutcome]:
        outcomes: dict[int, GameOutcome] = {}
        sweep: list[tuple[int, Builder]] = []
        retries: list[int] = []
        for i, target in enumerate(targets):
            b = builder_for(target, SPORT)
            status = target.game.status
            if status is not GameStatus.COMPLETED:
                outcomes[i] = b.unfinished(status, f"game {b.game_id} is {status}: not seeded")
            elif target.only is not None:
                retries.append(i)
            else:
                sweep.append((i, b))
        groups: dict[int, list[tuple[int, Builder]]] = {}
        for i, b in sweep:
            groups.setdefault(b.target.game.season, []).append((i, b))
        for group in groups.values():
            start = calls.count
            waiting: set[int] = set()
            for i, b in group:
                # Each game's team lines first: a game without them is left out of the sweep.
                if not await self._team_lines(calls, b, set(b.target.game.team_ids), require=True):
                    waiting.add(i)
            if len(waiting) < len(group):
                await self._sweep(calls, [b for i, b in group if i not in waiting])
            total, n = calls.count - start, len(group)
            for k, (i, b) in enumerate(group):
                b.calls = total // n + (1 if k < total % n else 0)
                if i in waiting:
                    reason = f"games/statistics/teams?id={b.api_game} has no lines for both teams yet"
                    outcomes[i] = b.unfinished(b.target.game.status, reason)
                else:
                    outcomes[i] = b.outcome()
        for i in retries:
            outcomes[i] = await self._one(calls, targets[i], self._roster)
        return [outcomes[i] for i in range(len(targets))]

    async def _sweep(self, calls: Calls, builders: Sequence[Builder]) -> None:
        """Every rostered player of the league-season; kept only for the games' teams."""
        season = builders[0].target.game.season
        playing: dict[int, list[Builder]] = {}
        for b in builders:
            for team_api in (b.target.home_api_id, b.target.away_api_id):
                playing.setdefault(team_api, []).append(b)
        teams = sorted(set(self._league_teams(builders[0].target.league, season)) | set(playing))
        rosters: dict[int, list[Player]] = {}
        for team_api in teams:
            try:
                rosters[team_api] = await self._read_roster(calls, season, team_api)
            except FATAL:
                raise
            except ApiError:
                if team_api in playing:
                    raise
                # A team outside the day's games: its players are not needed by any target.
        fetched: set[int] = set()
        for team_api, roster in rosters.items():
            for player in roster:
                if player.api_id is None or player.api_id in fetched:
                    continue
                fetched.add(player.api_id)
                builders_of = playing.get(team_api, [])
                await self._season(calls, builders_of, player.api_id, team_api, season, player.position)

    def _league_teams(self, league: League, season: int) -> list[int]:
        catalog = self._catalog()
        teams = catalog.in_league(league.key, season) or catalog.in_league(league.key)
        return [team.api_id for team in teams if team.api_id is not None]

    # -- per-entity calls ---------------------------------------------------------------------

    async def _team_lines(self, calls: Calls, b: Builder, teams: set[str], *, require: bool) -> bool:
        """``games/statistics/teams?id=G`` for ``teams`` (both, or a retry's); False if not there yet.

        One call covers both teams, so its failure fails both; an answer without one of them
        means no final stats: ``require`` turns that into False (snooze the game), otherwise the
        missing team is reported failed.
        """
        params = {"id": b.api_game}
        answer = await calls.entity("games/statistics/teams", params)
        if isinstance(answer, Failure):
            for team_id in sorted(teams):
                b.fail(team_id, answer)
            return True
        with reading(query("games/statistics/teams", params)):
            lines = team_game_lines(answer)
        present = {b.team_id(line.team_api_id) for line in lines}
        if require and not teams <= present:
            return False
        for team_id in sorted(teams - present):
            b.fail(team_id, Failure(f"games/statistics/teams?id={b.api_game}: no line for this team yet"))
        _take_teams(b, lines, teams)
        return True

    async def _season(
        self,
        calls: Calls,
        builders: Sequence[Builder],
        api_id: int,
        team_api: int | None,
        season: int,
        position: str = "",
    ) -> None:
        """A player's season aggregates, for the games in ``builders`` (blanket: maybe none)."""
        params = {"id": api_id, "season": season}
        answer = await calls.entity("players/statistics", params)
        if not builders:
            return
        if isinstance(answer, Failure):
            for b in builders:
                b.fail(player_id(SPORT, api_id), answer)
            return
        with reading(query("players/statistics", params)):
            lines = [line for line in season_lines(answer) if line.api_id == api_id]
        for b in builders:
            _take_season(b, lines, team_api, position)


def _both_teams(b: Builder, team_api_ids: set[int]) -> bool:
    return {b.target.home_api_id, b.target.away_api_id} <= team_api_ids


def _take_teams(b: Builder, lines: Sequence[TeamLine], teams: set[str] | None) -> None:
    """Record the game's team lines (of ``teams`` only, when given) and the score they imply."""
    for line in lines:
        team_id = b.team_id(line.team_api_id)
        if team_id is None or (teams is not None and team_id not in teams):
            continue
        b.team_line(team_id, line.stats)
        # A team's points against are the other team's score.
        conceded = line.stats.get("points_against.total")
        if conceded is not None and line.team_api_id == b.target.home_api_id:
            b.away_score = int(conceded)
        elif conceded is not None:
            b.home_score = int(conceded)


def _take_box(b: Builder, lines: Sequence[PlayerLine]) -> list[PlayerLine]:
    """Record the game lines of the game's two teams; every listed player is a participant."""
    kept = []
    for line in lines:
        team_id = b.team_id(line.team_api_id)
        if team_id is None:
            continue  # never anyone else's stats
        b.seen(line.player(team_id))
        b.player_line(line.player_id, team_id, line.stats)
        kept.append(line)
    return kept


def _take_season(b: Builder, lines: Sequence[SeasonLine], team_api: int | None, position: str) -> None:
    """Record a player's season aggregates with his team in this game.

    His team is the one he is rostered for (or played for) in this game; when unknown (a retry
    of an id alone), the first of his teams that plays in the game; a player with neither is not
    part of this game and gives nothing.
    """
    ours = [line for line in lines if b.team_id(line.team_api_id)]
    line = next((x for x in ours if x.team_api_id == team_api), None) if team_api is not None else None
    if line is None and team_api is None and ours:
        line = ours[0]
    if line is None:
        return
    team_id = b.team_id(line.team_api_id)
    assert team_id is not None
    pid = player_id(SPORT, line.api_id)
    b.seen(
        Player(id=pid, sport=SPORT, name=line.name, api_id=line.api_id, team_id=team_id, position=position)
    )
    b.season_player(pid, team_id, 0, line.stats)


def _only(b: Builder) -> tuple[list[_PlayerJob], set[str]]:
    """A retry's entities: players as ``(API id, team API id or None)``, and team ids."""
    target = b.target
    assert target.only is not None
    rostered = {entry.player_id: entry.team_id for entry in target.roster}
    players: list[_PlayerJob] = []
    teams: set[str] = set()
    for entity in sorted(target.only):
        if entity in target.game.team_ids:
            teams.add(entity)
            continue
        api_id = _player_api_id(target, entity)
        if api_id is None:
            b.errors.append(f"{entity}: neither a team of game {b.game_id} nor an NFL player id, not fetched")
            continue
        known = target.players.get(entity)
        players.append((api_id, b.api_team(known.team_id if known else rostered.get(entity))))
    return players, teams
