"""API-Football v3 replies → plain values: fixtures, game lines, squads, season aggregates.

Pure functions over the ``response`` member of an envelope (the :class:`Fetch` has already
checked ``errors``). A reply of an unexpected shape raises
:class:`~scoracle_core.errors.PayloadError` with the path of the offending value.

Decisions:

* **Statuses** (``fixture.status.short``, API_FACTS §2.2): ``TBD``/``NS`` scheduled; ``1H``,
  ``HT``, ``2H``, ``ET``, ``BT``, ``P``, ``SUSP``, ``INT``, ``LIVE`` in progress; ``FT``, ``AET``,
  ``PEN`` completed; ``PST`` postponed; ``CANC``, ``ABD`` cancelled; ``AWD``, ``WO`` completed
  *without stats* (the result was awarded, the match was not played out, so any lines the API
  has are not a game's lines). An unknown code is a :class:`PayloadError`, never a guess.
* **Team game stats** (``statistics[].statistics[{type, value}]``): names become snake_case
  keys (``"Shots on Goal"`` → ``shots_on_goal``, ``"Passes %"`` → ``passes_pct``,
  ``expected_goals`` stays); ``"52%"`` → 52.0, ``"1.21"`` → 1.21; ``null`` is omitted (the API
  writes ``null`` for zero red cards, so absence means "none recorded", not zero).
* **Player game lines** (``players[].players[].statistics[0]``): nested keys are flattened with
  dots and **keep the provider's names and spellings** (``games.minutes``, ``goals.assists``,
  ``penalty.commited``), as :class:`~scoracle_core.model.PlayerGameStats` promises ("named as the
  sport's API does"); numeric strings (``games.rating`` ``"7.6"``, ``passes.accuracy`` ``"25"``)
  become floats, booleans (``games.captain``, ``games.substitute``) 1.0/0.0, ``null`` is omitted;
  ``games.number`` and ``games.position`` are identity, not stats, and are left out.
* **Who played**: a player with ``games.minutes`` > 0. Unused substitutes are listed with
  ``minutes: null`` and are not participants; starters are those with ``games.substitute`` false.
* The same provider key may mean different things in game and season replies, as in the API:
  ``passes.accuracy`` counts accurate passes in a game line and is a percentage in a season row.
* **Season aggregates** (``players``, ``teams/statistics``) are read leniently: numbers and
  numeric/percentage strings are kept, descriptive strings (``form`` "WWDLW", biggest win
  ``"3-0"``) and lists (``lineups``) are skipped — they are text, not totals.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType

import attrs

from scoracle_core.model import GameStatus
from scoracle_football._payload import Node

__all__ = [
    "AWARDED",
    "FINAL",
    "STATUSES",
    "FixturePlayer",
    "FixtureReport",
    "SeasonLine",
    "SquadPlayer",
    "TeamSeason",
    "fixture_report",
    "parse_fixtures",
    "parse_player_seasons",
    "parse_squads",
    "parse_team_ids",
    "parse_team_season",
    "team_stat_key",
]

#: ``fixture.status.short`` → our status.
STATUSES: Mapping[str, GameStatus] = MappingProxyType(
    {
        **dict.fromkeys(("TBD", "NS"), GameStatus.SCHEDULED),
        **dict.fromkeys(("1H", "HT", "2H", "ET", "BT", "P", "SUSP", "INT", "LIVE"), GameStatus.IN_PROGRESS),
        **dict.fromkeys(("FT", "AET", "PEN", "AWD", "WO"), GameStatus.COMPLETED),
        "PST": GameStatus.POSTPONED,
        **dict.fromkeys(("CANC", "ABD"), GameStatus.CANCELLED),
    }
)
#: Played to the end: the API has the game's lines.
FINAL = frozenset({"FT", "AET", "PEN"})
#: Result awarded (technical loss / walk-over): completed, but there are no game lines.
AWARDED = frozenset({"AWD", "WO"})

_NOT_STATS_GAME = frozenset({"games.number", "games.position"})
_NOT_STATS_PLAYER_SEASON = frozenset({"team", "league", "games.number", "games.position"})
_NOT_STATS_TEAM_SEASON = frozenset({"league", "team", "form", "lineups"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


@attrs.frozen(kw_only=True)
class FixturePlayer:
    """One player of one fixture's ``players`` block."""

    api_id: int
    team_api_id: int
    name: str
    position: str
    minutes: int | None
    starter: bool
    stats: Mapping[str, float]

    @property
    def played(self) -> bool:
        """Whether the player was on the pitch (unused substitutes have ``minutes`` null)."""
        return self.minutes is not None and self.minutes > 0


