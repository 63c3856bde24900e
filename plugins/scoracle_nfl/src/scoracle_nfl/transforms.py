"""API-American-Football v1 (NFL) answers → Scoracle values. Pure functions: no I/O, no clock.

Stat names: ``"<group>.<stat>"`` in snake case — a player's ``Passing`` group's ``comp att``
becomes ``passing.comp`` and ``passing.att``; a team's ``first_downs.total`` keeps the API's
section and field names, provider spellings included (``rushings``, ``posession``).

Values come as strings and are parsed to floats:

* ``"291"``, ``"10.4"``, ``"-3"``, ``"67.5%"``, ``"3,928"`` → a number;
* ``"x/y"`` or ``"x-y"`` → two stats, named by :data:`PAIRS` (``comp att`` ``"20/33"`` →
  ``comp`` 20, ``att`` 33; ``sacks`` ``"4-24"`` → ``sacks`` 4, ``sacks_yards`` 24; team
  ``penalties.total`` ``"5-45"`` → ``penalties.total`` 5, ``penalties.yards`` 45); any other
  pair is made/attempted: ``field goals`` ``"2/3"`` → ``field_goals_made``, ``field_goals_att``;
* ``"MM:SS"`` → decimal minutes (``posession.total`` ``"30:22"`` → 30.37);
* null, ``""``, ``"-"``, ``"--"`` → the stat is left out.

Anything else is a :class:`~scoracle_core.errors.PayloadError` naming where it was found.

**Who played.** A player listed in a team's ``games/statistics/players`` groups recorded a stat
in the game: he is a participant. Players who did not record one are not listed by the API.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime

import attrs

from scoracle_core.model import GameStatus, Player, player_id
from scoracle_core.pluginkit.payload import (
    ROOT,
    ShapeError,
    as_dict,
    as_list,
    describe,
    field,
    int_field,
    opt_dict,
    opt_int_field,
    opt_str_field,
)
from scoracle_core.seeding import Discovered

__all__ = [
    "PAIRS",
    "SPORT",
    "STATUS",
    "PlayerLine",
    "SeasonLine",
    "TeamLine",
    "discovered_games",
    "player_lines",
    "roster_players",
    "season_lines",
    "snake",
    "stat_values",
    "team_game_lines",
]

SPORT = "nfl"

#: ``game.status.short`` → our status.
STATUS: Mapping[str, GameStatus] = {
    "NS": GameStatus.SCHEDULED,
    "Q1": GameStatus.IN_PROGRESS,
    "Q2": GameStatus.IN_PROGRESS,
    "Q3": GameStatus.IN_PROGRESS,
    "Q4": GameStatus.IN_PROGRESS,
    "OT": GameStatus.IN_PROGRESS,
    "HT": GameStatus.IN_PROGRESS,
    "FT": GameStatus.COMPLETED,
    "AOT": GameStatus.COMPLETED,
    "CANC": GameStatus.CANCELLED,
    "PST": GameStatus.POSTPONED,
}

#: Names of the two halves of an ``"x/y"`` / ``"x-y"`` value, by stat name (snake case).
PAIRS: Mapping[str, tuple[str, str]] = {
    "comp_att": ("comp", "att"),
    "sacks": ("sacks", "sacks_yards"),
    "sacks_yards_lost": ("sacks", "sacks_yards_lost"),
    "made_att": ("made", "att"),
    "third_down_efficiency": ("third_down_made", "third_down_att"),
    "fourth_down_efficiency": ("fourth_down_made", "fourth_down_att"),
}
#: Pairs whose meaning depends on the section (``penalties.total`` is count-yards).
_SECTION_PAIRS: Mapping[tuple[str, str], tuple[str, str]] = {("penalties", "total"): ("total", "yards")}

_PAIR = re.compile(r"(\d+(?:\.\d+)?)\s*[/-]\s*(\d+(?:\.\d+)?)")
_CLOCK = re.compile(r"(\d+):([0-5]\d)")
_NO_VALUE = frozenset({"", "-", "--"})
#: Roster ``group`` values of players who cannot play.
_UNAVAILABLE_GROUPS = ("injured reserve",)


def snake(name: str) -> str:
    """``"Kick_returns"`` → ``kick_returns``; ``"comp att"`` → ``comp_att``."""
    return re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")


def stat_values(prefix: str, name: str, value: object, path: str) -> dict[str, float]:
    """One API stat as zero, one or two of ours (rules in the module docstring)."""
    key = snake(name)
    if value is None:
        return {}
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return {f"{prefix}.{key}": float(value)}
    if isinstance(value, str):
        text = value.strip()
        if text in _NO_VALUE:
            return {}
        pair = _PAIR.fullmatch(text)
        if pair:
            left, right = _SECTION_PAIRS.get((prefix, key)) or PAIRS.get(key) or (f"{key}_made", f"{key}_att")
            return {f"{prefix}.{left}": float(pair.group(1)), f"{prefix}.{right}": float(pair.group(2))}
        clock = _CLOCK.fullmatch(text)
        if clock:
            return {f"{prefix}.{key}": int(clock.group(1)) + int(clock.group(2)) / 60}
        try:
            number = float(text.replace(",", "").removesuffix("%"))
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return {f"{prefix}.{key}": number}
    raise ShapeError(f"expected a number, 'x/y', 'x-y' or 'MM:SS', got {describe(value)}", path=path)


def _group_stats(prefix: str, items: object, path: str) -> dict[str, float]:
    """``[{name, value}, …]`` → stats."""
    stats: dict[str, float] = {}
    for i, item in enumerate(as_list(items, path)):
        where = f"{path}[{i}]"
        obj = as_dict(item, where)
        name = opt_str_field(obj, "name", where)
        if not name:
            raise ShapeError("statistic without a name", path=f"{where}.name")
        stats.update(stat_values(prefix, name, obj.get("value"), f"{where}.value"))
    return stats


def _group_name(obj: Mapping[str, object], path: str) -> str:
    name = opt_str_field(obj, "name", path)
    if not name or not snake(name):
        raise ShapeError("group without a name", path=f"{path}.name")
    return snake(name)


def _ref_id(obj: Mapping[str, object], key: str, path: str) -> int:
    """The ``id`` of a nested reference such as ``team`` or ``teams.home``."""
    return int_field(as_dict(field(obj, key, path), f"{path}.{key}"), "id", f"{path}.{key}")


def _player_name(player: Mapping[str, object], path: str) -> str:
    name = (opt_str_field(player, "name", path) or "").strip()
    if not name:
        raise ShapeError("player without a name", path=f"{path}.name")
    return name


@attrs.frozen(kw_only=True)
class PlayerLine:
    """A player's line in one game: his stats of every group he appears in."""

    api_id: int
    name: str
    team_api_id: int
    stats: Mapping[str, float]

    @property
    def player_id(self) -> str:
        """Our player id (``nfl:2045``)."""
        return player_id(SPORT, self.api_id)

    def player(self, team_id: str | None, position: str = "") -> Player:
        """The player as seen in this line."""
        return Player(
            id=self.player_id,
            sport=SPORT,
            name=self.name,
            api_id=self.api_id,
            team_id=team_id,
            position=position,
        )


