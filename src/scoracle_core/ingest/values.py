"""Parsers for the cell values schedules are made of: dates, clock times, seasons, small integers.

Each returns the value or raises :class:`ValueError` with a message fit for a problem report
("unparseable date '15/01/2026' (expected YYYY-MM-DD)"). Formats use them so that every file
reports bad values the same way.
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import lru_cache

__all__ = [
    "MAX_FIELD_CHARS",
    "normalize_game_type",
    "parse_date",
    "parse_int",
    "parse_season",
    "parse_time",
    "quote",
]

#: No cell of a schedule is longer than this; a longer one is garbage (or an attack).
MAX_FIELD_CHARS = 1000

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m?\.?)?", re.IGNORECASE)
_SEASON = re.compile(r"(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?")
_NO_TIME = frozenset({"", "tbd", "tba", "tbc", "n/a", "na", "-", "--", "?"})

_GAME_TYPES = {
    "regular": "regular",
    "reg": "regular",
    "regular season": "regular",
    "reg season": "regular",
    "season": "regular",
    "playoff": "playoff",
    "playoffs": "playoff",
    "post": "playoff",
    "postseason": "playoff",
    "play in": "play-in",
    "playin": "play-in",
    "play in tournament": "play-in",
    "preseason": "preseason",
    "pre season": "preseason",
    "pre": "preseason",
    "exhibition": "preseason",
    "allstar": "allstar",
    "all star": "allstar",
    "all star game": "allstar",
    "cup final": "cup-final",
    "cupfinal": "cup-final",
}


def quote(value: str, limit: int = 60) -> str:
    """``repr`` of a value for a message, shortened so a huge cell cannot flood a report."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


@lru_cache(maxsize=4096)  # schedules repeat their dates; dates are immutable
def parse_date(value: str) -> date:
    """An ISO date ``YYYY-MM-DD`` (one-digit month/day tolerated)."""
    text = value.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        try:
            return date.fromisoformat(text)  # the common case, fast
        except ValueError:
            pass
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"unparseable date {quote(text)} (expected YYYY-MM-DD)")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ValueError(f"impossible date {quote(text)}: {exc}") from None


@lru_cache(maxsize=1024)  # and their kick-off times
def parse_time(value: str) -> time | None:
    """A wall-clock time: ``19:30``, ``19:30:00``, ``7:30 PM``, ``7:30p``; ``None`` for "no time" (TBD)."""
    text = value.strip()
    if len(text) == 5 and text[2] == ":" and text[:2].isdigit() and text[3:].isdigit():
        hour, minute = int(text[:2]), int(text[3:])
        if hour < 24 and minute < 60:
            return time(hour, minute)  # the common case, fast
    if text.casefold() in _NO_TIME:
        return None
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise ValueError(f"unparseable time {quote(text)} (expected HH:MM, e.g. 19:30 or 7:30 PM)")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    meridiem = (match[4] or "").lower()[:1]
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueError(f"impossible time {quote(text)}: hour {hour} with AM/PM")
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"impossible time {quote(text)}")
    return time(hour, minute, second)


@lru_cache(maxsize=256)
def parse_season(value: str | int) -> int:
    """A season as its start year: ``2024``, ``"2024"``, ``"2024-25"``, ``"2024/2025"`` → 2024."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 1850 <= value <= 2200:
            return value
        raise ValueError(f"impossible season {value}")
    text = str(value).strip()
    match = _SEASON.fullmatch(text)
    if match is None:
        raise ValueError(f"unparseable season {quote(text)} (expected 2024 or 2024-25)")
    start = int(match[1])
    if match[2] is not None:
        end = int(match[2])
        expected = start + 1 if len(match[2]) == 4 else (start + 1) % 100
        if end != expected:
            raise ValueError(f"season {quote(text)} does not span two consecutive years")
    if not 1850 <= start <= 2200:
        raise ValueError(f"impossible season {quote(text)}")
    return start


def parse_int(value: str | int, *, what: str, low: int, high: int) -> int | None:
    """A small integer in ``[low, high]`` (``"21.0"`` tolerated); ``None`` for an empty cell."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, got {value!r}")
    if isinstance(value, int):
        number = value
    else:
        text = value.strip()
        if not text:
            return None
        try:
            as_float = float(text) if len(text) <= 20 else float("nan")
        except ValueError:
            raise ValueError(f"{what} must be a number, got {quote(text)}") from None
        if not as_float.is_integer():
            raise ValueError(f"{what} must be a whole number, got {quote(text)}")
        number = int(as_float)
    if not low <= number <= high:
        raise ValueError(f"{what} {number} is out of range ({low}..{high})")
    return number


@lru_cache(maxsize=256)
def normalize_game_type(value: str) -> str:
    """The canonical game type (``"Regular Season"`` → ``"regular"``); unknown types come back lower-cased."""
    key = re.sub(r"[\s_\-]+", " ", value.strip().casefold())
    return _GAME_TYPES.get(key, key.replace(" ", "-") or "regular")
