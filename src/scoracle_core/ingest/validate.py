"""Raw rows to games: every check a row must pass, every problem named with its row.

For each :class:`RawGame` (in file order) :class:`RowValidator` decides one of:

* **skip** — a game type not asked for, or another season/league than the caller asked for;
* **reject** — problems (bad value, unknown team, home = away, impossible local time, a date
  outside the season, the same game twice);
* **accept** — a :class:`Candidate`: a :class:`~scoracle_core.model.Game` (no id yet) and its row.

Seasons: the row's own season, else the caller's, else the league's convention for the local
date. A game must lie in its season's window: split seasons from the first day of the league's
``season_start_month`` for 13 months; calendar seasons the calendar year and the next January
and February (late playoffs).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

import attrs

from scoracle_core.errors import ModelError, TeamResolutionError
from scoracle_core.ingest.formats import Problem, RawGame
from scoracle_core.ingest.timing import StartTime, TimeProblem, start_of, zone
from scoracle_core.ingest.values import normalize_game_type, quote
from scoracle_core.model import Game, GameStatus
from scoracle_core.sport import League, SportAdapter, season_of
from scoracle_core.teams import TeamResolver

__all__ = [
    "DEFAULT_GAME_TYPES",
    "Candidate",
    "Duplicates",
    "RowValidator",
    "find_duplicates",
    "place",
    "season_window",
]

#: Game types ingested unless the caller asks otherwise: the games whose stats count.
DEFAULT_GAME_TYPES = frozenset({"regular", "playoff", "play-in", "cup-final"})

MAX_NAME_CHARS = 200
MAX_ID_CHARS = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_STATUS = {
    "scheduled": GameStatus.SCHEDULED,
    "completed": GameStatus.COMPLETED,
    "postponed": GameStatus.POSTPONED,
    "cancelled": GameStatus.CANCELLED,
}


@attrs.frozen(kw_only=True, slots=False)  # one per row: dict-backed frozen init is cheaper (see Game)
class Candidate:
    """A row that passed every check: the game to store, and where it came from."""

    where: str
    game: Game
    league: League
    local_day: date  # the league-local calendar date of the start
    season_explicit: bool = False  # the file or caller named the season (not inferred)


def season_window(league: League, season: int) -> tuple[date, date]:
    """``[first, end)`` local dates a game of ``season`` may fall on."""
    if league.season_style == "calendar":
        return date(season, 1, 1), date(season + 1, 3, 1)
    month = league.season_start_month
    first = date(season, month, 1)
    end_month = month + 13
    return first, date(season + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)


_Reporter = Callable[[str, str], None]


class _Reject(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class _Skip(Exception):
    pass


class _Start:
    """A row's start as the validator keeps it (one per distinct local date, time and zone): the
    UTC instant, the league-local day, and the season the league's convention gives it."""

    __slots__ = (
        "_in_window",
        "_league",
        "_local",
        "_season",
        "_season_of",
        "_windows",
        "at",
        "local_day",
        "time_tbd",
    )

    def __init__(
        self,
        start: StartTime,
        day: date | None,
        league: League,
        season_of: Callable[[League, datetime], int],
        windows: dict[tuple[str, int], tuple[date, date]],
    ) -> None:
        self.at, self.time_tbd = start.at, start.time_tbd
        self._league, self._season_of, self._windows = league, season_of, windows
        self._local: datetime | None = None
        self._season: int | None = None
        self._in_window: dict[int, bool] = {}
        # A local time read in the league's own zone is on the league-local day already.
        self.local_day = day if day is not None and start.zone == league.timezone else self.local.date()

    @property
    def local(self) -> datetime:
        """The start in the league's zone."""
        if self._local is None:
            self._local = self.at.astimezone(zone(self._league.timezone))
        return self._local

    @property
    def season(self) -> int:
        """The season the league's convention gives this start (for rows that state none)."""
        if self._season is None:
            self._season = int(self._season_of(self._league, self.local))
        return self._season

    def in_window(self, season: int) -> bool:
        """Whether the local day lies in ``season``'s window (windows shared per validator)."""
        known = self._in_window.get(season)
        if known is None:
            key = (self._league.key, season)
            window = self._windows.get(key)
            if window is None:
                window = self._windows[key] = season_window(self._league, season)
            known = self._in_window[season] = window[0] <= self.local_day < window[1]
        return known


