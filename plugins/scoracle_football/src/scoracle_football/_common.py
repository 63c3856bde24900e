"""Helpers shared by the football schedule formats: league codes, titles, clocks, scores.

Everything here is pure and total: a helper either returns a value, returns ``None`` when the
input says nothing, or raises :class:`ValueError` with a message fit for a
:class:`~scoracle_core.ingest.formats.Problem`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import PurePath

from scoracle_core.teams import normalize

__all__ = [
    "BOM",
    "FOOTBALL_DATA_DIVISIONS",
    "MLS_ZONE",
    "Clock",
    "at_offset",
    "league_from_filename",
    "league_from_title",
    "numbered_lines",
    "parse_clock",
    "parse_goals",
    "season_from_filename",
    "split_title",
]

BOM = "\ufeff"

#: openfootball writes MLS times in US Eastern, which is also the ``mls`` league's zone.
MLS_ZONE = "America/New_York"

#: football-data.co.uk division codes (``Div`` column, and gutormin's file names).
FOOTBALL_DATA_DIVISIONS = {
    "E0": "premier-league",
    "SP1": "la-liga",
    "D1": "bundesliga",
    "I1": "serie-a",
    "F1": "ligue-1",
}

#: openfootball file codes (``en.1.json``, ``2024_mls.txt``).
_OPENFOOTBALL_CODES = {
    "en.1": "premier-league",
    "es.1": "la-liga",
    "de.1": "bundesliga",
    "it.1": "serie-a",
    "fr.1": "ligue-1",
    "mls": "mls",
}

_LEAGUE_KEYS = ("premier-league", "la-liga", "bundesliga", "serie-a", "ligue-1", "mls")

#: Competition titles (normalised, season removed) → league key. Exact matches only, so that
#: "Deutsche 2. Bundesliga", "Argentina Primera División" or "Scottish Premiership" never pass
#: for one of our leagues.
_TITLES = {
    "premier league": "premier-league",
    "english premier league": "premier-league",
    "england premier league": "premier-league",
    "la liga": "la-liga",
    "laliga": "la-liga",
    "spanish la liga": "la-liga",
    "primera division": "la-liga",
    "primera division de espana": "la-liga",
    "spain primera division": "la-liga",
    "spanish primera division": "la-liga",
    "bundesliga": "bundesliga",
    "1 bundesliga": "bundesliga",
    "deutsche bundesliga": "bundesliga",
    "german bundesliga": "bundesliga",
    "germany bundesliga": "bundesliga",
    "serie a": "serie-a",
    "italian serie a": "serie-a",
    "italy serie a": "serie-a",
    "ligue 1": "ligue-1",
    "french ligue 1": "ligue-1",
    "france ligue 1": "ligue-1",
    "major league soccer": "mls",
    "mls": "mls",
    "usa major league soccer": "mls",
    "usa mls": "mls",
}

# "2023/24", "2023-24", "2023/2024" or "2025" at the end of a title.
_TITLE_SEASON = re.compile(r"\s*\b((?:19|20)\d{2})(?:\s*[/-]\s*(\d{2}|\d{4}))?\s*$")
_FILE_SPLIT_SEASON = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_/](\d{2})(?!\d)")
_FILE_SHORT_SEASON = re.compile(r"(?<!\d)(\d{2})(\d{2})(?!\d)")
_CLOCK = re.compile(
    r"^(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s*(?:UTC|GMT)\s*(?P<sign>[+\-−])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?$"
)


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines with their 1-based numbers, a leading BOM and trailing ``\\r`` removed.

    Splits on ``\\n`` only, so numbers agree with what an editor shows for LF and CRLF files
    (``str.splitlines`` would also split on form feeds and Unicode line separators).
    """
    for number, line in enumerate(text.removeprefix(BOM).split("\n"), start=1):
        yield number, line.removesuffix("\r")


