"""The plan's template formats, for schedules people write by hand: ``template-csv`` and ``template-json``.

Template CSV — a header row, then one game per row::

    date,time,home_team,away_team,venue,game_type,league,season,timezone
    2026-01-15,19:30,Lakers,Warriors,Crypto.com Arena,regular,NBA,2025,America/Los_Angeles

Template JSON — the same fields per game, with file-wide defaults at the top::

    {"sport": "NBA", "season": "2025", "timezone": "America/New_York",
     "games": [{"date": "2026-01-15", "time": "19:30", "home_team": "Lakers", "away_team": "Warriors"}]}

Required: ``date`` (``YYYY-MM-DD``), ``home_team``, ``away_team``. Optional: ``time`` (``19:30``,
``7:30 PM``; empty or ``TBD`` for a date-only game), ``venue``, ``game_type`` (regular, playoff,
play-in, preseason, allstar, cup-final), ``league`` (key, name or API-Sports id), ``season``
(``2024`` or ``2024-25``), ``timezone`` (IANA name), ``week``, ``status`` (scheduled, completed,
postponed, cancelled), ``source_id`` (your own game id; also ``game_id``), ``external_id``
(API-Sports id), ``home_score``, ``away_score``, ``neutral``. Other CSV columns are ignored with
a warning.

Time zone: a time is local wall-clock time in the row's ``timezone`` (JSON: the game's, else
the file's), else the caller's ``--timezone``, else the league's zone.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date, time
from operator import itemgetter
from typing import Any, Final, NamedTuple

from scoracle_core.ingest.formats import Problem, RawGame, RowStatus
from scoracle_core.ingest.values import (
    MAX_FIELD_CHARS,
    normalize_game_type,
    parse_date,
    parse_int,
    parse_season,
    parse_time,
    quote,
)

__all__ = ["TEMPLATE_CSV", "TEMPLATE_JSON", "TemplateCsvFormat", "TemplateJsonFormat", "core_formats"]

REQUIRED: Final = ("date", "home_team", "away_team")
OPTIONAL: Final = (
    "time",
    "venue",
    "game_type",
    "league",
    "season",
    "timezone",
    "week",
    "status",
    "source_id",
    "external_id",
    "home_score",
    "away_score",
    "neutral",
)
_ALIASES: Final = {"game_id": "source_id", "tz": "timezone", "type": "game_type", "kickoff": "time"}
_STATUSES: Final[dict[str, RowStatus]] = {
    "": "scheduled",
    "scheduled": "scheduled",
    "completed": "completed",
    "final": "completed",
    "finished": "completed",
    "postponed": "postponed",
    "ppd": "postponed",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}
_TRUE: Final = frozenset({"1", "true", "yes", "y", "t"})
_FALSE: Final = frozenset({"", "0", "false", "no", "n", "f"})


def _column(name: str) -> str:
    key = re.sub(r"[\s\-]+", "_", name.strip().casefold())
    return _ALIASES.get(key, key)


def _json_texts(
    item: Mapping[str, Any], defaults: Mapping[str, Any], at: Callable[[str], str]
) -> tuple[dict[str, str], list[Problem]]:
    """A JSON game's fields (and the file's defaults) as text, with a problem per value of a wrong type."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for field in (*REQUIRED, *OPTIONAL):
        value = item.get(field, defaults.get(field))
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            problems.append(
                Problem(
                    where=at(field),
                    message=f"{field} must be text, got {type(value).__name__}",
                    code="bad-value",
                )
            )
            continue
        texts[field] = value if isinstance(value, str) else repr(value)
    return texts, problems


