"""NFL schedule formats: nflverse schedules and matsonj's full-name schedule.

Each format reads columns by header name, never by position, turns a row it cannot read into a
:class:`~scoracle_core.ingest.formats.Problem` (it never raises on bad input), and leaves team
names as written: the ingest pipeline resolves them against the catalog. Both formats write
**US Eastern** wall-clock time. Neither file says so itself (nflverse documents it), so rows carry
the zone America/New_York without claiming it explicitly: a caller's ``--timezone`` still wins.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, time
from functools import cached_property

import attrs

from scoracle_core.ingest.formats import Problem, RawGame
from scoracle_core.pluginkit.csvrows import (
    Columns,
    Row,
    RowError,
    cell,
    clamp,
    head_rows,
    header_score,
    laid_out,
    length_error,
    status_of,
    team_bonus,
    to_int,
    warning_about,
)
from scoracle_core.teams import TeamCatalog, normalize
from scoracle_nfl.sport import NFL, make_sport

__all__ = ["FullNamesCsv", "KnownTeams", "NflverseCsv", "make_formats"]

LEAGUE = NFL.key
EASTERN = NFL.timezone

_WEEKDAYS = {d: i for i, d in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])}

#: Size of the caches of the pure cell parsers below. Dates and kick-off times repeat from row to
#: row (a season has ~100 game days and a handful of kick-off times), so each distinct text is
#: parsed once; the bound keeps a long-running process from growing without end on junk input.
_CACHE_SIZE = 4096


class KnownTeams:
    """Normalised names and abbreviations of the NFL teams, for sniffing; loaded on first use."""

    def __init__(self, catalog: TeamCatalog | None = None) -> None:
        self._catalog = catalog

    @cached_property
    def keys(self) -> frozenset[str]:
        """Every normalised name and abbreviation of every team."""
        catalog = self._catalog
        if catalog is None:
            catalog = make_sport().catalog()
        keys: set[str] = set()
        for team in catalog:
            keys.update(normalize(name) for name in team.names())
            keys.update(normalize(abbr) for abbr in team.abbreviations)
        return frozenset(keys)


def make_formats(known: KnownTeams | None = None) -> list[NflverseCsv | FullNamesCsv]:
    """One instance of every NFL schedule format, sharing one lazily loaded team list."""
    known = known or KnownTeams()
    return [NflverseCsv(known), FullNamesCsv(known)]


_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")
_CLOCK = re.compile(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*")


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _clock(text: str, what: str) -> time | None:
    if not text:
        return None
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise RowError(f"unreadable {what} {text!r} (expected HH:MM)", "bad-time")
    try:
        return time(int(match[1]), int(match[2]), int(match[3] or 0))
    except ValueError:
        raise RowError(f"no such time {text!r} in {what}", "bad-time") from None


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise RowError(f"no such date {text!r}", "bad-date") from None


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _gameday(text: str) -> date:
    """An nflverse ``gameday`` (``YYYY-MM-DD``) as a date."""
    match = _ISO_DAY.fullmatch(text)
    if match is None:
        raise RowError(f"unreadable gameday {text!r} (expected YYYY-MM-DD)", "bad-date")
    return _day(int(match[1]), int(match[2]), int(match[3]), text)


# -- nflverse --------------------------------------------------------------------------------

_NFLVERSE_REQUIRED = ("game_id", "season", "game_type", "week", "gameday", "away_team", "home_team")
_NFLVERSE_TYPES = {
    "REG": "regular",
    "WC": "playoff",
    "DIV": "playoff",
    "CON": "playoff",
    "SB": "playoff",
    "PRE": "preseason",
}


@attrs.frozen(kw_only=True)
class _NflverseLayout:
    """Where an nflverse file keeps each column, found once per file."""

    game_id: int
    season: int
    game_type: int
    week: int
    gameday: int
    away: int
    home: int
    gametime: int | None
    away_score: int | None
    home_score: int | None
    stadium: int | None
    location: int | None

    @classmethod
    def of(cls, columns: Columns) -> _NflverseLayout:
        return cls(
            game_id=columns.index("game_id"),
            season=columns.index("season"),
            game_type=columns.index("game_type"),
            week=columns.index("week"),
            gameday=columns.index("gameday"),
            away=columns.index("away_team"),
            home=columns.index("home_team"),
            gametime=columns.find("gametime"),
            away_score=columns.find("away_score"),
            home_score=columns.find("home_score"),
            stadium=columns.find("stadium"),
            location=columns.find("location"),
        )


class NflverseCsv:
    """nflverse schedules (``games.csv``), verbatim or as ``nfl_data_py``/pandas writes it.

    The pandas export adds a leading unnamed index column and writes whole numbers as floats
    ("21.0"); both variants read, because columns are found by name. ``gameday`` + ``gametime``
    are US Eastern wall clock. ``game_type`` REG → regular, WC/DIV/CON/SB → playoff, PRE →
    preseason. ``game_id`` is the source id, ``season`` and ``week`` are kept, ``location``
    ``Neutral`` marks a neutral site, teams are nflverse abbreviations (``LA`` = Rams).
    """

    name = "nfl-nflverse-csv"
    sport = "nfl"
    description = "nflverse NFL schedule (games.csv or its pandas export); gameday+gametime US Eastern"

    def __init__(self, known: KnownTeams | None = None) -> None:
        self._known = known or KnownTeams()

    def sniff(self, head: str, filename: str) -> float:
        """High for the nflverse header whose sample rows name NFL teams."""
        try:
            score, columns = header_score(head, _NFLVERSE_REQUIRED)
            if columns is None:
                return 0.0
            if columns.find("gametime") is not None:
                score += 0.05
            home, away = columns.find("home_team"), columns.find("away_team")
            names = [cell(row, i) for row in head_rows(head)[1:] for i in (home, away)]
            return clamp(score + team_bonus(names, self._known.keys))
        except Exception:  # the contract: sniffing never raises, whatever the head holds
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Games in file order; bad rows as problems."""
        for item in laid_out(
            text, _NFLVERSE_REQUIRED, "nflverse schedule", _NflverseLayout.of, source=source
        ):
            if isinstance(item, Problem):
                yield item
                continue
            layout, columns, row = item
            try:
                yield self._game(layout, columns, row)
            except RowError as exc:
                yield exc.problem(row, source)

    @staticmethod
    def _game(layout: _NflverseLayout, columns: Columns, row: Row) -> RawGame:
        error = length_error(row, columns)
        if error is not None:
            raise error
        fields = row.fields  # as many cells as the header: required columns index directly
        game_id, home, away = (
            fields[layout.game_id].strip(),
            fields[layout.home].strip(),
            fields[layout.away].strip(),
        )
        if not game_id:
            raise RowError("no game_id", "missing")
        if not home or not away:
            raise RowError("a team is missing", "missing")
        game_type = fields[layout.game_type].strip()
        kind = game_type.upper()
        if kind not in _NFLVERSE_TYPES:
            raise RowError(f"unknown game_type {game_type!r} (expected REG, WC, DIV, CON, SB or PRE)")
        season = to_int(fields[layout.season].strip(), "season")
        week = to_int(fields[layout.week].strip(), "week")
        if season is None or week is None:
            raise RowError("season and week are required", "missing")
        day = _gameday(fields[layout.gameday].strip())
        home_score = to_int(cell(fields, layout.home_score), "home_score")
        away_score = to_int(cell(fields, layout.away_score), "away_score")
        return RawGame(
            where=str(row.line),
            home=home,
            away=away,
            day=day,
            clock=_clock(cell(fields, layout.gametime), "gametime"),
            zone=EASTERN,
            league=LEAGUE,
            season=season,
            venue=cell(fields, layout.stadium),
            game_type=_NFLVERSE_TYPES[kind],
            week=week,
            source_id=game_id,
            status=status_of(home_score, away_score),
            home_score=home_score,
            away_score=away_score,
            neutral=cell(fields, layout.location).casefold() == "neutral",
        )


