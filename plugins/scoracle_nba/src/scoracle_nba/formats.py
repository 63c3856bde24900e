"""NBA schedule formats: basketball-reference (matsonj export), fixturedownload.com and nba.com ids.

Each format reads columns by header name, never by position, turns a row it cannot read into a
:class:`~scoracle_core.ingest.formats.Problem` (it never raises on bad input), and leaves team
names as written: the ingest pipeline resolves them against the catalog. Time-zone conventions:

* ``nba-bbref-csv`` — US Eastern wall clock; the header says ``Start (ET)``, so the rows carry an
  explicit zone;
* ``nba-fixturedownload-csv`` — UTC instants (``start_at``);
* ``nba-com-csv`` — US Eastern wall clock, although every value carries a false ``+00:00``/``Z``
  marker (checked against the two other sources): the marker is ignored, with one warning.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
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
    table,
    team_bonus,
    to_int,
    warning_about,
)
from scoracle_core.teams import TeamCatalog, normalize
from scoracle_nba.sport import NBA, make_sport

__all__ = ["BbrefCsv", "FixtureDownloadCsv", "KnownTeams", "NbaComCsv", "make_formats"]

LEAGUE = NBA.key
EASTERN = "America/New_York"

#: Arenas (normalised) where a regular-season game is on neutral ground: the NBA Cup semifinals in
#: Las Vegas and the Global Games (Mexico City, Paris) in basketball-reference's and
#: fixturedownload's spellings.
NEUTRAL_VENUES = frozenset(
    normalize(venue)
    for venue in (
        "Vegas",
        "T-Mobile Arena",
        "Mexico City Arena",
        "Arena CDMX",
        "AccorHotels Arena",
        "Accor Arena",
    )
)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_WEEKDAYS = {d: i for i, d in enumerate(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])}

#: Size of the caches of the pure cell parsers below. Cells repeat from row to row (a season has
#: ~170 dates, 30 teams and arenas, a dozen tip-off times), so each distinct text is parsed once;
#: the bound keeps a long-running process from growing without end on junk input.
_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _is_neutral_venue(venue: str) -> bool:
    """Whether ``venue`` is one of the :data:`NEUTRAL_VENUES`."""
    return normalize(venue) in NEUTRAL_VENUES


class KnownTeams:
    """Normalised names, abbreviations and ids of the NBA teams, for sniffing; loaded on first use."""

    def __init__(self, catalog: TeamCatalog | None = None) -> None:
        self._catalog = catalog

    @cached_property
    def keys(self) -> frozenset[str]:
        """Every normalised name, abbreviation and numeric id of every team."""
        catalog = self._catalog
        if catalog is None:
            catalog = make_sport().catalog()
        keys: set[str] = set()
        for team in catalog:
            keys.update(normalize(name) for name in team.names())
            keys.update(normalize(abbr) for abbr in team.abbreviations)
            keys.update(str(value) for value in team.external_ids.values())
            if team.api_id is not None:
                keys.add(str(team.api_id))
        return frozenset(keys)


def make_formats(known: KnownTeams | None = None) -> list[BbrefCsv | FixtureDownloadCsv | NbaComCsv]:
    """One instance of every NBA schedule format, sharing one lazily loaded team list."""
    known = known or KnownTeams()
    return [BbrefCsv(known), FixtureDownloadCsv(known), NbaComCsv(known)]


# -- basketball-reference (matsonj/nba-monte-carlo export) -----------------------------------

_BBREF_DATE = re.compile(
    r"\s*(?:(?P<weekday>[A-Za-z]{3})[a-z]*\.?,?\s+)?(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2})"
    r"(?:\s*,?\s*(?P<year>\d{4}))?\s*"
)
_BBREF_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})\s*([ap])\.?(?:m\.?)?\s*", re.IGNORECASE)
_PLACEHOLDER_TEAM = re.compile(r"(?:east|west)-\d+|(?:winner|loser)-\d+", re.IGNORECASE)
#: Cells basketball-reference's page has between the scores and the arena (the box-score link,
#: overtime marks); a scrape that keeps them shifts the columns after them.
_BBREF_JUNK = re.compile(r"box score|\d?ot", re.IGNORECASE)


@attrs.frozen(kw_only=True)
class _BbrefLayout:
    """Where a basketball-reference file keeps each column, found once per file."""

    width: int  # the header's number of columns
    type: int | None
    day: int | None
    date: int
    year: int | None
    start: int | None
    visitor: int
    visitor_pts: int | None
    home: int
    home_pts: int | None
    arena: int | None
    notes: int | None

    @classmethod
    def of(cls, columns: Columns) -> _BbrefLayout:
        visitor, home = columns.index("Visitor/Neutral"), columns.index("Home/Neutral")
        # The two score columns are both called "PTS": each belongs to the team column on its left.
        visitor_pts = columns.find("PTS", after=visitor)
        if visitor_pts is not None and visitor_pts > home:
            visitor_pts = None
        return cls(
            width=len(columns),
            type=columns.find("type"),
            day=columns.find("Day"),
            date=columns.index("Date"),
            year=columns.find("Year"),
            start=next(
                (i for i in (columns.find("Start (ET)"), columns.find("Start")) if i is not None), None
            ),
            visitor=visitor,
            visitor_pts=visitor_pts,
            home=home,
            home_pts=columns.find("PTS", after=home),
            arena=columns.find("Arena"),
            notes=columns.find("Notes"),
        )


class BbrefCsv:
    """basketball-reference schedule CSV, as matsonj/nba-monte-carlo exports it.

    Columns ``id,type,Day,Date,Year,Start (ET),Visitor/Neutral,PTS,Home/Neutral,PTS,Attend.,Arena,
    Notes,series_id`` (a plain basketball-reference export without ``Year``/``type``, with the
    year inside ``Date``, reads too). Quirks handled:

    * the date is split into ``Day``/``Date``/``Year`` with stray spaces; the calendar year is
      checked against the weekday, so a ``Year`` holding the season's year instead of the date's
      still lands January games in the right year (one warning says so);
    * the play-in/playoff placeholder rows ("West-8 @ West-1", no date) are skipped, counted in one
      warning;
    * "Box Score" in ``Attend.`` (a scrape that shifted the cells) is ignored, attendance not being
      read; a row with extra "Box Score"/overtime cells is realigned (one warning);
    * neutral sites: a blank arena (when the file has arenas), the Vegas/Mexico City/Paris arenas,
      or a ``Notes`` of "at <place>".
    """

    name = "nba-bbref-csv"
    sport = "nba"
    description = "basketball-reference NBA schedule (matsonj export); times US Eastern ('Start (ET)', 7:30p)"

    def __init__(self, known: KnownTeams | None = None) -> None:
        self._known = known or KnownTeams()

    def sniff(self, head: str, filename: str) -> float:
        """High for a basketball-reference header whose sample rows name NBA teams."""
        try:
            score, columns = header_score(head, ("Visitor/Neutral", "Home/Neutral", "Date"))
            if columns is None:
                return 0.0
            if columns.find("Start (ET)") is not None:
                score += 0.05
            layout = _BbrefLayout.of(columns)
            names = [
                cell(row, i)
                for row in head_rows(head)[1:]
                for i in (layout.visitor, layout.home)
                if not _PLACEHOLDER_TEAM.fullmatch(cell(row, i))
            ]
            return clamp(score + team_bonus(names, self._known.keys))
        except Exception:  # the contract: sniffing never raises, whatever the head holds
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Games in file order; placeholders skipped; bad rows as problems."""
        items = list(
            table(text, ("Visitor/Neutral", "Home/Neutral", "Date"), "basketball-reference schedule")
        )
        pairs = [item for item in items if isinstance(item, tuple)]
        layout = _BbrefLayout.of(pairs[0][0]) if pairs else None
        # A blank arena marks a neutral site only in a file that names arenas at all.
        state = _BbrefState(file_has_arenas=False, year_shifts={True: 0, False: 0})
        if layout is not None:
            with_arena = sum(1 for _, row in pairs if cell(row.fields, layout.arena))
            state.file_has_arenas = with_arena * 2 > len(pairs)
            state.year_shifts = _year_shifts(_date_counts(layout, [row for _, row in pairs]))
        for item in items:
            if isinstance(item, Problem):
                yield attrs.evolve(item, source=source)
                continue
            columns, row = item
            layout = layout or _BbrefLayout.of(columns)
            try:
                found = self._game(layout, columns, row, state, source)
            except RowError as exc:
                yield exc.problem(row, source)
                continue
            if found is not None:
                warning, game = found
                if warning is not None:
                    yield warning
                yield game
        yield from (attrs.evolve(p, source=source) for p in state.summaries())

    def _game(
        self, layout: _BbrefLayout, columns: Columns, row: Row, state: _BbrefState, source: str
    ) -> tuple[Problem | None, RawGame] | None:
        """The row's game and the warning about its weekday (if any); ``None`` for a placeholder.

        Every check that can fail runs before anything is returned, so a bad row is one problem.
        """
        fields = row.fields
        if len(fields) != layout.width:  # rare: realign the row or reject it
            fields = self._aligned(layout, columns, row, state)
        game_type = _bbref_type(cell(fields, layout.type))
        # The row now has every column of the header: the required ones index directly.
        away, home = fields[layout.visitor].strip(), fields[layout.home].strip()
        date_text = fields[layout.date].strip()
        if game_type != "regular" and (not date_text or _is_placeholder(away) or _is_placeholder(home)):
            state.placeholders.append(row.line)
            return None
        if not date_text:
            raise RowError("no date", "bad-date")
        if not away or not home:
            raise RowError("a team name is missing", "missing")
        parts = _bbref_date(date_text, cell(fields, layout.year), cell(fields, layout.day))
        shift = state.year_shifts[parts.spring]
        day = parts.on(shift)
        if day is None:
            raise RowError(f"no such date: {date_text} {parts.year + shift}", "bad-date")
        if shift:
            state.moved_years.append(row.line)
        clock = _bbref_clock(cell(fields, layout.start))
        home_score = to_int(cell(fields, layout.home_pts), "home PTS")
        away_score = to_int(cell(fields, layout.visitor_pts), "visitor PTS")
        status = status_of(home_score, away_score)  # the last check that can fail
        arena, notes = cell(fields, layout.arena), cell(fields, layout.notes)
        if _is_junk_cell(arena) or arena.isdigit():
            state.bad_arenas.append((row.line, arena))
            arena, blank_means_neutral = "", False
        else:
            blank_means_neutral = state.file_has_arenas and layout.arena is not None
        neutral = (
            (not arena and blank_means_neutral)
            or _is_neutral_venue(arena)
            or notes.casefold().startswith("at ")
        )
        warning = None
        if parts.weekday is not None and day.weekday() != parts.weekday:
            warning = Problem(
                where=str(row.line),
                message=f"Day {cell(fields, layout.day) or date_text!r} does not match {day.isoformat()}, "
                f"a {day:%A}; kept the date",
                source=source,
                severity="warning",
                code="weekday-mismatch",
            )
        return warning, RawGame(
            where=str(row.line),
            home=home,
            away=away,
            day=day,
            clock=clock,
            zone=EASTERN,
            explicit_zone=True,
            league=LEAGUE,
            venue=arena,
            game_type=game_type,
            status=status,
            home_score=home_score,
            away_score=away_score,
            neutral=neutral,
        )

    @staticmethod
    def _aligned(layout: _BbrefLayout, columns: Columns, row: Row, state: _BbrefState) -> tuple[str, ...]:
        """The row's cells lined up with the header, dropping extra box-score/overtime cells."""
        fields = row.fields
        if len(fields) > len(columns):
            after = max(i for i in (layout.home, layout.home_pts) if i is not None)
            tail = list(fields[after + 1 :])
            extra = len(fields) - len(columns)
            for i in reversed(range(len(tail))):
                if extra and _is_junk_cell(tail[i].strip()):
                    del tail[i]
                    extra -= 1
            if extra:
                raise RowError(f"row has {len(fields)} fields, the header only {len(columns)}", "bad-row")
            state.realigned.append(row.line)
            # Exactly ``extra`` cells were dropped: the row now has as many cells as the header.
            return (*fields[: after + 1], *tail)
        error = length_error(row, columns)
        if error is not None:
            raise error
        return fields