def _row(
    fields: Mapping[str, str], *, where: str, at: Callable[[str], str], problems: list[Problem] | None = None
) -> RawGame | list[Problem]:
    """Build one RawGame from a row's text fields, collecting every problem of the row.

    Written for speed as much as clarity (it runs once per row of files with 100,000 rows):
    the cell parsers are cached, and absent or empty optional columns cost one dict miss.
    """
    problems = problems if problems is not None else []
    if fields and max(map(len, fields.values())) > MAX_FIELD_CHARS:
        for field, value in fields.items():
            if len(value) > MAX_FIELD_CHARS:
                message = f"{field} is {len(value)} characters long (at most {MAX_FIELD_CHARS})"
                _bad(problems, at, field, message, "too-long")
        return problems
    # Strip once; optional columns that are absent or empty are simply not there.
    cells = {k: stripped for k, v in fields.items() if (stripped := v.strip())}
    get = cells.get
    home, away = get("home_team", ""), get("away_team", "")
    if not home:
        _bad(problems, at, "home_team", "missing home team", "missing")
    if not away:
        _bad(problems, at, "away_team", "missing away team", "missing")
    shared = _shared_fields(cells, at, problems)
    numbers: dict[str, int | None] = {}
    for field, high in _NUMBERS:
        if (text := get(field)) is not None:
            try:
                numbers[field] = parse_int(text, what=field, low=0, high=high)
            except ValueError as exc:
                _bad(problems, at, field, str(exc))
    if problems or shared is None:
        return problems
    return _raw_game(
        shared,
        where=where,
        home=home,
        away=away,
        venue=get("venue", ""),
        source_id=get("source_id"),
        external_id=get("external_id"),
        week=numbers.get("week"),
        home_score=numbers.get("home_score"),
        away_score=numbers.get("away_score"),
    )


class _Shared(NamedTuple):
    """The fields of a row that many rows share (a matchday's date, time, league …), parsed."""

    day: date
    clock: time | None
    season: int | None
    zone: str | None
    league: str | None
    game_type: str
    status: RowStatus
    neutral: bool


#: The columns :class:`_Shared` is parsed from.
SHARED_COLUMNS: Final = ("date", "time", "season", "timezone", "league", "game_type", "status", "neutral")


def _shared_fields(
    cells: Mapping[str, str], at: Callable[[str], str], problems: list[Problem]
) -> _Shared | None:
    """The shared fields of a row's stripped, non-empty cells; ``None`` (and problems) if unusable."""
    get = cells.get
    day = clock = season = None
    text: str | None = get("date")
    if text is None:
        _bad(problems, at, "date", "missing date", "bad-date")
    else:
        try:
            day = parse_date(text)
        except ValueError as exc:
            _bad(problems, at, "date", str(exc), "bad-date")
    if (text := get("time")) is not None:
        try:
            clock = parse_time(text)
        except ValueError as exc:
            _bad(problems, at, "time", str(exc), "bad-time")
    if (text := get("season")) is not None:
        try:
            season = parse_season(text)
        except ValueError as exc:
            _bad(problems, at, "season", str(exc))
    status: RowStatus | None = "scheduled"
    if (text := get("status")) is not None:
        status = _STATUSES.get(text.casefold())
        if status is None:
            message = f"unknown status {quote(text)} (scheduled, completed, postponed, cancelled)"
            _bad(problems, at, "status", message)
    neutral = False
    if (text := get("neutral")) is not None:
        flag = text.casefold()
        neutral = flag in _TRUE
        if not neutral and flag not in _FALSE:
            _bad(problems, at, "neutral", f"neutral must be true/false, got {quote(flag)}")
    if day is None or status is None:
        return None
    game_type = get("game_type")
    return _Shared(
        day=day,
        clock=clock,
        season=season,
        zone=get("timezone"),
        league=get("league"),
        game_type=normalize_game_type(game_type) if game_type else "regular",
        status=status,
        neutral=neutral,
    )


def _raw_game(
    shared: _Shared,
    *,
    where: str,
    home: str,
    away: str,
    venue: str,
    source_id: str | None,
    external_id: str | None,
    week: int | None,
    home_score: int | None,
    away_score: int | None,
) -> RawGame:
    return RawGame(
        where=where,
        home=home,
        away=away,
        day=shared.day,
        clock=shared.clock,
        zone=shared.zone,
        explicit_zone=shared.zone is not None,
        league=shared.league,
        season=shared.season,
        venue=venue,
        game_type=shared.game_type,
        week=week,
        source_id=source_id,
        external_id=external_id,
        status=shared.status,
        home_score=home_score,
        away_score=away_score,
        neutral=shared.neutral,
    )


_NUMBERS: Final = (("week", 100), ("home_score", 1000), ("away_score", 1000))


def _bad(
    problems: list[Problem], at: Callable[[str], str], field: str, message: str, code: str = "bad-value"
) -> None:
    problems.append(Problem(where=at(field), message=message, code=code))


def _json_path(row: str) -> Callable[[str], str]:
    return lambda field: f"{row}.{field}"