@attrs.frozen(kw_only=True)
class TeamLine:
    """A team's box in one game."""

    team_api_id: int
    stats: Mapping[str, float]


@attrs.frozen(kw_only=True)
class SeasonLine:
    """A player's season aggregates with one team."""

    api_id: int
    name: str
    team_api_id: int
    stats: Mapping[str, float]


def player_lines(response: object, path: str = ROOT) -> list[PlayerLine]:
    """Read a ``games/statistics/players?id=G`` answer: one line per player and team."""
    merged: dict[tuple[int, int], tuple[str, dict[str, float]]] = {}
    for t, team_item in enumerate(as_list(response, path)):
        where = f"{path}[{t}]"
        obj = as_dict(team_item, where)
        team_api = _ref_id(obj, "team", where)
        for g, group_item in enumerate(as_list(field(obj, "groups", where), f"{where}.groups")):
            gwhere = f"{where}.groups[{g}]"
            group = as_dict(group_item, gwhere)
            prefix = _group_name(group, gwhere)
            for p, player_item in enumerate(as_list(field(group, "players", gwhere), f"{gwhere}.players")):
                pwhere = f"{gwhere}.players[{p}]"
                entry = as_dict(player_item, pwhere)
                player = as_dict(field(entry, "player", pwhere), f"{pwhere}.player")
                api_id = int_field(player, "id", f"{pwhere}.player")
                _, stats = merged.setdefault(
                    (team_api, api_id), (_player_name(player, f"{pwhere}.player"), {})
                )
                stats.update(_group_stats(prefix, field(entry, "statistics", pwhere), f"{pwhere}.statistics"))
    return [
        PlayerLine(api_id=api_id, name=name, team_api_id=team_api, stats=stats)
        for (team_api, api_id), (name, stats) in merged.items()
    ]


def team_game_lines(response: object, path: str = ROOT) -> list[TeamLine]:
    """Read a ``games/statistics/teams?id=G`` answer: each team's nested sections, flattened."""
    lines = []
    for i, item in enumerate(as_list(response, path)):
        where = f"{path}[{i}]"
        obj = as_dict(item, where)
        team_api = _ref_id(obj, "team", where)
        sections = as_dict(field(obj, "statistics", where), f"{where}.statistics")
        stats: dict[str, float] = {}
        for section_name, section in sections.items():
            swhere = f"{where}.statistics.{section_name}"
            if section is None:
                continue
            for key, value in as_dict(section, swhere).items():
                stats.update(stat_values(snake(section_name), key, value, f"{swhere}.{key}"))
        lines.append(TeamLine(team_api_id=team_api, stats=stats))
    return lines