@attrs.define
class _BbrefState:
    """What one parse of a basketball-reference file counts for its summary warnings."""

    file_has_arenas: bool
    year_shifts: dict[bool, int]
    placeholders: list[int] = attrs.Factory(list)
    moved_years: list[int] = attrs.Factory(list)
    realigned: list[int] = attrs.Factory(list)
    bad_arenas: list[tuple[int, str]] = attrs.Factory(list)

    def summaries(self) -> Iterator[Problem]:
        """One warning per quirk met, naming how many rows and which lines."""
        if self.placeholders:
            yield warning_about(
                self.placeholders,
                f"skipped {len(self.placeholders)} play-in/playoff placeholder rows "
                "(no date or no teams yet, e.g. 'West-8 @ West-1')",
                "skipped-placeholder",
            )
        if self.moved_years:
            yield warning_about(
                self.moved_years,
                f"the Year column holds the season's year, not the date's (the Day column says so): "
                f"moved {len(self.moved_years)} dates into the calendar year they fall in",
                "fixed-year",
            )
        if self.realigned:
            yield warning_about(
                self.realigned,
                f"{len(self.realigned)} rows had extra 'Box Score'/overtime cells; realigned to the header",
                "realigned-row",
            )
        if self.bad_arenas:
            line, value = self.bad_arenas[0]
            yield warning_about(
                [n for n, _ in self.bad_arenas],
                f"{len(self.bad_arenas)} rows have no arena but {value!r} (e.g. line {line}), "
                "a shifted column; venue left blank",
                "shifted-column",
            )