@attrs.frozen(kw_only=True)
class FixtureReport:
    """One item of a ``fixtures`` reply; the embedded blocks are empty for ``fixtures?date=``."""

    fixture_id: int
    short: str
    status: GameStatus
    start_at: datetime
    league_api_id: int | None
    home_api_id: int
    away_api_id: int
    home_goals: int | None
    away_goals: int | None
    #: API team id → team game stats, for each team with a ``statistics`` entry.
    team_stats: Mapping[int, Mapping[str, float]] = attrs.field(factory=dict)
    #: API team ids with a ``players`` entry (an empty block means "not available yet").
    player_teams: frozenset[int] = frozenset()
    players: tuple[FixturePlayer, ...] = ()

    @property
    def final(self) -> bool:
        """Played to the end (``FT``/``AET``/``PEN``): the game's lines can be trusted."""
        return self.short in FINAL

    def goals_of(self, api_team_id: int) -> int | None:
        """The goals of one of the two teams."""
        if api_team_id == self.home_api_id:
            return self.home_goals
        if api_team_id == self.away_api_id:
            return self.away_goals
        raise KeyError(api_team_id)


@attrs.frozen(kw_only=True)
class SquadPlayer:
    """A player of a ``players/squads`` reply."""

    api_id: int
    team_api_id: int
    name: str
    position: str


@attrs.frozen(kw_only=True)
class SeasonLine:
    """One (player, team, competition) entry of a ``players`` reply: season aggregates."""

    player_api_id: int
    name: str
    team_api_id: int
    league_api_id: int | None
    games: int
    stats: Mapping[str, float]


@attrs.frozen(kw_only=True)
class TeamSeason:
    """A ``teams/statistics`` reply: one team's season aggregates in one league."""

    team_api_id: int
    league_api_id: int | None
    games: int
    stats: Mapping[str, float]


# -- numbers ------------------------------------------------------------------------------