def _one_problem(problems: list[Problem], row: str) -> Problem:
    """One problem per rejected row (so a report counts rows); the field's place when only one is wrong."""
    if len(problems) == 1:
        return problems[0]
    fields = {p.where for p in problems}
    message = "; ".join(p.message for p in problems)
    return Problem(
        where=problems[0].where if len(fields) == 1 else row, message=message, code=problems[0].code
    )


class _CsvRows:
    """The fast reading of an ordinary template CSV row (the slow path reports the others).

    The cells many rows share (a matchday's date, kick-off, league, season …) are parsed once
    per distinct combination; a row with anything unusual (a bad or huge value, a missing team,
    a ragged width) is left to :func:`_row`, which names every problem of it.
    """

    def __init__(self, header: list[str]) -> None:
        first = {name: i for i, name in reversed(list(enumerate(header)))}
        self.width = len(header)
        self.home, self.away = first["home_team"], first["away_team"]
        self.names: tuple[str, ...] = tuple(name for name in SHARED_COLUMNS if name in first)
        self.shared_cells = itemgetter(*(first[name] for name in self.names))
        self.venue, self.source_id, self.external_id = (
            first.get(n) for n in ("venue", "source_id", "external_id")
        )
        self.numbers = [(name, first[name], high) for name, high in _NUMBERS if name in first]
        self.repeated = len(set(header)) < len(header)
        self._shared: dict[object, _Shared] = {}

    def read(self, cells: list[str], where: str) -> RawGame | None:
        """The row's RawGame, or ``None`` to send it down the slow path."""
        if len(cells) != self.width or self.repeated or max(map(len, cells)) > MAX_FIELD_CHARS:
            return None
        key = self.shared_cells(cells)
        shared = self._shared.get(key)
        if shared is None:
            raw_texts = key if isinstance(key, tuple) else (key,)
            values: dict[str, str] = {
                name: text
                for name, value in zip(self.names, raw_texts, strict=True)
                if (text := value.strip())
            }
            problems: list[Problem] = []
            found = _shared_fields(values, lambda _: where, problems)
            if found is None or problems:
                return None
            shared = self._shared[key] = found
        home, away = cells[self.home].strip(), cells[self.away].strip()
        if not home or not away:
            return None
        numbers: dict[str, int | None] = {}
        for name, i, high in self.numbers:
            text = cells[i].strip()
            if text:
                try:
                    numbers[name] = parse_int(text, what=name, low=0, high=high)
                except ValueError:
                    return None
        return _raw_game(
            shared,
            where=where,
            home=home,
            away=away,
            venue="" if self.venue is None else cells[self.venue].strip(),
            source_id=None if self.source_id is None else cells[self.source_id].strip() or None,
            external_id=None if self.external_id is None else cells[self.external_id].strip() or None,
            week=numbers.get("week"),
            home_score=numbers.get("home_score"),
            away_score=numbers.get("away_score"),
        )