# -- matsonj full names ----------------------------------------------------------------------

_FULLNAMES_REQUIRED = ("Week", "Date", "VisTm", "HomeTm")
_ISO_WHEN = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?\s*")
_US_WHEN = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?\s*")
_FLAGS = {
    "1": True,
    "true": True,
    "yes": True,
    "y": True,
    "0": False,
    "false": False,
    "no": False,
    "n": False,
}


@attrs.frozen
class _Written:
    """A row's date as written (the year possibly wrong) and its clock."""

    year: int
    month: int
    day: int
    clock: time | None

    @classmethod
    def read(cls, text: str) -> _Written:
        if match := _ISO_WHEN.fullmatch(text):
            year, month, day = int(match[1]), int(match[2]), int(match[3])
        elif match := _US_WHEN.fullmatch(text):
            month, day, year = int(match[1]), int(match[2]), int(match[3])
            year += 2000 if year < 100 else 0
        else:
            raise RowError(f"unreadable Date {text!r} (expected '2023-9-7 20:20' or '9/5/24')", "bad-date")
        return cls(year, month, day, _clock(match[4] or "", "time in Date"))


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _written(text: str) -> _Written:
    """:meth:`_Written.read`, cached: a season's rows share a few dozen dates and times."""
    return _Written.read(text)


