"""CSV schedules in football-data.co.uk's layouts: football-data itself, and gutormin's derivative.

* **football-data.co.uk** writes ``Date`` (``dd/mm/yyyy``) and ``Time`` (``HH:MM``) in **UK local
  time** (Europe/London) for every league, so US evening games fall on the next UK day. Rows
  carry ``zone="Europe/London"`` (a convention of the format, not of the row: a caller's
  ``--timezone`` still wins).
* **gutormin** (``gutormin/Backtest``) has football-data's columns without ``Div``, plus ~60
  odds/xG columns; ``Date`` is ``YYYY-MM-DD`` and ``Time`` ``HH:MM:SS`` in **UTC−03:00**
  (Brasília), found by joining with openfootball's local times. That is a fixed offset, not
  America/Sao_Paulo (whose historical DST would shift older seasons), so rows carry the
  instant (``start_at``).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone

import attrs

from scoracle_core.ingest.formats import Problem, RawGame
from scoracle_football._common import (
    BOM,
    FOOTBALL_DATA_DIVISIONS,
    at_offset,
    league_from_filename,
    parse_clock,
    parse_goals,
    season_from_filename,
)

__all__ = ["BRASILIA", "DECISION_DAYS", "UK_ZONE", "FootballDataCsv", "GutorminCsv"]

UK_ZONE = "Europe/London"
#: gutormin's clock: UTC−03:00, fixed.
BRASILIA = timezone(timedelta(hours=-3), "UTC-03:00")

#: football-data's extra-league files (``USA.csv``): (Country, League) → league key.
_EXTRA_LEAGUES = {("usa", "mls"): "mls"}

#: The last day of the regular season (league-local date: MLS's "Decision Day"), for leagues
#: whose play-offs football-data does not flag. A football-data row is a play-off game when its
#: **UK** date is more than one day after it: Decision Day's US evening kick-offs fall on the
#: next UK day, and the play-offs start days later. Checked against the real USA.csv: 2024 →
#: 493 regular (29 teams × 34) + 29 play-off rows; 2025 → 510 (30 × 34) + 30.
#: Add a season here when its Decision Day is known; until then its rows are all "regular"
#: (with a warning).
DECISION_DAYS: Mapping[tuple[str, int], date] = {
    ("mls", 2024): date(2024, 10, 19),
    ("mls", 2025): date(2025, 10, 18),
}
#: Leagues whose seasons end in play-offs (football-data does not say which rows they are).
_PLAYOFF_LEAGUES = frozenset({"mls"})
_ONE_DAY = timedelta(days=1)

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_HMS = re.compile(r"^\d{1,2}:\d{2}:\d{2}$")
_SEASON = re.compile(r"^((?:19|20)\d{2})(?:\s*[/-]\s*\d{2,4})?$")

#: Size of the caches of the pure cell parsers below. Dates, times and seasons repeat from row to
#: row (a season has ~100 match days and a few kick-off times), so each distinct text is parsed
#: once; the bound keeps a long-running process from growing without end on junk input.
_CACHE_SIZE = 4096


def _header(head: str) -> tuple[list[str], list[str]]:
    """The header and the first data row of a CSV head (empty lists if unreadable)."""
    rows = csv.reader(io.StringIO(head.removeprefix(BOM)))
    header = [cell.strip() for cell in next(rows, [])]
    first = next(rows, [])
    return header, first


def _column(columns: Mapping[str, int], *names: str) -> int | None:
    """The index of the first of ``names`` the header has: resolved once per file, not per row."""
    return next((columns[name] for name in names if name in columns), None)


def _at(row: Sequence[str], index: int | None) -> str:
    """The stripped cell at ``index``; ``""`` when the column is absent or the row too short."""
    return row[index].strip() if index is not None and index < len(row) else ""


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _dmy(text: str) -> date:
    match = _DMY.match(text)
    if match is None:
        raise ValueError(f"bad date {text!r} (expected dd/mm/yyyy)")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        raise ValueError(f"bad date {text!r} (no such day)") from None


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _goals(home: str, away: str) -> tuple[int, int] | None:
    if not home and not away:
        return None
    if not home or not away:
        raise ValueError(f"only one goal count given ({home or '-'} : {away or '-'})")
    return parse_goals(home), parse_goals(away)


class _Table:
    """A CSV file read row by row with its physical line numbers; the header maps names to indexes."""

    def __init__(self, text: str) -> None:
        self._reader = csv.reader(io.StringIO(text.removeprefix(BOM)))
        try:
            header = next(self._reader, [])
        except csv.Error:
            header = []
        self.columns = {name.strip(): i for i, name in enumerate(header) if name.strip()}

    def rows(self, required: Sequence[str]) -> Iterator[tuple[str, list[str] | Problem]]:
        """Non-blank rows with their line numbers; a row missing a ``required`` column is a problem."""
        needed = max((self.columns[name] for name in required if name in self.columns), default=0) + 1
        try:
            for row in self._reader:
                where = str(self._reader.line_num)
                # Blank rows are skipped: football-data files often end in rows of bare commas. The
                # first cell (a date or a division) settles it for nearly every row, cheaply.
                if not row or not (row[0].strip() or "".join(row).strip()):
                    continue
                if len(row) < needed:
                    yield (
                        where,
                        Problem(
                            where=where,
                            message=f"row has {len(row)} cells, {needed} needed (truncated?)",
                            code="bad-row",
                        ),
                    )
                    continue
                yield where, row
        except csv.Error as exc:  # e.g. a field beyond the csv module's size limit
            where = str(self._reader.line_num)
            yield where, Problem(where=where, message=f"unreadable CSV: {exc}", code="bad-row")


class FootballDataCsv:
    """football-data.co.uk CSV: the main leagues (``Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,...``)
    and the extra leagues (``Country,League,Season,Date,Time,Home,Away,HG,AG,...``).

    * ``Div`` E0/SP1/D1/I1/F1 (or ``Country,League`` USA/MLS) names the league; ``Season`` the
      season (``2024`` or ``2012/2013``); other divisions and countries leave both to the caller
      (with a warning).
    * Empty goal columns → scheduled (fixture lists); goals → completed.
    * Play-offs carry no flag: see :data:`DECISION_DAYS`.
    * ``where`` is the 1-based line number; a UTF-8 BOM and CRLF line ends are fine.
    """

    name = "football-data-csv"
    sport = "football"
    description = (
        "football-data.co.uk CSV (main or extra leagues); Date dd/mm/yyyy and Time HH:MM are UK local "
        "time (Europe/London)"
    )

    def sniff(self, head: str, filename: str) -> float:
        """High for football-data's headers; middling for its columns without ``Div``."""
        try:
            header, first = _header(head)
            cols = set(header)
            if {"Country", "League", "Season", "Date", "Home", "Away", "HG", "AG"} <= cols:
                return 0.95
            if {"Div", "Date", "HomeTeam", "AwayTeam", "FTHG", "FTAG"} <= cols:
                return 0.95
            if {"Date", "HomeTeam", "AwayTeam", "FTHG", "FTAG"} <= cols:
                # Football-data's columns without Div: its own dd/mm dates, or another source.
                date_text = first[header.index("Date")].strip() if len(first) == len(header) else ""
                return 0.6 if _DMY.match(date_text) else 0.3
            return 0.0
        except Exception:  # a sniffer must never raise
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Every game row, in file order."""
        table = _Table(text)
        cols = table.columns
        home_col = next((c for c in ("HomeTeam", "Home", "HT") if c in cols), None)
        away_col = next((c for c in ("AwayTeam", "Away", "AT") if c in cols), None)
        if "Date" not in cols or home_col is None or away_col is None:
            yield Problem(
                where="",
                message="not a football-data header: needs Date, HomeTeam/Home and AwayTeam/Away columns",
                source=source,
                code="bad-header",
            )
            return
        fallback_league = league_from_filename(source)
        fallback_season = season_from_filename(source)
        warned: set[object] = set()
        required = ("Date", "Time", home_col, away_col, "FTHG", "HG", "FTAG", "AG")
        # Column indexes, resolved once. A row has every required column (``rows`` checks), so the
        # first of two alternative names the header has is the one a row's value is in.
        home_at, away_at = cols[home_col], cols[away_col]
        date_at, time_at, season_at = cols["Date"], cols.get("Time"), cols.get("Season")
        home_goals_at, away_goals_at = _column(cols, "FTHG", "HG"), _column(cols, "FTAG", "AG")
        for where, row in table.rows(required):
            if isinstance(row, Problem):
                yield attrs.evolve(row, source=source)
                continue
            home, away = _at(row, home_at), _at(row, away_at)
            if not home or not away:
                yield Problem(where=where, message="missing home or away team", source=source, code="bad-row")
                continue
            league, note = self._league(row, cols, fallback_league)
            if note and note not in warned:
                warned.add(note)
                yield Problem(
                    where=where, message=note, source=source, severity="warning", code="unknown-league"
                )
            try:
                day = _dmy(_at(row, date_at))
                time_text = _at(row, time_at)
                clock = parse_clock(time_text).time if time_text else None
                goals = _goals(_at(row, home_goals_at), _at(row, away_goals_at))
                season = _season(_at(row, season_at)) or fallback_season
            except ValueError as exc:
                yield Problem(where=where, message=f"{home} v {away}: {exc}", source=source, code="bad-row")
                continue
            game_type = "regular"
            if league in _PLAYOFF_LEAGUES and season is not None:
                decision_day = DECISION_DAYS.get((league, season))
                if decision_day is None:
                    key = (league, season)
                    if key not in warned:
                        warned.add(key)
                        yield Problem(
                            where=where,
                            message=(
                                f"{league} {season}: no Decision Day known, so play-off games cannot be told "
                                "apart; every row is read as regular season"
                            ),
                            source=source,
                            severity="warning",
                            code="playoffs-unknown",
                        )
                elif day > decision_day + _ONE_DAY:
                    game_type = "playoff"
            yield RawGame(
                where=where,
                home=home,
                away=away,
                day=day,
                clock=clock,
                zone=UK_ZONE,
                league=league,
                season=season,
                game_type=game_type,
                status="completed" if goals else "scheduled",
                home_score=goals[0] if goals else None,
                away_score=goals[1] if goals else None,
            )

    @staticmethod
    def _league(row: Sequence[str], cols: Mapping[str, int], fallback: str | None) -> tuple[str | None, str]:
        """The row's league key, and a warning text when the row names a league we do not know.

        The file name (``E0.csv``) is consulted only when the file has no ``Div``/``Country`` column.
        """
        if "Div" in cols:
            return _division_league(_at(row, cols["Div"]))
        if "Country" in cols or "League" in cols:
            return _extra_league(_at(row, cols.get("Country")), _at(row, cols.get("League")))
        return fallback, ""


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _division_league(div: str) -> tuple[str | None, str]:
    """The league of a ``Div`` code, and a warning text when it is not one of ours."""
    league = FOOTBALL_DATA_DIVISIONS.get(div)
    if league is None:
        return (
            None,
            f"division {div!r} is not a league this plugin knows; the caller's --league applies",
        )
    return league, ""


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _extra_league(country: str, name: str) -> tuple[str | None, str]:
    """The league of an extra-league file's ``Country``/``League``, and a warning text when unknown."""
    league = _EXTRA_LEAGUES.get((country.casefold(), name.casefold()))
    if league is None:
        return None, (
            f"league {country} {name!r} is not a league this plugin knows; the caller's --league applies"
        )
    return league, ""


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _season(text: str) -> int | None:
    """``"2024"`` → 2024; ``"2012/2013"`` → 2012; ``""`` → ``None``."""
    if not text:
        return None
    match = _SEASON.match(text)
    if match is None:
        raise ValueError(f"bad season {text!r}")
    return int(match.group(1))


