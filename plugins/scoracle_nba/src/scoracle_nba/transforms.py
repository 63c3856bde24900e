"""API-NBA v2 answers → Scoracle values. Pure functions: no I/O, no clock.

Stat names are the API's own (``points``, ``fgm``, ``offReb``, ``plusMinus`` …) and every value
is a float: counting stats as they come, percentages and ``plusMinus`` parsed from their strings,
``min`` as decimal minutes (``"36:12"`` → 36.2). A null value leaves its key out — the API sends
null for advanced team fields it did not track (``fastBreakPoints`` …) and for unfinished lines.

**Who played.** A ``players/statistics`` line is a participation when the player was on the
floor: more than zero seconds in ``min``, or — with no time recorded and no DNP-style
``comment`` (``"DNP - Coach's Decision"``, ``DND``, ``NWT``, ``Inactive``) — any non-zero
counting stat. Other lines (a bench player who never checked in) give no stat line and no
participation, but their player is still reported as seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import attrs

from scoracle_core.model import GameStatus, Player, player_id
from scoracle_core.pluginkit.payload import (
    ROOT,
    ShapeError,
    as_dict,
    as_list,
    clock_seconds,
    describe,
    field,
    int_field,
    number,
    opt_dict,
    opt_int_field,
    opt_str_field,
)
from scoracle_core.seeding import Discovered

__all__ = [
    "COUNTING",
    "PERCENTAGES",
    "SPORT",
    "STATUS",
    "PlayerLine",
    "TeamLine",
    "discovered_games",
    "player_lines",
    "roster_players",
    "season_totals",
    "team_game_lines",
    "team_season",
]

SPORT = "nba"

#: ``status.short`` → our status. 5 (delayed) has not started yet.
STATUS: Mapping[int, GameStatus] = {
    1: GameStatus.SCHEDULED,
    2: GameStatus.IN_PROGRESS,
    3: GameStatus.COMPLETED,
    4: GameStatus.POSTPONED,
    5: GameStatus.SCHEDULED,
    6: GameStatus.CANCELLED,
}

#: Stats that add up over games (``min`` is handled apart, in seconds).
COUNTING = (
    "points",
    "fgm",
    "fga",
    "ftm",
    "fta",
    "tpm",
    "tpa",
    "offReb",
    "defReb",
    "totReb",
    "assists",
    "pFouls",
    "steals",
    "turnovers",
    "blocks",
    "plusMinus",
)
#: Percentage → (made, attempted): recomputed from the sums for season totals.
PERCENTAGES: Mapping[str, tuple[str, str]] = {
    "fgp": ("fgm", "fga"),
    "ftp": ("ftm", "fta"),
    "tpp": ("tpm", "tpa"),
}
_LINE_KEYS = (*COUNTING, *PERCENTAGES)
_TEAM_EXTRA = (
    "fastBreakPoints",
    "pointsInPaint",
    "biggestLead",
    "secondChancePoints",
    "pointsOffTurnovers",
    "longestRun",
)
#: A counting stat other than plusMinus that proves a player was on the floor.
_ACTIVITY = tuple(k for k in COUNTING if k != "plusMinus")
_DNP_PREFIXES = ("dnp", "dnd", "nwt", "did not", "not with team", "inactive")


@attrs.frozen(kw_only=True)
class PlayerLine:
    """One item of ``players/statistics``: a player's line in one game."""

    api_id: int
    name: str
    team_api_id: int
    game_api_id: int
    position: str
    seconds: int
    played: bool
    stats: Mapping[str, float]

    @property
    def player_id(self) -> str:
        """Our player id (``nba:265``)."""
        return player_id(SPORT, self.api_id)

    def player(self, team_id: str | None) -> Player:
        """The player as seen in this line."""
        return Player(
            id=self.player_id,
            sport=SPORT,
            name=self.name,
            api_id=self.api_id,
            team_id=team_id,
            position=self.position,
        )


@attrs.frozen(kw_only=True)
class TeamLine:
    """One team's statistics object (a game box, or season totals)."""

    team_api_id: int | None
    games: int | None
    stats: Mapping[str, float]