class RowValidator:
    """Turns raw rows into candidates for one ingestion (caller's scope and choices fixed)."""

    def __init__(
        self,
        *,
        adapter: SportAdapter,
        resolver: TeamResolver,
        league: League | None,
        season: int | None,
        timezone: str | None,
        game_types: Iterable[str],
    ) -> None:
        self.adapter = adapter
        self.resolver = resolver
        self.league = league
        self.season = season
        self.timezone = timezone
        self.game_types = frozenset(normalize_game_type(t) for t in game_types)
        self.skipped: Counter[str] = Counter()
        self.leagueless: list[str] = []  # rows that name no league when the sport has several
        self.notes: list[Problem] = []  # warnings about accepted rows (fuzzy team matches)
        self._leagues: dict[str, League | None] = {}
        self._types: dict[str, str] = {}  # raw game type → normalised
        self._guessed: set[str] = set()
        self._teams: dict[tuple[str, str, int | None], str] = {}  # resolved names
        self._windows: dict[tuple[str, int], tuple[date, date]] = {}
        self._starts: dict[tuple[date | None, time | None, str | None, bool, str], _Start] = {}
        self._contexts: dict[tuple[str, str | None, int | None], tuple[str, League, int | None]] = {}
        self._sport = adapter.key
        self._venues: set[str] = set()  # venues that passed _check_texts
        custom: Any = getattr(adapter, "season_of", None)  # optional capability of an adapter
        self._season_of: Callable[[League, datetime], int] = custom if callable(custom) else season_of

    # -- one row ---------------------------------------------------------------------------
    def check(self, raw: RawGame) -> Candidate | list[Problem] | None:
        """The row's candidate, its problems, or ``None`` when it is skipped (counted in ``skipped``).

        This runs once per row of files with 100,000 rows, so what rows share is worked out once
        and kept: the (game type, league, season) a row states, the instant of a local date and
        time, a resolved team name. Every problem is still reported for every row.
        """
        context = self._contexts.get((raw.game_type, raw.league, raw.season))
        if context is None:
            try:
                context = self._context(raw)
            except _Skip as skip:
                self.skipped[str(skip)] += 1
                return None
            except _Reject as exc:
                return [Problem(where=raw.where, message=str(exc), code=exc.code)]
            if context is None:
                self.leagueless.append(raw.where)
                return []
        game_type, league, season = context
        problems: list[Problem] = []

        def reject(message: str, code: str) -> None:
            problems.append(Problem(where=raw.where, message=message, code=code))

        explicit = season is not None
        start: _Start | None = None
        try:
            start = self._start(raw, league)
        except TimeProblem as exc:
            reject(str(exc), exc.code)
        venue = raw.venue
        if (
            raw.status not in _STATUS
            or raw.source_id
            or raw.external_id
            or (venue and venue not in self._venues)
        ):
            found = len(problems)
            self._check_texts(raw, reject)
            if venue and len(problems) == found:
                self._venues.add(venue)  # a file names a few dozen venues, each on many rows
        if start is not None:
            if season is None:
                season = start.season
            elif not start.in_window(season):
                first, end = season_window(league, season)
                reject(
                    f"date {start.local_day.isoformat()} is outside season {season} of {league.name} "
                    f"({first.isoformat()} to {end.isoformat()}, exclusive)",
                    "out-of-season",
                )
        teams = self._teams
        home = teams.get((raw.home, league.key, season)) or self._team(
            raw.where, raw.home, "home", league, season, reject
        )
        away = teams.get((raw.away, league.key, season)) or self._team(
            raw.where, raw.away, "away", league, season, reject
        )
        if home is not None and home == away:
            reject(
                f"home and away are the same team ({home}: {quote(raw.home)} v {quote(raw.away)})",
                "same-team",
            )
        if problems or home is None or away is None or start is None or season is None:
            return problems
        try:
            game = Game(
                sport=self._sport,
                league=league.key,
                season=season,
                home_team_id=home,
                away_team_id=away,
                start_at=start.at,
                time_tbd=start.time_tbd,
                status=_STATUS[raw.status],
                external_id=raw.external_id,
                source_id=raw.source_id,
                venue=raw.venue.strip() if raw.venue else "",
                week=raw.week,
                game_type=game_type,
                home_score=raw.home_score,
                away_score=raw.away_score,
            )
        except (ModelError, ValueError, TypeError) as exc:
            return [Problem(where=raw.where, message=f"not a valid game: {exc}", code="bad-value")]
        return Candidate(
            where=raw.where, game=game, league=league, local_day=start.local_day, season_explicit=explicit
        )

    # -- the checks --------------------------------------------------------------------------
    def _context(self, raw: RawGame) -> tuple[str, League, int | None] | None:
        """(game type, league, stated season) of a row, or ``None`` when it names no league and
        the sport has several; raises ``_Skip`` / ``_Reject``. Kept per (type, league, season)
        as the row states them, when usable."""
        game_type = self._game_type(raw)
        league = self._league_of(raw)
        if league is None:
            return None
        context = (game_type, league, self._stated_season(raw))
        self._contexts[(raw.game_type, raw.league, raw.season)] = context
        return context

    def _start(self, raw: RawGame, league: League) -> _Start:
        """The row's start, league-local day and season; raises :class:`TimeProblem`.

        Schedules repeat the same local dates and kick-off times, so conversions from local
        time are kept per (date, time, zone, league); failures are not kept.
        """
        if raw.start_at is not None:  # an instant: nothing to look up
            return self._start_of(raw, league)
        key = (raw.day, raw.clock, raw.zone, raw.explicit_zone, league.key)
        known = self._starts.get(key)
        if known is None:
            known = self._starts[key] = self._start_of(raw, league)
        return known

    def _start_of(self, raw: RawGame, league: League) -> _Start:
        start = start_of(raw, league=league, caller_zone=self.timezone)
        return _Start(start, raw.day, league, self._season_of, self._windows)

    def _game_type(self, raw: RawGame) -> str:
        value = raw.game_type
        game_type = self._types.get(value)
        if game_type is None:  # normalised once per distinct value
            game_type = self._types[value] = normalize_game_type(str(value)) if value else "regular"
        if game_type not in self.game_types:
            raise _Skip(f"game type {game_type}")
        return game_type

    def _find_league(self, value: str) -> League | None:
        if value not in self._leagues:
            wanted = value.strip().casefold()
            leagues: Mapping[str, League] = self.adapter.leagues
            found = next(
                (
                    lg
                    for lg in leagues.values()
                    if wanted in {lg.key.casefold(), str(lg.api_id).casefold(), lg.name.casefold()}
                ),
                None,
            )
            if found is None and len(leagues) == 1 and wanted == self.adapter.name.casefold():
                found = next(iter(leagues.values()))
            self._leagues[value] = found
        return self._leagues[value]

    def _league_of(self, raw: RawGame) -> League | None:
        if raw.league:
            league = self._find_league(raw.league)
            if league is None:
                known = ", ".join(self.adapter.leagues)
                raise _Reject(
                    f"unknown league {quote(raw.league)} for {self.adapter.key}; known: {known}", "bad-league"
                )
            if self.league is not None and league.key != self.league.key:
                raise _Skip(f"league {league.key}")
            return league
        if self.league is not None:
            return self.league
        leagues = list(self.adapter.leagues.values())
        return leagues[0] if len(leagues) == 1 else None

    def _stated_season(self, raw: RawGame) -> int | None:
        if raw.season is not None:
            if self.season is not None and raw.season != self.season:
                raise _Skip(f"season {raw.season}")
            return raw.season
        return self.season

    @staticmethod
    def _check_texts(raw: RawGame, reject: _Reporter) -> None:
        if raw.status not in _STATUS:
            reject(f"unknown status {quote(str(raw.status))}", "bad-value")
        if not (raw.venue or raw.source_id or raw.external_id):
            return
        for what, value, limit in (
            ("venue", raw.venue, MAX_NAME_CHARS),
            ("source id", raw.source_id or "", MAX_ID_CHARS),
            ("external id", raw.external_id or "", MAX_ID_CHARS),
        ):
            if len(value) > limit:
                reject(f"{what} is {len(value)} characters long (at most {limit})", "too-long")
            elif _CONTROL.search(value):
                reject(f"{what} {quote(value)} contains control characters", "bad-value")

    def _team(
        self, where: str, name: str, role: str, league: League, season: int | None, reject: _Reporter
    ) -> str | None:
        key = (name, league.key, season)
        known = self._teams.get(key)
        if known is not None:
            return known
        text = name.strip()
        if not text:
            reject(f"missing {role} team", "missing")
            return None
        if len(text) > MAX_NAME_CHARS:
            reject(f"{role} team name is {len(text)} characters long (at most {MAX_NAME_CHARS})", "too-long")
            return None
        if _CONTROL.search(text):
            reject(f"{role} team {quote(text)} contains control characters", "bad-value")
            return None
        try:
            found = self.resolver.resolve(text, league=league.key, season=season)
        except TeamResolutionError as exc:
            reject(_team_message(role, text, exc), "unknown-team")
            return None
        self._teams[key] = found.team_id
        if found.match == "fuzzy" and text not in self._guessed:
            self._guessed.add(text)
            self.notes.append(
                Problem(
                    where=where,
                    message=f"{role} team {quote(text)} read as {found.team.name} ({found.team_id}) by a "
                    f"{found.score:.0f}% fuzzy match; add an alias if that is wrong",
                    severity="warning",
                    code="fuzzy-team",
                )
            )
        return found.team_id


