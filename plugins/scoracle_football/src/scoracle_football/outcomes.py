"""Parsed replies → :class:`~scoracle_core.seeding.GameOutcome` parts, for one target game.

Pure: no calls, no clock. Every builder keeps to the target's two teams: a line of any other
team is dropped (and logged), so nobody outside the game ever gets stats from a seed.

Entities (``GameOutcome.failed`` and ``SeedTarget.only``), the same in every strategy: a
**team id stands for the team and its players** (its game line and its players' lines; in the
season strategies its season row and its players' rows), a **player id for that player only**.
A failed id cannot say which of a team's calls failed, so a team retry may re-fetch players
already written: writes are idempotent upserts, and it costs calls only on the retry path.
Participants and players seen are reported in full whatever ``only`` says: they are facts of the
game, not stats.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import attrs

from scoracle_core.model import (
    GameStatus,
    Player,
    PlayerGameStats,
    PlayerSeasonStats,
    RosterEntry,
    RosterSource,
    TeamGameStats,
    TeamSeasonStats,
    player_id,
)
from scoracle_core.seeding import GameOutcome, SeedTarget
from scoracle_football.transforms import AWARDED, FixtureReport, SeasonLine, TeamSeason

__all__ = [
    "SPORT",
    "failure",
    "fixture_outcome",
    "game_id_of",
    "in_scope",
    "player_season_rows",
    "same_teams",
    "team_season_row",
    "untouched",
]

SPORT = "football"

_log = logging.getLogger(__name__)


def game_id_of(target: SeedTarget) -> int:
    """The store id of the target's game (set by the core before seeding)."""
    game_id = target.game.id
    if game_id is None:
        raise ValueError(
            f"seed target {target.game.home_team_id} v {target.game.away_team_id} has no game id"
        )
    return game_id


def in_scope(target: SeedTarget, team_id: str, player: str | None = None) -> bool:
    """Whether a team's (or a player's) line is asked for by ``target.only``."""
    only = target.only
    return only is None or team_id in only or (player is not None and player in only)


def untouched(
    target: SeedTarget, *, finished: bool = True, calls: int = 0, errors: Iterable[str] = ()
) -> GameOutcome:
    """An outcome that changes nothing the store knows about the game (no stats)."""
    game = target.game
    return GameOutcome(
        game_id=game_id_of(target),
        finished=finished,
        status=game.status,
        home_score=game.home_score,
        away_score=game.away_score,
        errors=tuple(errors),
        calls=calls,
    )


def failure(target: SeedTarget, error: str, *, calls: int = 0) -> GameOutcome:
    """Nothing could be fetched for this target: every entity asked for is still to do.

    That is both teams (a team id covers its players' lines too), or ``target.only`` again.
    """
    failed = target.game.team_ids if target.only is None else tuple(sorted(target.only))
    return attrs.evolve(untouched(target, calls=calls, errors=(error,)), failed=failed)


def same_teams(target: SeedTarget, report: FixtureReport) -> bool:
    """Whether a fixture is between the target's two teams (either way round)."""
    return {report.home_api_id, report.away_api_id} == {target.home_api_id, target.away_api_id}