def _stats(obj: Mapping[str, object], keys: Iterable[str], path: str) -> dict[str, float]:
    stats: dict[str, float] = {}
    for key in keys:
        value = number(obj.get(key), f"{path}.{key}")
        if value is not None:
            stats[key] = value
    return stats


def _name(player: Mapping[str, object], path: str) -> str:
    parts = [opt_str_field(player, key, path) for key in ("firstname", "lastname")]
    name = " ".join(p.strip() for p in parts if p and p.strip())
    if not name:
        raise ShapeError("player has neither firstname nor lastname", path=path)
    return name


def _is_dnp(comment: str | None) -> bool:
    return comment is not None and comment.strip().casefold().startswith(_DNP_PREFIXES)


def player_line(item: object, path: str) -> PlayerLine:
    """Read one ``players/statistics`` item."""
    obj = as_dict(item, path)
    player = as_dict(field(obj, "player", path), f"{path}.player")
    team = as_dict(field(obj, "team", path), f"{path}.team")
    game = as_dict(field(obj, "game", path), f"{path}.game")
    clock = clock_seconds(obj.get("min"), f"{path}.min")
    seconds = clock or 0
    stats = _stats(obj, _LINE_KEYS, path)
    if clock is not None:
        stats["min"] = clock / 60
    active = any(stats.get(key, 0.0) != 0.0 for key in _ACTIVITY)
    played = seconds > 0 or (active and not _is_dnp(opt_str_field(obj, "comment", path)))
    return PlayerLine(
        api_id=int_field(player, "id", f"{path}.player"),
        name=_name(player, f"{path}.player"),
        team_api_id=int_field(team, "id", f"{path}.team"),
        game_api_id=int_field(game, "id", f"{path}.game"),
        position=(opt_str_field(obj, "pos", path) or "").strip(),
        seconds=seconds,
        played=played,
        stats=stats,
    )


def player_lines(response: object, path: str = ROOT) -> list[PlayerLine]:
    """Read a ``players/statistics`` answer (``game=G``: a box score; ``id=P&season=S``: a game log)."""
    return [player_line(item, f"{path}[{i}]") for i, item in enumerate(as_list(response, path))]


def _team_stats_object(obj: Mapping[str, object], path: str) -> Mapping[str, object]:
    """The single object in ``statistics: [ {...} ]``."""
    items = as_list(field(obj, "statistics", path), f"{path}.statistics")
    if len(items) != 1:
        raise ShapeError(f"expected one statistics object, got {len(items)}", path=f"{path}.statistics")
    return as_dict(items[0], f"{path}.statistics[0]")


def team_game_lines(response: object, path: str = ROOT) -> list[TeamLine]:
    """Read a ``games/statistics?id=G`` answer: one box per team."""
    lines = []
    for i, item in enumerate(as_list(response, path)):
        where = f"{path}[{i}]"
        obj = as_dict(item, where)
        team = as_dict(field(obj, "team", where), f"{where}.team")
        box = _team_stats_object(obj, where)
        where_box = f"{where}.statistics[0]"
        stats = _stats(box, (*_TEAM_EXTRA, *_LINE_KEYS), where_box)
        seconds = clock_seconds(box.get("min"), f"{where_box}.min")
        if seconds is not None:
            stats["min"] = seconds / 60
        lines.append(TeamLine(team_api_id=int_field(team, "id", f"{where}.team"), games=None, stats=stats))
    return lines


def team_season(response: object, path: str = ROOT) -> TeamLine | None:
    """Read a ``teams/statistics?id=T&season=S`` answer; ``None`` when the season has no data yet."""
    if isinstance(response, list):
        if not response:
            return None
        if len(response) != 1:
            raise ShapeError(f"expected one statistics object, got {len(response)}", path=path)
        path, response = f"{path}[0]", response[0]
    obj = as_dict(response, path)
    stats = _stats(obj, (*_TEAM_EXTRA, *_LINE_KEYS), path)
    return TeamLine(team_api_id=None, games=opt_int_field(obj, "games", path), stats=stats)