def split_title(title: str) -> tuple[str, int | None]:
    """A competition title as (normalised name without season, season start year or ``None``).

    >>> split_title("English Premier League 2023/24")
    ('english premier league', 2023)
    >>> split_title("Major League Soccer 2025")
    ('major league soccer', 2025)
    """
    # normalize() turns "2023/24" into "2023 24": find the season in the raw text first.
    stripped = title.strip()
    match = _TITLE_SEASON.search(stripped)
    if match is None:
        return normalize(stripped), None
    return normalize(stripped[: match.start()]), int(match.group(1))


def league_from_title(title: str) -> str | None:
    """The league key a competition title names, or ``None`` (see ``_TITLES``)."""
    name, _ = split_title(title)
    return _TITLES.get(name)


def league_from_filename(filename: str) -> str | None:
    """The league a file name names by code (``en.1``, ``mls``, ``E0``) or key (``la-liga``)."""
    base = PurePath(filename.replace("\\", "/")).name
    lower = base.casefold()
    for code, league in _OPENFOOTBALL_CODES.items():
        if re.search(rf"(?<![a-z0-9]){re.escape(code)}(?![a-z0-9])", lower):
            return league
    for key in _LEAGUE_KEYS:
        if re.search(rf"(?<![a-z0-9.\-]){re.escape(key)}(?![a-z0-9])", lower):
            return key
    for code, league in FOOTBALL_DATA_DIVISIONS.items():
        # Division codes are short: only as a whole token of the name ("E0.csv", "E0_2324.csv").
        if re.search(rf"(?<![A-Za-z0-9]){code}(?![A-Za-z0-9])", base):
            return league
    return None


def season_from_filename(filename: str) -> int | None:
    """The season a file name states unambiguously: ``2023-24``/``2023_24`` or ``2324`` → 2023.

    A bare four-digit year is **not** read as a season ("2021" could be 2021 or 2020-21).
    """
    base = PurePath(filename.replace("\\", "/")).name
    for match in _FILE_SPLIT_SEASON.finditer(base):
        start, end = int(match.group(1)), int(match.group(2))
        if (start + 1) % 100 == end:
            return start
    for match in _FILE_SHORT_SEASON.finditer(base):
        first, second = int(match.group(1)), int(match.group(2))
        if match.group(1) not in ("19", "20") and second == (first + 1) % 100:
            return 2000 + first
    return None


class Clock:
    """A kick-off clock as written: wall-clock time, plus the UTC offset when the row states one."""

    __slots__ = ("offset", "time")

    def __init__(self, clock: time, offset: timezone | None) -> None:
        self.time = clock
        self.offset = offset


# Cached: a file has a handful of distinct kick-off times. The clocks are shared: never modify one.
@functools.lru_cache(maxsize=4096)
def parse_clock(text: str) -> Clock:
    """``"20:00"``, ``"20.00"``, ``"16:00:00"`` or ``"13:00 UTC+3"``; :class:`ValueError` otherwise."""
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError(f"bad time {text!r} (expected HH:MM)")
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"bad time {text!r} (out of range)")
    offset = None
    if match["sign"]:
        hours, minutes = int(match["oh"]), int(match["om"] or 0)
        if hours > 14 or minutes > 59:
            raise ValueError(f"bad UTC offset in {text!r}")
        sign = -1 if match["sign"] in "-−" else 1
        offset = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return Clock(time(hour, minute, second), offset)


def at_offset(day: date, clock: time, offset: timezone) -> datetime:
    """The UTC instant of a wall-clock ``day`` + ``clock`` at a fixed ``offset``.

    Raises :class:`ValueError` at the ends of the calendar (year 1 or 9999), where it overflows.
    """
    try:
        return datetime.combine(day, clock, tzinfo=offset).astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{day.isoformat()} {clock.isoformat()} is out of range") from None


def parse_goals(text: str) -> int:
    """A goal count: ``"3"``, or ``"3.0"`` as pandas writes it; :class:`ValueError` otherwise."""
    value = float(text)  # raises ValueError on junk
    if not value.is_integer() or not 0 <= value < 1000:
        raise ValueError(f"bad goal count {text!r}")
    return int(value)
