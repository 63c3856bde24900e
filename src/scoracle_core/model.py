"""The domain model: frozen attrs values shared by every layer.

Nothing here does I/O or knows a sport by name. Every ``datetime`` is timezone-aware and
normalised to UTC on construction; a naive one is rejected with :class:`ModelError`.

Identifiers:

* a team is ``"<sport>:<key>"`` (``"nba:lal"``), stable for ever (the catalog's key);
* a player is ``"<sport>:<api id>"`` (``"nba:265"``), API-Sports ids being stable per sport;
* a game has an integer ``id`` given by the store, and a natural key
  (sport, league, season, home team, away team, start date) that makes ingestion idempotent.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Any

import attrs

from scoracle_core.errors import ModelError

__all__ = [
    "ApiCall",
    "Game",
    "GameStatus",
    "Player",
    "PlayerGameStats",
    "PlayerSeasonStats",
    "RosterEntry",
    "RosterSource",
    "SeedTask",
    "Strategy",
    "SyncRun",
    "TaskStatus",
    "Team",
    "TeamGameStats",
    "TeamSeasonStats",
    "WorkerInfo",
    "ensure_utc",
    "player_id",
    "split_id",
    "team_id",
]

UTC = UTC


def ensure_utc(value: datetime, *, what: str = "datetime") -> datetime:
    """Return ``value`` converted to UTC; raise :class:`ModelError` if it is naive."""
    if not isinstance(value, datetime):
        raise ModelError(f"{what} must be a datetime, got {type(value).__name__}: {value!r}")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ModelError(
            f"{what} must be timezone-aware (UTC), got naive {value.isoformat()}; "
            "attach a zone, e.g. value.replace(tzinfo=timezone.utc)"
        )
    return value.astimezone(UTC)


def _utc(value: datetime) -> datetime:
    if value.__class__ is datetime and value.tzinfo is UTC:  # already normalised: nothing to convert
        return value
    return ensure_utc(value)


def _utc_opt(value: datetime | None) -> datetime | None:
    return None if value is None else _utc(value)


def _frozen_stats(value: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType({str(k): float(v) for k, v in dict(value).items()})


def _frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def team_id(sport: str, key: str) -> str:
    """The stable id of a team: ``team_id("nba", "lal") == "nba:lal"``."""
    return f"{sport}:{key}"


def player_id(sport: str, api_id: int | str) -> str:
    """The stable id of a player: ``player_id("nba", 265) == "nba:265"``."""
    return f"{sport}:{api_id}"


def split_id(value: str) -> tuple[str, str]:
    """Split ``"nba:lal"`` into ``("nba", "lal")``."""
    sport, sep, key = value.partition(":")
    if not sep or not sport or not key:
        raise ModelError(f"not a '<sport>:<key>' id: {value!r}")
    return sport, key


class GameStatus(enum.StrEnum):
    """Where a game is in its life."""

    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


def _game_status(value: GameStatus | str) -> GameStatus:
    """``GameStatus(value)``, skipped when ``value`` already is one (the common case)."""
    return value if isinstance(value, GameStatus) else GameStatus(value)


class TaskStatus(enum.StrEnum):
    """Where a seed task is in its life."""

    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Strategy(enum.StrEnum):
    """How a game's stats are fetched (see ``plan.py`` for their costs)."""

    GAME = "game"
    BOXSCORE = "boxscore"
    ROSTER = "roster"
    BLANKET = "blanket"


class RosterSource(enum.StrEnum):
    """Where a roster entry came from."""

    ROSTER = "roster"  # the team's roster, fetched before the game
    BOXSCORE = "boxscore"  # who actually played, from the box score


@attrs.frozen(kw_only=True)
class Team:
    """A team as the store keeps it."""

    id: str
    sport: str
    name: str
    short_name: str = ""
    abbreviation: str = ""
    api_id: int | None = None
    last_seeded_at: datetime | None = attrs.field(default=None, converter=_utc_opt)
    last_game_date: date | None = None


@attrs.frozen(kw_only=True)
class Player:
    """A player, known from the API (rosters or box scores)."""

    id: str
    sport: str
    name: str
    api_id: int | None = None
    team_id: str | None = None
    position: str = ""
    last_seeded_at: datetime | None = attrs.field(default=None, converter=_utc_opt)
    last_game_date: date | None = None


# Not slotted: attrs' frozen __init__ writes a dict-backed instance's fields ~40% faster than
# slots (no object.__setattr__ per field), and ingestion builds one Game per schedule row.
@attrs.frozen(kw_only=True, slots=False)
class Game:
    """One scheduled game. ``id`` is ``None`` until the store has it."""

    id: int | None = None
    sport: str
    league: str
    season: int
    home_team_id: str
    away_team_id: str
    start_at: datetime = attrs.field(converter=_utc)
    #: True when the source had a date but no time (``start_at`` is then a per-sport default).
    time_tbd: bool = False
    status: GameStatus = attrs.field(default=GameStatus.SCHEDULED, converter=_game_status)
    external_id: str | None = None  # API-Sports game / fixture id
    source_id: str | None = None  # the schedule source's own id (nflverse game_id, nba.com id)
    venue: str = ""
    week: int | None = None
    game_type: str = "regular"
    home_score: int | None = None
    away_score: int | None = None
    updated_at: datetime | None = attrs.field(default=None, converter=_utc_opt)

    @property
    def start_date(self) -> date:
        """The UTC calendar date of the start."""
        return self.start_at.date()

    @property
    def team_ids(self) -> tuple[str, str]:
        """``(home, away)``."""
        return (self.home_team_id, self.away_team_id)