def season_totals(lines: Iterable[PlayerLine]) -> tuple[int, dict[str, float]]:
    """Games played and summed stats of a player's lines; percentages recomputed from the sums."""
    played = [line for line in lines if line.played]
    totals: dict[str, float] = {key: sum(line.stats.get(key, 0.0) for line in played) for key in COUNTING}
    totals["min"] = sum(line.seconds for line in played) / 60
    for pct, (made, attempted) in PERCENTAGES.items():
        totals[pct] = round(100 * totals[made] / totals[attempted], 1) if totals[attempted] else 0.0
    return len(played), totals


def _start(date_obj: Mapping[str, object], path: str) -> datetime:
    raw = field(date_obj, "start", path)
    if isinstance(raw, str):
        try:
            value = datetime.fromisoformat(raw.strip())
        except ValueError:
            pass
        else:
            # API-NBA documents UTC ("...Z"); a bare timestamp is read as UTC too.
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    raise ShapeError(f"expected an ISO-8601 start time, got {describe(raw)}", path=f"{path}.start")


def _side(obj: Mapping[str, object], key: str, path: str) -> Mapping[str, object]:
    return as_dict(field(obj, key, path), f"{path}.{key}")


def discovered_game(item: object, path: str) -> Discovered:
    """Read one ``games`` item."""
    obj = as_dict(item, path)
    status_obj = as_dict(field(obj, "status", path), f"{path}.status")
    short = int_field(status_obj, "short", f"{path}.status")
    if short not in STATUS:
        raise ShapeError(f"unknown game status {short}", path=f"{path}.status.short")
    teams = as_dict(field(obj, "teams", path), f"{path}.teams")
    scores = opt_dict(obj, "scores", path) or {}
    home_score = opt_dict(scores, "home", f"{path}.scores") or {}
    away_score = opt_dict(scores, "visitors", f"{path}.scores") or {}
    return Discovered(
        external_id=str(int_field(obj, "id", path)),
        home_api_id=int_field(_side(teams, "home", f"{path}.teams"), "id", f"{path}.teams.home"),
        away_api_id=int_field(_side(teams, "visitors", f"{path}.teams"), "id", f"{path}.teams.visitors"),
        start_at=_start(as_dict(field(obj, "date", path), f"{path}.date"), f"{path}.date"),
        status=STATUS[short],
        home_score=opt_int_field(home_score, "points", f"{path}.scores.home"),
        away_score=opt_int_field(away_score, "points", f"{path}.scores.visitors"),
    )


def discovered_games(response: object, *, league: str, path: str = ROOT) -> list[Discovered]:
    """Read a ``games?date=D`` answer, keeping the games of ``league`` (``standard``)."""
    games = []
    for i, item in enumerate(as_list(response, path)):
        where = f"{path}[{i}]"
        item_league = opt_str_field(as_dict(item, where), "league", where)
        if item_league is None or item_league == league:
            games.append(discovered_game(item, where))
    return games


def roster_players(response: object, *, league: str, team_id: str | None, path: str = ROOT) -> list[Player]:
    """Read a ``players?team=T&season=S`` answer: the players of ``league``, inactive ones left out.

    A player whose ``leagues`` object lacks ``league`` (a summer-league signing) is not on the
    roster; one without any ``leagues`` object is kept, with no position.
    """
    players = []
    for i, item in enumerate(as_list(response, path)):
        where = f"{path}[{i}]"
        obj = as_dict(item, where)
        position = ""
        leagues = opt_dict(obj, "leagues", where)
        if leagues is not None:
            entry = opt_dict(leagues, league, f"{where}.leagues")
            if entry is None or entry.get("active") is False:
                continue
            position = (opt_str_field(entry, "pos", f"{where}.leagues.{league}") or "").strip()
        api_id = int_field(obj, "id", where)
        players.append(
            Player(
                id=player_id(SPORT, api_id),
                sport=SPORT,
                name=_name(obj, where),
                api_id=api_id,
                team_id=team_id,
                position=position,
            )
        )
    return players