def fixture_outcome(target: SeedTarget, report: FixtureReport, *, calls: int = 0) -> GameOutcome:
    """One fixture reply (with its embedded blocks) as the target's outcome.

    * Between other teams: a :func:`failure` (never attributed to the game).
    * Not over (scheduled, in play, postponed): ``finished=False``, no scores, no stats.
    * Cancelled or abandoned: finished, status cancelled, no stats.
    * Awarded (``AWD``/``WO``): finished, completed with the awarded score, no stats.
    * Over (``FT``/``AET``/``PEN``): the score, and every in-scope line of each team whose
      ``statistics`` and ``players`` blocks are both there. A team whose blocks are missing (the
      API has not got them yet, or the league lacks coverage) gets no line and is ``failed``, so
      the core retries it a bounded number of times (a snoozed task would wait for ever).
    """
    game_id = game_id_of(target)
    if not same_teams(target, report):
        return failure(
            target,
            f"fixture {report.fixture_id} is team {report.home_api_id} v {report.away_api_id}, "
            f"not the game's {target.home_api_id} v {target.away_api_id}",
            calls=calls,
        )
    if report.status in (GameStatus.SCHEDULED, GameStatus.IN_PROGRESS, GameStatus.POSTPONED):
        return GameOutcome(game_id=game_id, finished=False, status=report.status, calls=calls)
    if report.status is GameStatus.CANCELLED:
        return GameOutcome(game_id=game_id, finished=True, status=GameStatus.CANCELLED, calls=calls)
    home_score, away_score = report.goals_of(target.home_api_id), report.goals_of(target.away_api_id)
    if report.short in AWARDED:
        _log.info(
            "football.fixture.awarded fixture=%s status=%s: no game lines", report.fixture_id, report.short
        )
        return GameOutcome(
            game_id=game_id,
            finished=True,
            status=GameStatus.COMPLETED,
            calls=calls,
            home_score=home_score,
            away_score=away_score,
        )

    complete = {
        api: target.team_id_for(api)
        for api in (target.home_api_id, target.away_api_id)
        if api in report.team_stats and api in report.player_teams
    }
    team_lines = [
        TeamGameStats(sport=SPORT, game_id=game_id, team_id=team, stats=report.team_stats[api])
        for api, team in complete.items()
        if in_scope(target, team)
    ]
    player_lines: list[PlayerGameStats] = []
    participants: list[RosterEntry] = []
    players: list[Player] = []
    for line in report.players:
        if line.team_api_id not in complete:
            if line.team_api_id not in (target.home_api_id, target.away_api_id):
                _log.warning(
                    "football.fixture.stray_team fixture=%s team=%s player=%s: line dropped",
                    report.fixture_id,
                    line.team_api_id,
                    line.api_id,
                )
            continue
        if not line.played:
            continue  # an unused substitute is not a participant
        team, pid = complete[line.team_api_id], player_id(SPORT, line.api_id)
        if pid in {p.player_id for p in participants}:
            continue  # listed twice: the first entry counts
        participants.append(
            RosterEntry(
                game_id=game_id,
                player_id=pid,
                team_id=team,
                source=RosterSource.BOXSCORE,
                is_starter=line.starter,
            )
        )
        players.append(
            Player(
                id=pid, sport=SPORT, name=line.name, api_id=line.api_id, team_id=team, position=line.position
            )
        )
        if in_scope(target, team, pid):
            player_lines.append(
                PlayerGameStats(sport=SPORT, game_id=game_id, player_id=pid, team_id=team, stats=line.stats)
            )

    lacking = [team for team in target.game.team_ids if team not in complete.values()]
    failed: list[str] = [team for team in lacking if in_scope(target, team)]
    if lacking and target.only is not None:  # asked-for players whose team's blocks are missing
        done = {line.player_id for line in player_lines}
        failed += [e for e in sorted(target.only) if e not in target.game.team_ids and e not in done]
    errors = (
        (
            f"fixture {report.fixture_id} is over ({report.short}) but the API has no statistics/players "
            f"for {', '.join(lacking)} yet",
        )
        if failed
        else ()
    )
    return GameOutcome(
        game_id=game_id,
        finished=True,
        status=GameStatus.COMPLETED,
        home_score=home_score,
        away_score=away_score,
        team_lines=tuple(team_lines),
        player_lines=tuple(player_lines),
        players=tuple(players),
        participants=tuple(participants),
        failed=tuple(failed),
        errors=errors,
        calls=calls,
    )


def player_season_rows(
    target: SeedTarget, lines: Iterable[SeasonLine]
) -> tuple[list[PlayerSeasonStats], list[Player]]:
    """Season lines of the target's league, for the target's two teams only."""
    league = target.league
    teams = {target.home_api_id, target.away_api_id}
    rows: list[PlayerSeasonStats] = []
    players: dict[str, Player] = {}
    for line in lines:
        if line.team_api_id not in teams or line.league_api_id not in (None, league.api_id):
            continue  # another club (transfer) or another competition
        team, pid = target.team_id_for(line.team_api_id), player_id(SPORT, line.player_api_id)
        rows.append(
            PlayerSeasonStats(
                sport=SPORT,
                league=league.key,
                season=target.game.season,
                player_id=pid,
                team_id=team,
                games=line.games,
                stats=line.stats,
            )
        )
        players.setdefault(
            pid, Player(id=pid, sport=SPORT, name=line.name, api_id=line.player_api_id, team_id=team)
        )
    return rows, list(players.values())


def team_season_row(target: SeedTarget, season: TeamSeason) -> TeamSeasonStats:
    """A ``teams/statistics`` reply as the season row of one of the target's teams."""
    return TeamSeasonStats(
        sport=SPORT,
        league=target.league.key,
        season=target.game.season,
        team_id=target.team_id_for(season.team_api_id),
        games=season.games,
        stats=season.stats,
    )