def _number_text(text: str) -> float | None:
    """``"52%"`` → 52.0, ``"7.6"`` → 7.6; ``None`` when the text is not a number."""
    cleaned = text.strip().removesuffix("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _strict_number(node: Node) -> float | None:
    """A stat value of a game reply: number, numeric or percentage string, boolean, or ``null``."""
    value = node.value
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise node.fail("a finite number")
        return float(value)
    if isinstance(value, str):
        number = _number_text(value)
        if number is None:
            raise node.fail("a number, a numeric string or a percentage")
        return number
    raise node.fail("a number or null")


def _lenient_number(value: object) -> float | None:
    """A value of a season reply as a number, or ``None`` for text, lists and ``null``."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return _number_text(value)
    return None


def _flatten(node: Node, *, strict: bool, skip: frozenset[str], prefix: str = "") -> dict[str, float]:
    """Nested objects → ``{"a.b": number}``; ``skip`` names keys (full dotted) to leave out."""
    out: dict[str, float] = {}
    for key, child in node.members():
        name = f"{prefix}.{key}" if prefix else key
        if name in skip:
            continue
        if child.has_members:
            out.update(_flatten(child, strict=strict, skip=skip, prefix=name))
        elif strict:
            if isinstance(child.value, list):
                raise child.fail("a number or an object")
            number = _strict_number(child)
            if number is not None:
                out[name] = number
        else:
            number = _lenient_number(child.value)
            if number is not None:
                out[name] = number
    return out


def team_stat_key(name: str) -> str:
    """A team statistic's name as a key: ``"Shots on Goal"`` → ``shots_on_goal``, ``"Passes %"`` →
    ``passes_pct``."""
    key = _NON_WORD.sub("_", name.replace("%", " pct ").casefold()).strip("_")
    return key or "unnamed"


# -- fixtures -----------------------------------------------------------------------------


def _start_at(fixture: Node) -> datetime:
    stamp = fixture["timestamp"]
    if not stamp.is_null:
        return datetime.fromtimestamp(stamp.as_int(), tz=UTC)
    text = fixture["date"]
    try:
        when = datetime.fromisoformat(text.as_str())
    except ValueError:
        raise text.fail("an ISO-8601 date-time") from None
    if when.tzinfo is None:
        raise text.fail("a date-time with a UTC offset")
    return when.astimezone(UTC)


def _team_stats(block: Node) -> dict[int, Mapping[str, float]]:
    out: dict[int, Mapping[str, float]] = {}
    for entry in block.items():
        team = entry["team"]["id"].as_int()
        stats: dict[str, float] = {}
        for stat in entry["statistics"].items():
            value = _strict_number(stat["value"])
            if value is not None:
                stats[team_stat_key(stat["type"].as_str())] = value
        out[team] = MappingProxyType(stats)
    return out


def _fixture_players(block: Node) -> tuple[frozenset[int], tuple[FixturePlayer, ...]]:
    teams: set[int] = set()
    players: list[FixturePlayer] = []
    for entry in block.items():
        team = entry["team"]["id"].as_int()
        teams.add(team)
        for item in entry["players"].items():
            who = item["player"]
            lines = list(item["statistics"].items())
            line = lines[0] if lines else None
            games = line["games"] if line is not None else None
            minutes = games["minutes"].opt_int() if games is not None and games.has_members else None
            substitute = games["substitute"].opt_bool() if games is not None and games.has_members else None
            position = games["position"].opt_str() if games is not None and games.has_members else None
            stats = _flatten(line, strict=True, skip=_NOT_STATS_GAME) if line is not None else {}
            players.append(
                FixturePlayer(
                    api_id=who["id"].as_int(),
                    team_api_id=team,
                    name=who["name"].opt_str() or "",
                    position=position or "",
                    minutes=minutes,
                    starter=substitute is False,
                    stats=MappingProxyType(stats),
                )
            )
    return frozenset(teams), tuple(players)


def _fixture(item: Node) -> FixtureReport:
    fixture = item["fixture"]
    short_node = fixture["status"]["short"]
    short = short_node.as_str()
    if short not in STATUSES:
        raise short_node.fail(f"a fixture status code ({', '.join(sorted(STATUSES))})")
    teams, goals = item["teams"], item["goals"]
    league = item["league"]
    # The blocks are absent from ``fixtures?date`` replies; ``null`` is read as absent too.
    team_stats = _team_stats(item["statistics"]) if not item["statistics"].is_null else {}
    player_teams, players = (
        _fixture_players(item["players"]) if not item["players"].is_null else (frozenset[int](), ())
    )
    return FixtureReport(
        fixture_id=fixture["id"].as_int(),
        short=short,
        status=STATUSES[short],
        start_at=_start_at(fixture),
        league_api_id=league["id"].opt_int() if league.has_members else None,
        home_api_id=teams["home"]["id"].as_int(),
        away_api_id=teams["away"]["id"].as_int(),
        home_goals=goals["home"].opt_int() if not goals.is_null else None,
        away_goals=goals["away"].opt_int() if not goals.is_null else None,
        team_stats=MappingProxyType(team_stats),
        player_teams=player_teams,
        players=players,
    )


def fixture_report(item: object, *, request: str, path: str = "$") -> FixtureReport:
    """One item of a ``fixtures`` reply found at ``path`` (errors name that path)."""
    return _fixture(Node(item, request=request, path=path))


def parse_fixtures(response: object, *, request: str) -> list[FixtureReport]:
    """Every fixture of a ``fixtures`` reply (by date, ``id`` or ``ids``)."""
    return [_fixture(item) for item in Node(response, request=request).items()]


# -- squads, season aggregates, team lists ------------------------------------------------


def parse_squads(response: object, *, request: str) -> list[SquadPlayer]:
    """Every player of a ``players/squads`` reply (one entry per team)."""
    out: list[SquadPlayer] = []
    for entry in Node(response, request=request).items():
        team = entry["team"]["id"].as_int()
        for player in entry["players"].items():
            out.append(
                SquadPlayer(
                    api_id=player["id"].as_int(),
                    team_api_id=team,
                    name=player["name"].opt_str() or "",
                    position=player["position"].opt_str() or "",
                )
            )
    return out


def parse_player_seasons(response: object, *, request: str) -> list[SeasonLine]:
    """Every (player, team, competition) entry of a ``players`` reply (by ``id`` or ``team``)."""
    out: list[SeasonLine] = []
    for item in Node(response, request=request).items():
        who = item["player"]
        api_id, name = who["id"].as_int(), who["name"].opt_str() or ""
        for entry in item["statistics"].items():
            league = entry["league"]
            games = entry["games"]
            appearances = games["appearences"].opt_int() if games.has_members else None
            out.append(
                SeasonLine(
                    player_api_id=api_id,
                    name=name,
                    team_api_id=entry["team"]["id"].as_int(),
                    league_api_id=league["id"].opt_int() if league.has_members else None,
                    games=appearances or 0,
                    stats=MappingProxyType(_flatten(entry, strict=False, skip=_NOT_STATS_PLAYER_SEASON)),
                )
            )
    return out


def parse_team_season(response: object, *, request: str) -> TeamSeason:
    """A ``teams/statistics`` reply (an object, not a list)."""
    root = Node(response, request=request)
    if not root.has_members:
        raise root.fail("an object (teams/statistics answers one object)")
    league = root["league"]
    played = root["fixtures"]["played"]
    return TeamSeason(
        team_api_id=root["team"]["id"].as_int(),
        league_api_id=league["id"].opt_int() if league.has_members else None,
        games=(played["total"].opt_int() if played.has_members else None) or 0,
        stats=MappingProxyType(_flatten(root, strict=False, skip=_NOT_STATS_TEAM_SEASON)),
    )


def parse_team_ids(response: object, *, request: str) -> list[int]:
    """The team ids of a ``teams`` reply, in reply order, without repeats."""
    seen: dict[int, None] = {}
    for item in Node(response, request=request).items():
        seen[item["team"]["id"].as_int()] = None
    return list(seen)