class GutorminCsv:
    """gutormin/Backtest CSV: ``Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,...`` plus odds and xG.

    * ``Date`` ``YYYY-MM-DD`` + ``Time`` ``HH:MM:SS`` at UTC−03:00 → ``start_at`` (UTC).
    * Goals are floats (``"3.0"``). Empty goals → scheduled.
    * No league or season column: the league comes from the file name's football-data code
      (``E0_2324.csv`` → premier-league, season 2023) or the caller's ``--league``.
    """

    name = "football-gutormin-csv"
    sport = "football"
    description = (
        "gutormin/Backtest CSV (football-data columns without Div, plus odds/xG); Date YYYY-MM-DD and "
        "Time HH:MM:SS are UTC-03:00 (Brasília), a fixed offset"
    )

    def sniff(self, head: str, filename: str) -> float:
        """High for football-data's match columns without ``Div``/``Country``, ISO dates and HH:MM:SS."""
        try:
            header, first = _header(head)
            cols = set(header)
            match_columns = {"Date", "Time", "HomeTeam", "AwayTeam", "FTHG", "FTAG"}
            if not match_columns <= cols or cols & {"Div", "Country"}:
                return 0.0
            score = 0.5
            if len(first) == len(header):
                if re.match(r"^\d{4}-\d{2}-\d{2}$", first[header.index("Date")].strip()):
                    score += 0.2
                if _HMS.match(first[header.index("Time")].strip()):
                    score += 0.2
            if "HomeXG" in cols:
                score += 0.05
            if league_from_filename(filename):
                score += 0.05
            return min(score, 1.0)
        except Exception:  # a sniffer must never raise
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Every game row, in file order."""
        table = _Table(text)
        cols = table.columns
        if not {"Date", "HomeTeam", "AwayTeam"} <= cols.keys():
            yield Problem(
                where="",
                message="not a gutormin header: needs Date, HomeTeam and AwayTeam",
                source=source,
                code="bad-header",
            )
            return
        league = league_from_filename(source)
        season = season_from_filename(source)
        # Column indexes, resolved once (a row has every required column: ``rows`` checks).
        home_at, away_at, date_at = cols["HomeTeam"], cols["AwayTeam"], cols["Date"]
        time_at, home_goals_at, away_goals_at = cols.get("Time"), cols.get("FTHG"), cols.get("FTAG")
        if league is None:
            yield Problem(
                where="",
                message=(
                    "the file name has no league code (E0, SP1, D1, I1, F1); the caller's --league applies"
                ),
                source=source,
                severity="warning",
                code="unknown-league",
            )
        for where, row in table.rows(("Date", "Time", "HomeTeam", "AwayTeam", "FTHG", "FTAG")):
            if isinstance(row, Problem):
                yield attrs.evolve(row, source=source)
                continue
            home, away = _at(row, home_at), _at(row, away_at)
            if not home or not away:
                yield Problem(where=where, message="missing home or away team", source=source, code="bad-row")
                continue
            try:
                day = _iso_day(_at(row, date_at))
                time_text = _at(row, time_at)
                clock = parse_clock(time_text).time if time_text else None
                start_at = _brasilia_instant(day, clock) if clock else None
                goals = _goals(_at(row, home_goals_at), _at(row, away_goals_at))
            except ValueError as exc:
                yield Problem(where=where, message=f"{home} v {away}: {exc}", source=source, code="bad-row")
                continue
            yield RawGame(
                where=where,
                home=home,
                away=away,
                # Without a time only the date is known (in Brasília; the league's default applies).
                day=None if start_at else day,
                start_at=start_at,
                league=league,
                season=season,
                status="completed" if goals else "scheduled",
                home_score=goals[0] if goals else None,
                away_score=goals[1] if goals else None,
            )


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _brasilia_instant(day: date, clock: time) -> datetime:
    """:func:`at_offset` at gutormin's UTC−03:00, cached: a season has a few hundred kick-offs."""
    return at_offset(day, clock, BRASILIA)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _iso_day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"bad date {text!r} (expected YYYY-MM-DD)") from None