def _team_message(role: str, name: str, exc: TeamResolutionError) -> str:
    if str(exc).startswith("ambiguous"):
        return f"{role} team: {exc}"
    if exc.candidates:
        best = exc.candidates[0]
        others = ", ".join(f"{cname} ({tid})" for tid, cname, _ in exc.candidates[1:3])
        more = f"; other candidates: {others}" if others else ""
        return (
            f"unknown {role} team {quote(name)} (did you mean {best[1]!r} → {best[0]}?{more}); "
            "fix the name or add an alias with `scoracle teams add-alias`"
        )
    return f"unknown {role} team {quote(name)}; add an alias with `scoracle teams add-alias`"


def place(where: str) -> str:
    """``"line 12"`` for a line number, the JSON path as it is."""
    return f"line {where}" if where.isdigit() else where


class Duplicates:
    """Spots a game a file lists twice (same teams on the same UTC date, or the same source id),
    row by row: the first copy is kept, every later one is a problem naming the first."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, int, str, str, date], str] = {}
        self._by_id: dict[str, str] = {}

    def check(self, cand: Candidate) -> Problem | None:
        """``None`` for the first copy of a game (now remembered), else the problem of this one."""
        g = cand.game
        key = (g.league, g.season, g.home_team_id, g.away_team_id, g.start_at.date())
        first = self._by_key.get(key)
        if first is not None:
            return Problem(
                where=cand.where,
                message=f"the same game twice: {g.home_team_id} v {g.away_team_id} on "
                f"{key[-1].isoformat()} (UTC), first at {place(first)}",
                code="duplicate",
            )
        if g.source_id is not None:
            first = self._by_id.get(g.source_id)
            if first is not None:
                return Problem(
                    where=cand.where,
                    message=f"the same game twice: source id {quote(g.source_id)}, first at {place(first)}",
                    code="duplicate",
                )
            self._by_id[g.source_id] = cand.where
        self._by_key[key] = cand.where
        return None


def find_duplicates(candidates: list[Candidate]) -> tuple[list[Candidate], list[Problem]]:
    """Keep the first of each game that appears twice (see :class:`Duplicates`); every later
    copy is a problem naming the first."""
    seen = Duplicates()
    kept: list[Candidate] = []
    problems: list[Problem] = []
    for cand in candidates:
        problem = seen.check(cand)
        if problem is None:
            kept.append(cand)
        else:
            problems.append(problem)
    return kept, problems