def season_lines(response: object, path: str = ROOT) -> list[SeasonLine]:
    """Read a ``players/statistics?id=P&season=S`` answer: the player's aggregates per team."""
    lines = []
    for i, item in enumerate(as_list(response, path)):
        where = f"{path}[{i}]"
        obj = as_dict(item, where)
        player = as_dict(field(obj, "player", where), f"{where}.player")
        api_id = int_field(player, "id", f"{where}.player")
        name = _player_name(player, f"{where}.player")
        for t, team_item in enumerate(as_list(field(obj, "teams", where), f"{where}.teams")):
            twhere = f"{where}.teams[{t}]"
            team_obj = as_dict(team_item, twhere)
            team_api = _ref_id(team_obj, "team", twhere)
            stats: dict[str, float] = {}
            for g, group_item in enumerate(as_list(field(team_obj, "groups", twhere), f"{twhere}.groups")):
                gwhere = f"{twhere}.groups[{g}]"
                group = as_dict(group_item, gwhere)
                prefix = _group_name(group, gwhere)
                stats.update(_group_stats(prefix, field(group, "statistics", gwhere), f"{gwhere}.statistics"))
            lines.append(SeasonLine(api_id=api_id, name=name, team_api_id=team_api, stats=stats))
    return lines


def _start(date_obj: Mapping[str, object], path: str) -> datetime:
    """``game.date``: the Unix ``timestamp``, else ``date`` + ``time`` (UTC unless ``timezone`` says)."""
    timestamp = opt_int_field(date_obj, "timestamp", path)
    if timestamp is not None:
        return datetime.fromtimestamp(timestamp, UTC)
    day = opt_str_field(date_obj, "date", path)
    clock = opt_str_field(date_obj, "time", path) or "00:00"
    zone = opt_str_field(date_obj, "timezone", path) or "UTC"
    if day and zone.upper() == "UTC":
        try:
            return datetime.fromisoformat(f"{day.strip()}T{clock.strip()}").replace(tzinfo=UTC)
        except ValueError:
            pass
    raise ShapeError(f"no usable start time in {describe(dict(date_obj))}", path=path)


def discovered_game(item: object, path: str) -> Discovered:
    """Read one ``games`` item."""
    obj = as_dict(item, path)
    game = as_dict(field(obj, "game", path), f"{path}.game")
    status = as_dict(field(game, "status", f"{path}.game"), f"{path}.game.status")
    short = (opt_str_field(status, "short", f"{path}.game.status") or "").strip().upper()
    if short not in STATUS:
        raise ShapeError(f"unknown game status {short!r}", path=f"{path}.game.status.short")
    teams = as_dict(field(obj, "teams", path), f"{path}.teams")
    scores = opt_dict(obj, "scores", path) or {}
    home_score = opt_dict(scores, "home", f"{path}.scores") or {}
    away_score = opt_dict(scores, "away", f"{path}.scores") or {}
    return Discovered(
        external_id=str(int_field(game, "id", f"{path}.game")),
        home_api_id=_ref_id(teams, "home", f"{path}.teams"),
        away_api_id=_ref_id(teams, "away", f"{path}.teams"),
        start_at=_start(
            as_dict(field(game, "date", f"{path}.game"), f"{path}.game.date"), f"{path}.game.date"
        ),
        status=STATUS[short],
        home_score=opt_int_field(home_score, "total", f"{path}.scores.home"),
        away_score=opt_int_field(away_score, "total", f"{path}.scores.away"),
    )


def discovered_games(response: object, *, league: int, path: str = ROOT) -> list[Discovered]:
    """Read a ``games?league=1&season=S&date=D`` answer, keeping the games of ``league``."""
    games = []
    for i, item in enumerate(as_list(response, path)):
        where = f"{path}[{i}]"
        league_obj = opt_dict(as_dict(item, where), "league", where)
        item_league = None if league_obj is None else opt_int_field(league_obj, "id", f"{where}.league")
        if item_league is None or item_league == league:
            games.append(discovered_game(item, where))
    return games


def roster_players(response: object, *, team_id: str | None, path: str = ROOT) -> list[Player]:
    """Read a ``players?team=T&season=S`` answer; players on injured reserve are left out."""
    players = []
    for i, item in enumerate(as_list(response, path)):
        where = f"{path}[{i}]"
        obj = as_dict(item, where)
        group = (opt_str_field(obj, "group", where) or "").strip().casefold()
        if group.startswith(_UNAVAILABLE_GROUPS):
            continue
        api_id = int_field(obj, "id", where)
        players.append(
            Player(
                id=player_id(SPORT, api_id),
                sport=SPORT,
                name=_player_name(obj, where),
                api_id=api_id,
                team_id=team_id,
                position=(opt_str_field(obj, "position", where) or "").strip(),
            )
        )
    return players