def _date_counts(layout: _BbrefLayout, rows: list[Row]) -> Counter[_BbrefDate]:
    """How many rows carry each readable date (an unreadable one is its row's problem, later).

    Rows are counted by the texts of their date cells first, so each distinct date is read once.
    """
    texts = Counter(
        (cell(row.fields, layout.date), cell(row.fields, layout.year), cell(row.fields, layout.day))
        for row in rows
    )
    counts: Counter[_BbrefDate] = Counter()
    for (date_text, year_text, weekday_text), rows_with_it in texts.items():
        try:
            counts[_bbref_date(date_text, year_text, weekday_text)] += rows_with_it
        except RowError:
            continue
    return counts


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _is_placeholder(team: str) -> bool:
    """A play-in/playoff seed standing in for a team not known yet ("West-8", "Winner-1")."""
    return _PLACEHOLDER_TEAM.fullmatch(team) is not None


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _is_junk_cell(text: str) -> bool:
    """A "Box Score" or overtime cell of a scrape (see ``_BBREF_JUNK``)."""
    return _BBREF_JUNK.fullmatch(text) is not None


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _bbref_type(value: str) -> str:
    kind = value.strip().casefold().replace("-", "").replace("_", "")
    if not kind or kind.startswith("reg"):
        return "regular"
    if kind.startswith("playin"):
        return "play-in"
    if kind.startswith("playoff"):
        return "playoff"
    if kind.startswith("pre"):
        return "preseason"
    raise RowError(f"unknown game type {value.strip()!r} in column 'type'")


