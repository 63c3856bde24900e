"""Local schedule times to UTC instants, refusing the times a clock change makes impossible.

Which zone a row's wall-clock time is in (first that applies):

1. the row's own explicit zone (``RawGame.explicit_zone``: a ``timezone`` column, say);
2. the caller's ``timezone=`` (``--timezone``);
3. the format's convention for the row (``RawGame.zone``: "bbref writes ET");
4. the league's zone (``League.timezone``).

A row with an absolute ``start_at`` is used as it is. A row without a time starts at the league's
``default_kickoff`` local time and is marked ``time_tbd``.

A local time that does not exist (the spring-forward gap) or exists twice (the fall-back hour)
is an error, never silently shifted: the zone database cannot know which instant was meant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from scoracle_core.errors import ConfigError
from scoracle_core.ingest.formats import RawGame
from scoracle_core.sport import League

__all__ = ["StartTime", "TimeProblem", "check_zone", "local_to_utc", "start_of", "zone"]

#: Dates outside these years are typos (and would overflow some zone conversions).
FIRST_YEAR, LAST_YEAR = 1900, 2200


class TimeProblem(ValueError):
    """A row's time cannot be turned into an instant; ``code`` says why (``dst-gap`` …)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@attrs.frozen(kw_only=True)
class StartTime:
    """When a game starts, in UTC, and whether the time is a placeholder."""

    at: datetime
    time_tbd: bool = False
    zone: str = "UTC"  # the zone the local time was read in


@cache
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; :class:`TimeProblem` (code ``bad-zone``) if there is none."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise TimeProblem(
            f"unknown time zone {name[:60]!r} (use an IANA name such as America/New_York)", code="bad-zone"
        ) from None


def check_zone(name: str) -> str:
    """Validate a caller-supplied zone name; :class:`ConfigError` if it is not a known IANA zone."""
    try:
        zone(name)
    except TimeProblem as exc:
        raise ConfigError(str(exc)) from None
    return name


@lru_cache(maxsize=8192)  # schedules repeat the same dates and kick-off times; failures are not cached
def local_to_utc(day: date, clock: time, zone_name: str) -> datetime:
    """The UTC instant of wall-clock ``clock`` on ``day`` in ``zone_name``.

    Raises :class:`TimeProblem` with code ``dst-gap`` when that local time does not exist and
    ``dst-ambiguous`` when it occurs twice.
    """
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise TimeProblem(
            f"date {day.isoformat()} is out of range ({FIRST_YEAR}-{LAST_YEAR})", code="bad-date"
        )
    tz = zone(zone_name)
    local = datetime.combine(day, clock, tzinfo=tz)
    early, late = local.utcoffset(), local.replace(fold=1).utcoffset()
    if early != late:
        instant = local.astimezone(UTC)
        wall = f"{clock.strftime('%H:%M')} on {day.isoformat()} in {zone_name}"
        if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
            raise TimeProblem(
                f"local time {wall} does not exist (clocks spring forward); give the time in another zone",
                code="dst-gap",
            )
        raise TimeProblem(
            f"local time {wall} is ambiguous: it occurs twice when clocks fall back "
            f"(UTC{_offset(early)} and UTC{_offset(late)}); give the time in another zone",
            code="dst-ambiguous",
        )
    return local.astimezone(UTC)


def _offset(value: timedelta | None) -> str:
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    sign = "+" if seconds >= 0 else "-"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def start_of(raw: RawGame, *, league: League, caller_zone: str | None) -> StartTime:
    """The start of ``raw`` in UTC, by the zone precedence of the module docstring."""
    if raw.start_at is not None:
        if raw.start_at.tzinfo is None or raw.start_at.utcoffset() is None:
            raise TimeProblem("the format gave a start time without a time zone", code="bad-time")
        if not FIRST_YEAR <= raw.start_at.year <= LAST_YEAR:
            raise TimeProblem(f"start {raw.start_at.isoformat()} is out of range", code="bad-date")
        return StartTime(at=raw.start_at.astimezone(UTC))
    if raw.day is None:
        raise TimeProblem("missing date", code="bad-date")
    # The precedence of the module docstring: row's explicit zone > caller > format's zone > league.
    explicit = raw.zone if raw.explicit_zone else None
    zone_name = explicit or caller_zone or raw.zone or league.timezone
    if raw.clock is None:
        return StartTime(
            at=local_to_utc(raw.day, league.default_kickoff, zone_name), time_tbd=True, zone=zone_name
        )
    return StartTime(at=local_to_utc(raw.day, raw.clock, zone_name), zone=zone_name)