@attrs.frozen(kw_only=True)
class RosterEntry:
    """A player expected in (or seen in) one game."""

    game_id: int
    player_id: str
    team_id: str
    source: RosterSource = attrs.field(default=RosterSource.ROSTER, converter=RosterSource)
    is_starter: bool = False
    status: str = "active"


@attrs.frozen(kw_only=True)
class SeedTask:
    """One seeding job: fetch the stats of one game's participants once it is over.

    The task table *is* the queue: a worker claims a due task with a lease
    (``lease_owner`` until ``lease_expires_at``), heartbeats to extend it, and writes the
    outcome; an expired lease is reclaimed by any worker.
    """

    id: int | None = None
    game_id: int
    sport: str
    league: str
    season: int
    due_at: datetime = attrs.field(converter=_utc)
    status: TaskStatus = attrs.field(default=TaskStatus.PENDING, converter=TaskStatus)
    strategy: Strategy = attrs.field(default=Strategy.GAME, converter=Strategy)
    priority: int = 0  # higher runs first among tasks due at the same time
    attempts: int = 0
    max_attempts: int = 5
    next_attempt_at: datetime | None = attrs.field(default=None, converter=_utc_opt)
    lease_owner: str | None = None
    lease_expires_at: datetime | None = attrs.field(default=None, converter=_utc_opt)
    last_error: str | None = None
    api_calls: int = 0
    duration_s: float = 0.0
    entities_done: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    entities_failed: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    started_at: datetime | None = attrs.field(default=None, converter=_utc_opt)
    finished_at: datetime | None = attrs.field(default=None, converter=_utc_opt)
    updated_at: datetime | None = attrs.field(default=None, converter=_utc_opt)

    @property
    def eligible_at(self) -> datetime:
        """When the task may next run: its retry time, else its due time."""
        return self.next_attempt_at or self.due_at


@attrs.frozen(kw_only=True)
class SyncRun:
    """One row of the sync log: what a seed (or any sync) did."""

    id: int | None = None
    sport: str
    seeding_type: str  # strategy name, or "discovery" / "roster" / "schedule"
    started_at: datetime = attrs.field(converter=_utc)
    finished_at: datetime = attrs.field(converter=_utc)
    status: str = "completed"  # completed | partial | failed | snoozed
    task_id: int | None = None
    game_id: int | None = None
    correlation_id: str = ""
    api_calls: int = 0
    teams_done: int = 0
    players_done: int = 0
    entities_failed: int = 0
    error: str | None = None

    @property
    def duration(self) -> timedelta:
        """How long the run took."""
        return self.finished_at - self.started_at


@attrs.frozen(kw_only=True)
class ApiCall:
    """One request to an API-Sports host, recorded for monitoring. Never holds the key."""

    id: int | None = None
    at: datetime = attrs.field(converter=_utc)
    sport: str
    endpoint: str
    params: str = ""  # canonical query string, without credentials
    status: int | None = None  # HTTP status; None when no response came
    error_class: str | None = None  # None on success, else the ApiError subclass name
    duration_ms: float = 0.0
    quota_remaining_day: int | None = None
    quota_remaining_minute: int | None = None
    cached: bool = False


@attrs.frozen(kw_only=True)
class WorkerInfo:
    """A worker process, as seen through its heartbeats."""

    id: str
    host: str = ""
    pid: int = 0
    started_at: datetime = attrs.field(converter=_utc)
    heartbeat_at: datetime = attrs.field(converter=_utc)
    status: str = "running"  # running | stopping | stopped
    info: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen_map)


@attrs.frozen(kw_only=True)
class PlayerGameStats:
    """One player's line in one game: stat name → number, named as the sport's API does."""

    sport: str
    game_id: int
    player_id: str
    team_id: str
    stats: Mapping[str, float] = attrs.field(converter=_frozen_stats)


@attrs.frozen(kw_only=True)
class TeamGameStats:
    """One team's box in one game."""

    sport: str
    game_id: int
    team_id: str
    stats: Mapping[str, float] = attrs.field(converter=_frozen_stats)


@attrs.frozen(kw_only=True)
class PlayerSeasonStats:
    """A player's season totals in one league, for one team."""

    sport: str
    league: str
    season: int
    player_id: str
    team_id: str
    games: int = 0
    stats: Mapping[str, float] = attrs.field(converter=_frozen_stats)
    updated_at: datetime | None = attrs.field(default=None, converter=_utc_opt)


@attrs.frozen(kw_only=True)
class TeamSeasonStats:
    """A team's season totals in one league."""

    sport: str
    league: str
    season: int
    team_id: str
    games: int = 0
    stats: Mapping[str, float] = attrs.field(converter=_frozen_stats)
    updated_at: datetime | None = attrs.field(default=None, converter=_utc_opt)