@attrs.frozen
class _BbrefDate:
    """A date as a basketball-reference row writes it: parts, and the weekday it claims."""

    month: int
    day: int
    year: int
    weekday: int | None

    @property
    def spring(self) -> bool:
        """January-July: the second calendar year of a season."""
        return self.month <= 7

    @classmethod
    def read(cls, date_text: str, year_text: str, weekday_text: str) -> _BbrefDate:
        match = _BBREF_DATE.fullmatch(date_text)
        if match is None or match["month"].casefold() not in _MONTHS:
            raise RowError(f"unreadable Date {date_text!r} (expected e.g. 'Oct 24')", "bad-date")
        year = to_int(year_text, "Year") if year_text else None
        if year is None and match["year"]:
            year = int(match["year"])
        if year is None or not 1 < year < 9999:
            raise RowError(f"no usable year for Date {date_text.strip()!r}", "bad-date")
        weekday = _WEEKDAYS.get((weekday_text or match["weekday"] or "")[:3].casefold())
        return cls(_MONTHS[match["month"].casefold()], int(match["day"]), year, weekday)

    def on(self, shift: int) -> date | None:
        """The date with ``shift`` years added to the year, if it exists."""
        try:
            return date(self.year + shift, self.month, self.day)
        except ValueError:
            return None


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _bbref_date(date_text: str, year_text: str, weekday_text: str) -> _BbrefDate:
    """:meth:`_BbrefDate.read`, cached: a season's rows share a few hundred dates."""
    return _BbrefDate.read(date_text, year_text, weekday_text)