class TemplateCsvFormat:
    """The plan's template CSV (see the module docstring)."""

    name = "template-csv"
    sport: str | None = None
    description = (
        "Template CSV: date,time,home_team,away_team[,venue,game_type,league,season,timezone,…]; "
        "times are local to the row's timezone, else --timezone, else the league's zone"
    )

    def sniff(self, head: str, filename: str) -> float:
        """Certain when the header has ``date``, ``home_team`` and ``away_team`` columns."""
        try:
            first = next(csv.reader(io.StringIO(head.lstrip("\ufeff"), newline="")), [])
        except (csv.Error, StopIteration):
            return 0.0
        columns = {_column(c) for c in first}
        if not set(REQUIRED) <= columns:
            return 0.0
        return 0.95 if "time" in columns else 0.9

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Every data row as a RawGame, or the problems that stop it from being one."""
        reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        header: list[str] | None = None
        line = 1
        while True:
            start = line
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                line = reader.line_num + 1
                yield Problem(where=str(start), message=f"unreadable CSV row: {exc}", code="bad-row")
                continue
            line = reader.line_num + 1
            if not cells or not "".join(cells).strip():  # blank: every cell empty or whitespace
                continue
            if header is None:
                header = [_column(c) for c in cells]
                yield from self._check_header(header, str(start))
                if not set(REQUIRED) <= set(header):
                    return
                rows = _CsvRows(header)
                continue
            where = str(start)
            yield rows.read(cells, where) or self._data_row(header, cells, where)

    @staticmethod
    def _check_header(header: list[str], where: str) -> Iterator[Problem]:
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            yield Problem(
                where=where,
                message=f"header lacks column(s) {', '.join(missing)}; the template header is "
                "date,time,home_team,away_team[,venue,game_type,league,season,timezone]",
                code="bad-header",
            )
            return
        known = set(REQUIRED) | set(OPTIONAL)
        unknown = [c for c in header if c and c not in known]
        if unknown:
            listed = ", ".join(quote(c, 30) for c in unknown[:10])
            yield Problem(
                where=where, message=f"ignored column(s): {listed}", severity="warning", code="ignored"
            )
        repeated = sorted({c for c in header if c and header.count(c) > 1})
        if repeated:
            yield Problem(
                where=where, message=f"column(s) appear twice: {', '.join(repeated)}", code="bad-header"
            )

    @staticmethod
    def _data_row(header: list[str], cells: list[str], where: str) -> RawGame | Problem:
        if len(cells) < len(header):
            return Problem(
                where=where,
                message=f"truncated row: {len(cells)} of {len(header)} fields",
                code="bad-row",
            )
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            return Problem(
                where=where,
                message=f"row has {len(cells)} fields but the header has {len(header)}",
                code="bad-row",
            )
        row = _row(dict(zip(header, cells, strict=False)), where=where, at=lambda _: where)
        return row if isinstance(row, RawGame) else _one_problem(row, where)


class TemplateJsonFormat:
    """The plan's template JSON (see the module docstring)."""

    name = "template-json"
    sport: str | None = None
    description = (
        'Template JSON: {"sport", "season", "games": [{"date", "time", "home_team", "away_team", '
        "\"timezone\"?, …}]}; times are local to the game's (or file's) timezone, else --timezone, "
        "else the league's zone"
    )

    def sniff(self, head: str, filename: str) -> float:
        """Likely when the text is a JSON object with a ``games`` key and template field names."""
        start = head.lstrip("\ufeff \t\r\n")
        if not start.startswith("{") or '"games"' not in head:
            return 0.0
        return 0.95 if '"home_team"' in head else 0.7

    @staticmethod
    def _document(text: str) -> Any:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            return None

    def declared_sport(self, text: str) -> str | None:
        """The file's top-level ``sport`` ("NBA"), if it has one."""
        doc = self._document(text)
        if isinstance(doc, dict) and isinstance(doc.get("sport"), str):
            return str(doc["sport"]).strip()[:MAX_FIELD_CHARS] or None
        return None

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Every element of ``games``; problems name their JSON path (``$.games[3].date``)."""
        try:
            doc = json.loads(text.lstrip("\ufeff"))
        except RecursionError:
            yield Problem(where="$", message="not valid JSON: nested too deeply", code="bad-json")
            return
        except ValueError as exc:
            detail = (
                f"line {exc.lineno} column {exc.colno}: {exc.msg}"
                if isinstance(exc, json.JSONDecodeError)
                else exc
            )
            yield Problem(where="$", message=f"not valid JSON: {detail}", code="bad-json")
            return
        if not isinstance(doc, dict):
            yield Problem(
                where="$", message=f"expected a JSON object, got {type(doc).__name__}", code="bad-json"
            )
            return
        games = doc.get("games")
        if not isinstance(games, list):
            yield Problem(where="$.games", message="expected a list of games", code="bad-json")
            return
        defaults = {k: doc[k] for k in ("season", "league", "timezone") if k in doc and doc[k] is not None}
        for index, item in enumerate(games):
            where = f"$.games[{index}]"
            if not isinstance(item, dict):
                yield Problem(
                    where=where, message=f"expected an object, got {type(item).__name__}", code="bad-row"
                )
                continue
            at = _json_path(where)
            texts, problems = _json_texts({_column(str(k)): v for k, v in item.items()}, defaults, at)
            row = _row(texts, where=where, at=at, problems=problems)
            yield row if isinstance(row, RawGame) else _one_problem(row, where)


TEMPLATE_CSV: Final = TemplateCsvFormat()
TEMPLATE_JSON: Final = TemplateJsonFormat()


def core_formats() -> list[TemplateCsvFormat | TemplateJsonFormat]:
    """The formats the core ships (sport-neutral)."""
    return [TEMPLATE_CSV, TEMPLATE_JSON]