@attrs.frozen
class _Line:
    """A row read far enough to find the file's season: its week and its date as written."""

    row: Row
    week: int
    written: _Written


@attrs.frozen(kw_only=True)
class _FullNamesLayout:
    """Where a full-names file keeps each column, found once per file."""

    week: int
    date: int
    away: int
    home: int
    weekday: int | None
    neutral: int | None

    @classmethod
    def of(cls, columns: Columns) -> _FullNamesLayout:
        return cls(
            week=columns.index("Week"),
            date=columns.index("Date"),
            away=columns.index("VisTm"),
            home=columns.index("HomeTm"),
            weekday=columns.find("Day"),
            neutral=columns.find("Neutral"),
        )


class FullNamesCsv:
    """matsonj's NFL schedule with full team names: ``id,Week,Day,Date,VisTm,HomeTm[,Neutral]``.

    ``Date`` is ``2023-9-7 20:20`` (US Eastern time inside, not zero-padded) or ``9/5/24`` (date
    only: no clock). Regular season only. The season is the year of the week-1 games. **Known
    bug fixed:** the source writes the season's year on the January games of week 18
    (``2023-1-7`` for 2024-01-07); a date before June carrying the season's year moves to the next
    year, with one warning saying what moved. ``Neutral=1`` marks a neutral site.
    """

    name = "nfl-fullnames-csv"
    sport = "nfl"
    description = (
        "NFL schedule with full team names (matsonj); Date US Eastern ('2023-9-7 20:20' or '9/5/24')"
    )

    def __init__(self, known: KnownTeams | None = None) -> None:
        self._known = known or KnownTeams()

    def sniff(self, head: str, filename: str) -> float:
        """High for the ``Week,Day,Date,VisTm,HomeTm`` header whose sample rows name NFL teams."""
        try:
            score, columns = header_score(head, _FULLNAMES_REQUIRED)
            if columns is None:
                return 0.0
            home, away = columns.find("HomeTm"), columns.find("VisTm")
            names = [cell(row, i) for row in head_rows(head)[1:] for i in (home, away)]
            return clamp(score + team_bonus(names, self._known.keys))
        except Exception:  # the contract: sniffing never raises, whatever the head holds
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Games in file order, week-18 years fixed (one warning); bad rows as problems."""
        pending: list[Problem | tuple[_FullNamesLayout, _Line]] = []
        for item in laid_out(
            text, _FULLNAMES_REQUIRED, "NFL full-names schedule", _FullNamesLayout.of, source=source
        ):
            if isinstance(item, Problem):
                pending.append(item)
                continue
            layout, columns, row = item
            try:
                pending.append((layout, self._line(layout, columns, row)))
            except RowError as exc:
                pending.append(exc.problem(row, source))
        season = _season([entry[1] for entry in pending if isinstance(entry, tuple)])
        moved: list[tuple[int, str, date]] = []
        for entry in pending:
            if isinstance(entry, Problem):
                yield entry
                continue
            layout, line = entry
            try:
                warning, game = self._game(layout, line, season, moved, source)
            except RowError as exc:
                yield exc.problem(line.row, source)
                continue
            if warning is not None:
                yield warning
            yield game
        if moved and season is not None:
            first_line, written, fixed = moved[0]
            yield attrs.evolve(
                warning_about(
                    [n for n, _, _ in moved],
                    f"{len(moved)} games dated January-May carry the season's year {season} instead of "
                    f"{season + 1} (a known bug of this source); moved them to {season + 1}, "
                    f"e.g. line {first_line}: {written!r} → {fixed.isoformat()}",
                    "fixed-year",
                ),
                source=source,
            )

    @staticmethod
    def _line(layout: _FullNamesLayout, columns: Columns, row: Row) -> _Line:
        error = length_error(row, columns)
        if error is not None:
            raise error
        # The row has as many cells as the header: required columns index directly.
        week = to_int(row.fields[layout.week].strip(), "Week")
        if week is None:
            raise RowError("no Week", "missing")
        return _Line(row, week, _written(row.fields[layout.date].strip()))

    @staticmethod
    def _game(
        layout: _FullNamesLayout,
        line: _Line,
        season: int | None,
        moved: list[tuple[int, str, date]],
        source: str,
    ) -> tuple[Problem | None, RawGame]:
        """The row's game and the warning about its weekday, if any (errors raised before either)."""
        fields, written = line.row.fields, line.written
        home, away = fields[layout.home].strip(), fields[layout.away].strip()
        if not home or not away:
            raise RowError("a team is missing", "missing")
        neutral_cell = cell(fields, layout.neutral)
        neutral_text = neutral_cell.casefold()
        if neutral_text not in _FLAGS and neutral_text:
            raise RowError(f"unreadable Neutral {neutral_cell!r} (expected 1 or 0)")
        # A game before the season's start month is played in the calendar year after the season's.
        wrong_year = season is not None and written.month < NFL.season_start_month and written.year == season
        year = written.year + 1 if wrong_year else written.year
        date_text = fields[layout.date].strip()
        day = _day(year, written.month, written.day, date_text)
        if wrong_year:
            moved.append((line.row.line, date_text, day))
        weekday_text = cell(fields, layout.weekday)
        weekday = _WEEKDAYS.get(weekday_text[:3].casefold())
        warning = None
        if weekday is not None and day.weekday() != weekday:
            warning = Problem(
                where=str(line.row.line),
                message=f"Day {weekday_text!r} does not match {day.isoformat()}, a {day:%A}; kept the date",
                source=source,
                severity="warning",
                code="weekday-mismatch",
            )
        return warning, RawGame(
            where=str(line.row.line),
            home=home,
            away=away,
            day=day,
            clock=written.clock,
            zone=EASTERN,
            league=LEAGUE,
            season=season,
            week=line.week,
            neutral=_FLAGS.get(neutral_text, False),
        )


def _season(lines: list[_Line]) -> int | None:
    """The year most of the earliest week's games are written in (week 1, normally)."""
    if not lines:
        return None
    first_week = min(line.week for line in lines)
    years = Counter(line.written.year for line in lines if line.week == first_week)
    return years.most_common(1)[0][0]