def _year_shifts(dates: Counter[_BbrefDate]) -> dict[bool, int]:
    """Years to add to the ``Year`` column, for spring (``True``) and autumn rows.

    A season spans two calendar years, and sources label rows with the date's year, the season's
    start year or its end year. The weekdays decide, by majority of the rows (``dates`` counts the
    rows of each date) over the whole file, so that one row whose Day is wrong cannot move its
    date into another season.
    """
    votes: Counter[tuple[bool, int]] = Counter()
    for parts, rows in dates.items():
        for shift in (0, 1 if parts.spring else -1):
            day = parts.on(shift)
            if parts.weekday is not None and day is not None and day.weekday() == parts.weekday:
                votes[parts.spring, shift] += rows
    return {
        True: 1 if votes[True, 1] > votes[True, 0] else 0,
        False: -1 if votes[False, -1] > votes[False, 0] else 0,
    }


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _bbref_clock(text: str) -> time | None:
    if not text:
        return None
    match = _BBREF_TIME.fullmatch(text)
    if match is None:
        raise RowError(f"unreadable start time {text!r} (expected e.g. '7:30p')", "bad-time")
    hour, minute = int(match[1]), int(match[2])
    if not (1 <= hour <= 12 and minute < 60):
        raise RowError(f"no such time {text!r}", "bad-time")
    return time(hour % 12 + (12 if match[3].casefold() == "p" else 0), minute)


# -- fixturedownload.com ---------------------------------------------------------------------

_FD_REQUIRED = ("Match Number", "Round Number", "Date", "Home Team", "Away Team")
_FD_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})\s*")
_FD_RESULT = re.compile(r"\s*(\d{1,4})\s*-\s*(\d{1,4})\s*")


@attrs.frozen(kw_only=True)
class _FdLayout:
    """Where a fixturedownload file keeps each column, found once per file."""

    home: int
    away: int
    date: int
    result: int | None
    location: int | None
    round: int

    @classmethod
    def of(cls, columns: Columns) -> _FdLayout:
        return cls(
            home=columns.index("Home Team"),
            away=columns.index("Away Team"),
            date=columns.index("Date"),
            result=columns.find("Result"),
            location=columns.find("Location"),
            round=columns.index("Round Number"),
        )


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _fd_start(when: str) -> datetime:
    """A fixturedownload ``Date`` (UTC ``dd/mm/yyyy HH:MM``) as an aware instant."""
    match = _FD_DATE.fullmatch(when)
    if match is None:
        raise RowError(f"unreadable Date {when!r} (expected UTC 'dd/mm/yyyy HH:MM')", "bad-date")
    day, month, year, hour, minute = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        raise RowError(f"no such date/time {when!r}", "bad-date") from None


