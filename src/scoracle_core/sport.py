"""What a sport plugin provides: the :class:`SportAdapter` protocol and its value types.

A plugin registers one adapter per sport through the ``register_sports(register)`` hook
(see :mod:`scoracle_core.hookspecs`). The core never names a sport: everything sport-specific
reaches it through an adapter.

Contract of a :class:`SportAdapter` (checked by ``scoracle_core.testing.sport_contract``):

* ``key`` is a short lowercase identifier (``nba``, ``nfl``, ``football``), unique among the
  installed plugins, and the prefix of every team and player id of the sport.
* ``leagues`` maps league keys to :class:`League` values; every league has the API-Sports
  league id used in requests, the IANA time zone its schedules are written in, and how its
  seasons are numbered.
* ``catalog()`` returns the sport's :class:`~scoracle_core.teams.TeamCatalog`; every team in it
  belongs to at least one of ``leagues``. It is cheap to call repeatedly (load once, cache).
* ``season_of(league, when)`` returns the season (start year, or calendar year) a game starting at
  ``when`` belongs to.
* Later capabilities (schedule formats, roster resolution, requests per strategy, transforms,
  simulator data) are optional protocols of their own, looked up with ``isinstance`` so a plugin
  may ship them one at a time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cached_property
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

import attrs

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from scoracle_core.teams import TeamCatalog

__all__ = [
    "BaseSport",
    "BundledSchedule",
    "League",
    "SeasonStyle",
    "SportAdapter",
    "bundled_schedules",
    "season_of",
]

SeasonStyle = Literal["split", "calendar"]


@attrs.frozen(kw_only=True)
class League:
    """A competition of a sport, as API-Sports and the schedules know it."""

    key: str  # "premier-league", "standard", "nfl"
    name: str  # "Premier League"
    api_id: int | str  # API-Sports league id: 39, "standard", 1
    timezone: str  # IANA zone local schedules are written in: "Europe/London"
    season_style: SeasonStyle = "split"  # "split": 2024 = 2024-25; "calendar": 2024 = 2024
    season_start_month: int = 7  # split seasons: games from this month on belong to this year's season
    teams_per_season: int | None = None  # sanity check for schedules: 20 in the Premier League
    games_per_team: int | None = None  # regular season: 38 in the Premier League
    default_kickoff: time = time(19, 0)  # local time assumed for date-only schedules
    game_duration: timedelta = timedelta(hours=2, minutes=30)  # start to final whistle, typical
    seed_delay: timedelta = timedelta(hours=4)  # due time of a seed task after the start

    @property
    def zone(self) -> ZoneInfo:
        """The league's local time zone."""
        return ZoneInfo(self.timezone)


@attrs.frozen(kw_only=True)
class BundledSchedule:
    """A real schedule file a plugin ships (for the demo and the simulator)."""

    league: str
    season: int
    format: str  # the ScheduleFormat name that reads it
    file: Traversable


def bundled_schedules(adapter: object) -> list[BundledSchedule]:
    """The schedules an adapter ships (its optional ``bundled_schedules()``), else none."""
    method = getattr(adapter, "bundled_schedules", None)
    return list(method()) if callable(method) else []


def season_of(league: League, when: date | datetime) -> int:
    """The season a game on ``when`` (local date) belongs to, by the league's convention."""
    day = when.date() if isinstance(when, datetime) else when
    if league.season_style == "calendar":
        return day.year
    return day.year if day.month >= league.season_start_month else day.year - 1


@runtime_checkable
class SportAdapter(Protocol):
    """A sport, as a plugin teaches it to the core (contract in the module docstring)."""

    @property
    def key(self) -> str:
        """``nba``, ``nfl``, ``football``: unique, lowercase."""
        ...

    @property
    def name(self) -> str:
        """Human name: "NBA", "NFL", "Football"."""
        ...

    @property
    def leagues(self) -> Mapping[str, League]:
        """League key → league (at least one)."""
        ...

    @property
    def api_base_url(self) -> str:
        """The real API-Sports host, e.g. ``https://v2.nba.api-sports.io``."""
        ...

    @property
    def api_path(self) -> str:
        """The base path of this API on the simulator (``/nba``)."""
        ...

    def catalog(self) -> TeamCatalog:
        """The team catalog (names, abbreviations, ids, league membership per season)."""
        ...


class BaseSport:
    """A convenient :class:`SportAdapter` base: fixed attributes plus a TOML catalog loaded once.

    Plugins subclass it (or instantiate it) and add the optional capabilities they support.
    """

    def __init__(
        self,
        *,
        key: str,
        name: str,
        leagues: Sequence[League],
        api_base_url: str,
        api_path: str,
        catalog_files: Sequence[Traversable],
    ) -> None:
        self._key = key
        self._name = name
        self._leagues = {lg.key: lg for lg in leagues}
        self._api_base_url = api_base_url
        self._api_path = api_path
        self._catalog_files = tuple(catalog_files)

    @property
    def key(self) -> str:
        """The sport key."""
        return self._key

    @property
    def name(self) -> str:
        """The human name."""
        return self._name

    @property
    def leagues(self) -> Mapping[str, League]:
        """League key → league."""
        return self._leagues

    @property
    def api_base_url(self) -> str:
        """The real API-Sports host."""
        return self._api_base_url

    @property
    def api_path(self) -> str:
        """The simulator base path."""
        return self._api_path

    @cached_property
    def _catalog(self) -> TeamCatalog:
        from scoracle_core.teams import load_catalog

        text = "\n".join(f.read_text(encoding="utf-8") for f in self._catalog_files)
        return load_catalog(text, sport=self._key)

    def catalog(self) -> TeamCatalog:
        """The team catalog, loaded on first use."""
        return self._catalog

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._key}>"