class FixtureDownloadCsv:
    """fixturedownload.com NBA CSV: ``Match Number,Round Number,Date,Location,Home Team,Away Team,Result``.

    ``Date`` is UTC (``dd/mm/yyyy HH:MM``), so rows carry an aware ``start_at``. ``Result`` is
    "home - away". ``Round Number`` (the NBA week) becomes ``week``. ``Match Number`` is a running
    number that changes when games are added, so it is not kept as a source id.
    """

    name = "nba-fixturedownload-csv"
    sport = "nba"
    description = "fixturedownload.com NBA CSV; Date is UTC (dd/mm/yyyy HH:MM)"

    def __init__(self, known: KnownTeams | None = None) -> None:
        self._known = known or KnownTeams()

    def sniff(self, head: str, filename: str) -> float:
        """High for the fixturedownload header when its sample rows name NBA teams."""
        try:
            score, columns = header_score(head, _FD_REQUIRED)
            if columns is None:
                return 0.0
            if "nba" in filename.casefold():
                score += 0.03
            home, away = columns.find("Home Team"), columns.find("Away Team")
            names = [cell(row, i) for row in head_rows(head)[1:] for i in (home, away)]
            # The same header serves every sport on fixturedownload: the team names decide.
            return clamp(score + team_bonus(names, self._known.keys))
        except Exception:  # the contract: sniffing never raises, whatever the head holds
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Games in file order; bad rows as problems."""
        for item in laid_out(text, _FD_REQUIRED, "fixturedownload", _FdLayout.of, source=source):
            if isinstance(item, Problem):
                yield item
                continue
            layout, columns, row = item
            try:
                yield self._game(layout, columns, row)
            except RowError as exc:
                yield exc.problem(row, source)

    @staticmethod
    def _game(layout: _FdLayout, columns: Columns, row: Row) -> RawGame:
        error = length_error(row, columns)
        if error is not None:
            raise error
        fields = row.fields  # as many cells as the header: required columns index directly
        home, away = fields[layout.home].strip(), fields[layout.away].strip()
        if not home or not away:
            raise RowError("a team name is missing", "missing")
        start_at = _fd_start(fields[layout.date].strip())
        result = cell(fields, layout.result)
        scores = _FD_RESULT.fullmatch(result)
        if result and scores is None:
            raise RowError(f"unreadable Result {result!r} (expected 'home - away', e.g. '132 - 109')")
        home_score, away_score = (int(scores[1]), int(scores[2])) if scores else (None, None)
        venue = cell(fields, layout.location)
        status = status_of(home_score, away_score)
        return RawGame(
            where=str(row.line),
            home=home,
            away=away,
            start_at=start_at,
            league=LEAGUE,
            venue=venue,
            week=to_int(fields[layout.round].strip(), "Round Number"),
            status=status,
            home_score=home_score,
            away_score=away_score,
            neutral=_is_neutral_venue(venue),
        )


# -- nba.com ids (Eoin Moore's LeagueSchedule) -----------------------------------------------

_COM_REQUIRED = ("gameId", "gameDateTimeEst", "hometeamId", "awayteamId")
_COM_WHEN = re.compile(
    r"\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*",
    re.IGNORECASE,
)
#: nba.com game ids: [00]TSSNNNNN, T the game type, SS the season's start year.
_COM_ID = re.compile(r"(?:00)?([1-6])(\d{2})\d{5}")
_COM_ID_TYPES = {
    "1": "preseason",
    "2": "regular",
    "3": "allstar",
    "4": "playoff",
    "5": "play-in",
    "6": "cup-final",
}
_PLAYOFF_LABELS = ("first round", "conf. semifinals", "conf. finals", "nba finals", "playoff")


@attrs.frozen(kw_only=True)
class _ComLayout:
    """Where an nba.com schedule keeps each column, found once per file."""

    game_id: int
    when: int
    home: int
    away: int
    label: int | None
    sub_label: int | None
    subtype: int | None
    week: int | None
    arena: int | None
    series: int | None

    @classmethod
    def of(cls, columns: Columns) -> _ComLayout:
        return cls(
            game_id=columns.index("gameId"),
            when=columns.index("gameDateTimeEst"),
            home=columns.index("hometeamId"),
            away=columns.index("awayteamId"),
            label=columns.find("gameLabel"),
            sub_label=columns.find("gameSubLabel"),
            subtype=columns.find("gameSubtype"),
            week=columns.find("weekNumber"),
            arena=columns.find("arenaName"),
            series=columns.find("seriesText"),
        )


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _com_when(when: str) -> tuple[datetime, str]:
    """A ``gameDateTimeEst`` as naive wall-clock time and its UTC marker (``""``, ``"Z"``, ``"+0000"`` …)."""
    match = _COM_WHEN.fullmatch(when)
    if match is None:
        raise RowError(
            f"unreadable gameDateTimeEst {when!r} (expected e.g. '2024-11-12 19:00:00')", "bad-date"
        )
    year, month, day, hour, minute = (int(part) for part in match.groups()[:5])
    second = int(match[6] or 0)
    offset = (match[7] or "").upper().replace(":", "")
    try:
        return datetime(year, month, day, hour, minute, second), offset
    except ValueError:
        raise RowError(f"no such date/time {when!r}", "bad-date") from None


class NbaComCsv:
    """nba.com schedule with numeric ids (Eoin Moore's ``LeagueSchedule*.csv``).

    Teams are nba.com team ids (``1610612738``), passed on as written; the catalog's
    ``external_ids`` map them. ``gameDateTimeEst`` is **US Eastern wall-clock time wrongly labelled
    ``+00:00``/``Z``**: the false marker is ignored (one warning says so) and the rows carry the
    explicit zone America/New_York; a real non-zero offset would be honoured. The game type comes
    from the id's type digit (nba.com's own), else from ``gameLabel``/``gameSubLabel``/``gameSubtype``;
    the season from the id. Rows whose teams are not known yet (id ``0``: All-Star, Cup final) are
    skipped, counted in one warning. Non-NBA opponents (ids like ``15020``, preseason only) are
    kept; the pipeline filters preseason games by type.
    """

    name = "nba-com-csv"
    sport = "nba"
    description = "nba.com schedule with team ids (Eoin Moore); times US Eastern despite a false +00:00/Z"

    def __init__(self, known: KnownTeams | None = None) -> None:
        self._known = known or KnownTeams()

    def sniff(self, head: str, filename: str) -> float:
        """High for the LeagueSchedule header when its sample rows hold NBA team ids."""
        try:
            score, columns = header_score(head, _COM_REQUIRED)
            if columns is None:
                return 0.0
            home, away = columns.find("hometeamId"), columns.find("awayteamId")
            ids = [cell(row, i) for row in head_rows(head, limit=40)[1:] for i in (home, away)]
            return clamp(score + team_bonus([i for i in ids if i != "0"], self._known.keys))
        except Exception:  # the contract: sniffing never raises, whatever the head holds
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Games in file order; one warning for the false UTC marker; bad rows as problems."""
        warned = False
        unknown_teams: list[int] = []
        for item in laid_out(text, _COM_REQUIRED, "nba.com schedule", _ComLayout.of, source=source):
            if isinstance(item, Problem):
                yield item
                continue
            layout, columns, row = item
            try:
                game, false_utc = self._game(layout, columns, row)
            except RowError as exc:
                yield exc.problem(row, source)
                continue
            if false_utc and not warned:
                warned = True
                yield Problem(
                    where=str(row.line),
                    message="gameDateTimeEst is US Eastern wall-clock time wrongly labelled '+00:00'/'Z': "
                    "the marker is ignored and times are read as America/New_York",
                    source=source,
                    severity="warning",
                    code="false-utc-offset",
                )
            if game is None:
                unknown_teams.append(row.line)
            else:
                yield game
        if unknown_teams:
            yield attrs.evolve(
                warning_about(
                    unknown_teams,
                    f"skipped {len(unknown_teams)} rows whose teams are not known yet (team id 0)",
                    "skipped-placeholder",
                ),
                source=source,
            )

    @staticmethod
    def _game(layout: _ComLayout, columns: Columns, row: Row) -> tuple[RawGame | None, bool]:
        error = length_error(row, columns)
        if error is not None:
            raise error
        fields = row.fields  # as many cells as the header: required columns index directly
        game_id = fields[layout.game_id].strip()
        if not game_id:
            raise RowError("no gameId", "missing")
        when = fields[layout.when].strip()
        wall, offset = _com_when(when)
        false_utc = offset in {"Z", "+0000", "-0000"}
        home, away = fields[layout.home].strip(), fields[layout.away].strip()
        if home in {"", "0"} or away in {"", "0"}:
            return None, false_utc
        subtype = cell(fields, layout.subtype)
        id_match = _COM_ID.fullmatch(game_id)
        if id_match is not None:
            game_type, season = _COM_ID_TYPES[id_match[1]], 2000 + int(id_match[2])
        else:
            label, sub_label = cell(fields, layout.label), cell(fields, layout.sub_label)
            game_type, season = _label_type(label, sub_label, subtype), None
        week = to_int(cell(fields, layout.week), "weekNumber")
        game = RawGame(
            where=str(row.line),
            home=home,
            away=away,
            day=wall.date(),
            clock=wall.time(),
            zone=EASTERN,
            explicit_zone=True,
            league=LEAGUE,
            season=season,
            venue=cell(fields, layout.arena),
            game_type=game_type,
            week=week if week else None,
            source_id=game_id,
            neutral=cell(fields, layout.series).casefold() == "neutral site"
            or subtype.casefold() == "global games",
        )
        if offset and not false_utc:  # a real offset (a corrected file): an instant, honoured
            shift = timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5]))
            if shift >= timedelta(hours=24):
                raise RowError(f"no such UTC offset in {when!r}", "bad-time")
            aware = wall.replace(tzinfo=timezone(shift if offset[0] == "+" else -shift))
            game = attrs.evolve(game, day=None, clock=None, zone=None, explicit_zone=False, start_at=aware)
        return game, false_utc


def _label_type(label: str, sub_label: str, subtype: str) -> str:
    text = f"{label} | {sub_label} | {subtype}".casefold()
    if "preseason" in text:
        return "preseason"
    if "all-star" in text:
        return "allstar"
    if "play-in" in text:
        return "play-in"
    if "cup" in text and "championship" in text:
        return "cup-final"
    if any(word in text for word in _PLAYOFF_LABELS):
        return "playoff"
    return "regular"
