"""openfootball schedules: football.json league files and Football.TXT match lists.

Both are written by the openfootball project (CC0) in the **league's local time**, except MLS,
which openfootball writes in **US Eastern** time (the ``mls`` league's zone). Rows carry
``zone=None`` (the league's zone) for the European leagues and ``"America/New_York"`` for MLS,
never ``explicit_zone``, so a caller's ``--timezone`` still wins. A time written with an offset
(``"13:00 UTC+3"``, as openfootball's tournament files do) is an explicit instant (``start_at``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, Literal

from scoracle_core.ingest.formats import Problem, RawGame, RowStatus
from scoracle_football._common import (
    BOM,
    MLS_ZONE,
    at_offset,
    league_from_filename,
    league_from_title,
    numbered_lines,
    parse_clock,
    season_from_filename,
    split_title,
)

__all__ = ["FootballTxt", "OpenfootballJson"]

Severity = Literal["error", "warning"]

_WEEK = re.compile(
    r"^(?:matchday|round|week|spieltag|jornada|giornata|journ[ée]e)\s*(\d{1,3})$", re.IGNORECASE
)
_PLAYOFF = re.compile(r"play-?offs?|wild\s*card|final|knock-?out", re.IGNORECASE)

#: Size of the caches of the pure value parsers below. Round names and scores repeat from match
#: to match, so each distinct text is parsed once; the bound keeps a long-running process from
#: growing without end on junk input.
_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _week(round_name: str) -> int | None:
    match = _WEEK.match(round_name.strip())
    return int(match.group(1)) if match else None


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _game_type(round_name: str) -> str:
    return "playoff" if _PLAYOFF.search(round_name) else "regular"


def _zone(league: str | None) -> str | None:
    return MLS_ZONE if league == "mls" else None


class _Competition:
    """What a whole file says about itself: league and season, and the warning if it says too little.

    A title names the league (``"English Premier League 2023/24"``); the file name (``en.1.json``)
    is consulted only when there is no title, so a renamed Championship file stays unknown.
    """

    def __init__(self, title: str | None, filename: str) -> None:
        self.title = title
        self.league = league_from_title(title) if title else league_from_filename(filename)
        season = split_title(title)[1] if title else None
        self.season = season if season is not None else season_from_filename(filename)

    def warning(self, where: str, source: str) -> Problem | None:
        """A warning when neither the file nor its name says which of our leagues it is."""
        if self.league is not None:
            return None
        if self.title:
            message = f"competition {self.title!r} is not a league this plugin knows"
        else:
            message = "neither the file nor its name says which league it is"
        return Problem(
            where=where,
            message=f"{message}; the caller's --league applies",
            source=source,
            severity="warning",
            code="unknown-league",
        )


# -- football.json ------------------------------------------------------------------------


class OpenfootballJson:
    """openfootball/football.json: ``{"name": ..., "matches": [{"round", "date", "time", ...}]}``.

    * ``score: {"ft": [h, a]}`` (or ``"et"`` after extra time) → completed with that score; an
      empty or missing score → scheduled. Penalty shoot-outs (``"p"``) do not count as goals.
    * ``status: "awarded"`` → completed with the awarded score, plus a warning; ``postponed`` and
      ``cancelled`` map to those statuses.
    * The older layout (``"rounds": [{"name", "matches"}]``, teams as ``{"name": ...}`` objects,
      ``score1``/``score2``) is read too.
    * ``where`` is the JSON path, ``$.matches[12]``.
    """

    name = "football-openfootball-json"
    sport = "football"
    description = (
        "openfootball/football.json league file; times are the league's local time "
        "(MLS: US Eastern), 'HH:MM UTC±H' is an explicit offset"
    )

    def sniff(self, head: str, filename: str) -> float:
        """High for a JSON object with ``matches`` of ``team1``/``team2`` rows."""
        try:
            text = head.removeprefix(BOM).lstrip()
            if not text.startswith("{"):
                return 0.0
            score = 0.0
            if re.search(r'"matches"\s*:\s*\[', text):
                score += 0.4
            if '"team1"' in text and '"team2"' in text:
                score += 0.4
            if re.search(r'"(?:name|round|date)"\s*:', text):
                score += 0.1
            if filename.casefold().endswith(".json"):
                score += 0.05
            if league_from_filename(filename):
                score += 0.05
            return min(score, 1.0)
        except Exception:  # a sniffer must never raise
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Every match of the file, in file order."""
        try:
            doc = json.loads(text.removeprefix(BOM))
        except (ValueError, RecursionError) as exc:
            yield Problem(where="$", message=f"not valid JSON: {exc}", source=source, code="bad-json")
            return
        if not isinstance(doc, dict):
            yield Problem(
                where="$",
                message="expected a JSON object with a 'matches' list",
                source=source,
                code="bad-json",
            )
            return
        title = doc.get("name")
        competition = _Competition(title if isinstance(title, str) else None, source)
        if (warning := competition.warning("$.name", source)) is not None:
            yield warning
        if not isinstance(doc.get("matches"), list) and not isinstance(doc.get("rounds"), list):
            yield Problem(
                where="$", message="no 'matches' (or 'rounds') list", source=source, code="bad-json"
            )
            return
        for where, match, round_name in _json_rows(doc):
            yield from _json_match(where, match, round_name, competition, source)


def _json_rows(doc: Mapping[str, Any]) -> Iterator[tuple[str, object, str]]:
    matches = doc.get("matches")
    if isinstance(matches, list):
        for i, match in enumerate(matches):
            yield f"$.matches[{i}]", match, ""
        return
    rounds = doc.get("rounds")
    if isinstance(rounds, list):
        for r, rnd in enumerate(rounds):
            if not isinstance(rnd, dict) or not isinstance(rnd.get("matches"), list):
                continue
            round_name = rnd.get("name")
            for i, match in enumerate(rnd["matches"]):
                yield f"$.rounds[{r}].matches[{i}]", match, round_name if isinstance(round_name, str) else ""


def _iso_day(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError(f"missing or bad date {value!r} (expected YYYY-MM-DD)")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"bad date {value!r} (expected YYYY-MM-DD)") from None


def _team(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) else ""


def _pair(value: object) -> tuple[int, int] | None:
    """``[2, 1]`` → (2, 1); anything else → ``None``."""
    if isinstance(value, list) and len(value) == 2 and _is_goals(value[0]) and _is_goals(value[1]):
        return value[0], value[1]
    return None


def _is_goals(value: object) -> bool:
    """A goal count: an int (not a bool) in [0, 1000)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1000


def _json_score(match: Mapping[str, Any]) -> tuple[int, int] | None:
    """The score after play (extra time included, shoot-out excluded); ``None`` if unplayed.

    Raises :class:`ValueError` for a score that is present but unreadable.
    """
    score = match.get("score")
    if isinstance(score, dict) and score:
        for key in ("et", "ft"):
            if key in score:
                pair = _pair(score[key])
                if pair is None:
                    raise ValueError(f"score.{key} must be two goal counts, got {score[key]!r}")
                return pair
        if any(key in score for key in ("ht", "p")):
            raise ValueError("score has no full-time ('ft') result")
        raise ValueError(f"unreadable score {score!r}")
    if score not in (None, {}):
        raise ValueError(f"unreadable score {score!r}")
    one, two = match.get("score1"), match.get("score2")
    if one is None and two is None:
        return None
    pair = _pair([one, two])
    if pair is None:
        raise ValueError(f"score1/score2 must be goal counts, got {one!r}/{two!r}")
    return pair


def _json_match(
    where: str, match: object, round_name: str, comp: _Competition, source: str
) -> Iterator[RawGame | Problem]:
    def problem(message: str, severity: Severity = "error", code: str = "bad-row") -> Problem:
        return Problem(where=where, message=message, source=source, severity=severity, code=code)

    if not isinstance(match, dict):
        yield problem("a match must be a JSON object")
        return
    home, away = _team(match.get("team1")), _team(match.get("team2"))
    if not home or not away:
        yield problem("missing team1 (home) or team2 (away)")
        return
    try:
        day = _iso_day(match.get("date"))
        raw_time = match.get("time")
        clock = None if raw_time in (None, "") else parse_clock(str(raw_time))
        start_at = at_offset(day, clock.time, clock.offset) if clock and clock.offset else None
        score = _json_score(match)
    except ValueError as exc:
        yield problem(f"{home} v {away}: {exc}")
        return
    status: RowStatus = "completed" if score is not None else "scheduled"
    raw_status = match.get("status")
    if isinstance(raw_status, str) and raw_status.strip():
        flag = raw_status.strip().casefold()
        if flag == "awarded":
            if score is None:
                yield problem(f"{home} v {away}: awarded without a score")
                return
            yield problem(
                f"{home} v {away}: result awarded ({score[0]}-{score[1]}), not played out",
                "warning",
                "awarded",
            )
        elif flag in ("postponed", "cancelled", "canceled"):
            status = "postponed" if flag == "postponed" else "cancelled"
        else:
            yield problem(f"{home} v {away}: unknown status {raw_status!r} ignored", "warning", "bad-value")
    round_text = match.get("round")
    round_name = round_text if isinstance(round_text, str) else round_name
    yield RawGame(
        where=where,
        home=home,
        away=away,
        day=None if start_at else day,
        clock=None if start_at or clock is None else clock.time,
        start_at=start_at,
        zone=None if start_at else _zone(comp.league),
        explicit_zone=start_at is not None,
        league=comp.league,
        season=comp.season,
        game_type=_game_type(round_name),
        week=_week(round_name),
        status=status,
        home_score=score[0] if score else None,
        away_score=score[1] if score else None,
    )


# -- Football.TXT -------------------------------------------------------------------------

_HEADING_MARKS = "▪»•■"
_HEADING_WORDS = re.compile(
    r"^(?:matchday|round|week|play-?offs?|wild\s*card|knock-?out|(?:quarter|semi)-?finals?|finals?)\b",
    re.IGNORECASE,
)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
_WEEKDAYS = {d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_DATE_LINE = re.compile(
    r"^\[?(?:(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*/?\s*(?P<d>\d{1,2})"
    r"(?:,?\s+(?P<y>\d{4}))?\]?$",
    re.IGNORECASE,
)
_ISO_DATE_LINE = re.compile(r"^\[?(?P<y>\d{4})-(?P<mon>\d{2})-(?P<d>\d{2})\]?$")
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*(?:UTC|GMT)\s*[+\-−]\d{1,2}(?::?\d{2})?)?"
_SCORE = r"\d+-\d+(?:\s.*)?"
# "20:00  Inter Miami CF   v Real Salt Lake   2-0 (1-0)"; the time and score are optional.
# An unplayed game may also be written "Home  -  Away".
_MATCH_V = re.compile(
    rf"^(?:(?P<time>{_TIME})\s+)?(?P<home>\S.*?)\s+(?:v|vs\.?|-|–)\s+(?P<away>\S.*?)"
    rf"(?:\s+(?P<score>{_SCORE}))?$"
)
# The older style with the score between the teams: "Arsenal FC  2-1 (1-0)  Chelsea FC".
_MATCH_SCORE_BETWEEN = re.compile(
    rf"^(?:(?P<time>{_TIME})\s+)?(?P<home>\S.*?)\s+"
    r"(?P<score>\d+-\d+(?:\s+(?:a\.?e\.?t\.?|pen\.?))?(?:\s*\([^)]*\))?)\s+(?P<away>\S.*)$"
)
_VENUE = re.compile(r"\s+@\s+(?P<venue>.+)$")
_STATUS = re.compile(r"\s*\[(?P<note>[^\]]*)\]\s*")
_COMMENT = re.compile(r"\s+#.*$")


def _content(raw: str) -> str:
    """A line without its comment (a whole ``#`` line, or ``#`` after whitespace), stripped."""
    if raw.lstrip().startswith("#"):
        return ""
    if "#" in raw:  # the comment regex only when there can be a comment
        return _COMMENT.sub("", raw).strip()
    return raw.strip()


def _looks_like_match(line: str) -> bool:
    """A match line with a time, a score or a ``v`` between the teams (a bare ``-`` is too common)."""
    match = _MATCH_V.match(line)
    if match is not None:
        return bool(match["time"] or match["score"] or re.search(r"\s(?:v|vs\.?)\s", line))
    return _MATCH_SCORE_BETWEEN.match(line) is not None


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _score_after_play(text: str) -> tuple[int, int]:
    """The score after play from a Football.TXT score: ``"4-5 pen. (2-2, 0-2)"`` → (2, 2).

    ``"2-0 (1-0)"`` → (2, 0); ``"1-2 a.e.t. (1-1, 0-0)"`` → (1, 2). A shoot-out is not goals:
    the score after play is then the first one in the parentheses.
    """
    scores = [(int(h), int(a)) for h, a in re.findall(r"(\d+)-(\d+)", text)]
    rest = text[text.index("-") :].casefold()
    shootout = re.search(r"\bpen\b|\bp\b|i\.e\.", rest) is not None
    if not shootout:
        return scores[0]
    aet = re.search(r"(\d+)-(\d+)\s*(?:a\.?e\.?t\.?|n\.v\.)", text, re.IGNORECASE)
    if aet:
        return int(aet.group(1)), int(aet.group(2))
    if len(scores) < 2:
        raise ValueError(f"shoot-out score {text.strip()!r} without the score after play")
    return scores[1]


def _status_note(note: str) -> RowStatus | None:
    flag = note.strip().casefold()
    if flag.startswith("postponed"):
        return "postponed"
    if flag.startswith(("cancelled", "canceled", "abandoned", "annulled")):
        return "cancelled"
    return None


class _TxtState:
    """Where the reader is in a Football.TXT file."""

    def __init__(self, competition: _Competition) -> None:
        self.competition = competition
        self.heading = ""
        self.day: date | None = None
        self.clock_text: str | None = None


class FootballTxt:
    """Football.TXT (openfootball/world): ``= Title``, ``▪ Matchday N`` headings, date and match lines.

    * The title (``= Major League Soccer 2024``) names the league and season.
    * Headings set the week (``Matchday 12``) and the stage: a heading naming play-offs, a wild
      card, a knockout round or a final (``▪ Playoffs, Round 1``) makes its games
      ``game_type="playoff"``.
    * Date lines (``Wed Feb 21 2024``, ``Sat Feb 24``): the year is usually written only once; a
      date without one takes the year that puts it nearest the previous date (so months that
      wrap past December roll the year over, and a rescheduled game listed out of order does
      not), preferring the year whose weekday matches the one written; a weekday that matches
      no year is a warning.
    * Match lines (``20:00  Home  v  Away  2-0 (1-0)``): a line without a time shares the time of
      the line before it on the same date. ``4-5 pen. (2-2, 0-2)`` is a 2-2 draw decided on
      penalties; ``[postponed]``/``[cancelled]`` notes set the status; ``@ Venue`` the venue.
    * ``where`` is the 1-based line number.
    """

    name = "football-txt"
    sport = "football"
    description = (
        "Football.TXT (openfootball) match list; times are the league's local time "
        "(MLS: US Eastern), 'HH:MM UTC±H' is an explicit offset"
    )

    def sniff(self, head: str, filename: str) -> float:
        """High for a ``= Title`` line, date lines and ``Home v Away`` lines; at most 0.4 without dates."""
        try:
            lines = [line.strip() for _, line in numbered_lines(head)][:400]
            content = [line for line in lines if line and not line.startswith("#")]
            if not content:
                return 0.0
            score = 0.0
            if re.match(r"^=\s*\S", content[0]):
                score += 0.15 + (0.1 if league_from_title(content[0].lstrip("= ")) else 0.0)
            if any(line[0] in _HEADING_MARKS or _WEEK.match(line) for line in content):
                score += 0.1
            dated = any(_DATE_LINE.match(line) for line in content)
            if dated:
                score += 0.25
            matches = sum(1 for line in content if _looks_like_match(line))
            score += 0.35 if matches >= 3 else 0.1 if matches else 0.0
            if filename.casefold().endswith(".txt"):
                score += 0.05
            return min(score, 1.0 if dated else 0.4)
        except Exception:  # a sniffer must never raise
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Every match line, in file order."""
        state: _TxtState | None = None
        for number, raw in numbered_lines(text):
            line = _content(raw)
            if not line:
                continue
            if state is None:
                # The first content line: the "= Title" line, if the file has one.
                title = line.lstrip("=").strip() if line.startswith("=") else None
                state = _TxtState(_Competition(title, source))
                if (warning := state.competition.warning(str(number) if title else "", source)) is not None:
                    yield warning
                if title is not None:
                    continue
            yield from self._line(number, line, state, source)

    def _line(self, number: int, line: str, state: _TxtState, source: str) -> Iterator[RawGame | Problem]:
        where = str(number)
        if (
            line.startswith("=")
            or line[0] in _HEADING_MARKS
            or (_HEADING_WORDS.match(line) and not _MATCH_V.match(line))
        ):
            state.heading = line.strip("=" + _HEADING_MARKS + " \t")
            return
        date_match = _DATE_LINE.match(line) or _ISO_DATE_LINE.match(line)
        if date_match:
            try:
                state.day, warning = _date_of(date_match, state)
            except ValueError as exc:
                state.day = None
                yield Problem(where=where, message=str(exc), source=source, code="bad-date")
                return
            state.clock_text = None
            if warning:
                yield Problem(
                    where=where, message=warning, source=source, severity="warning", code="bad-date"
                )
            return
        yield from self._match(where, line, state, source)

    def _match(self, where: str, line: str, state: _TxtState, source: str) -> Iterator[RawGame | Problem]:
        # The regexes below cost more than the rest of the line: each runs only when its marker
        # character is there at all.
        status: RowStatus | None = None
        if "[" in line:
            for note in _STATUS.findall(line):
                status = _status_note(note) or status
            line = _STATUS.sub("  ", line)
        line = line.strip()
        venue = ""
        if "@" in line and (venue_match := _VENUE.search(line)):
            venue = venue_match["venue"].strip()
            line = line[: venue_match.start()]
        match = _MATCH_V.match(line) or _MATCH_SCORE_BETWEEN.match(line)
        if match is None:
            yield Problem(
                where=where,
                message=f"not a match, date or heading line: {line!r}",
                source=source,
                code="bad-row",
            )
            return
        home, away = match["home"].strip(), match["away"].strip()
        if state.day is None:
            yield Problem(
                where=where,
                message=f"{home} v {away}: no date line before this match",
                source=source,
                code="bad-date",
            )
            return
        try:
            if match["time"]:
                state.clock_text = match["time"]
            clock = parse_clock(state.clock_text) if state.clock_text else None
            start_at = at_offset(state.day, clock.time, clock.offset) if clock and clock.offset else None
            score = _score_after_play(match["score"]) if match["score"] else None
        except ValueError as exc:
            yield Problem(where=where, message=f"{home} v {away}: {exc}", source=source, code="bad-row")
            return
        comp = state.competition
        yield RawGame(
            where=where,
            home=home,
            away=away,
            day=None if start_at else state.day,
            clock=None if start_at or clock is None else clock.time,
            start_at=start_at,
            zone=None if start_at else _zone(comp.league),
            explicit_zone=start_at is not None,
            league=comp.league,
            season=comp.season,
            venue=venue,
            game_type=_game_type(state.heading),
            week=_week(state.heading),
            status=status or ("completed" if score else "scheduled"),
            home_score=score[0] if score else None,
            away_score=score[1] if score else None,
        )


def _date_of(match: re.Match[str], state: _TxtState) -> tuple[date, str | None]:
    """The date a date line means, and a warning when its weekday disagrees."""
    groups = match.groupdict()
    month_text = groups["mon"]
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].casefold()]
    day_of_month = int(groups["d"])
    weekday_text = groups.get("wd")
    weekday = _WEEKDAYS[weekday_text[:3].casefold()] if weekday_text else None
    previous = state.day
    if groups["y"]:
        years = [int(groups["y"])]
    else:
        base = previous.year if previous else state.competition.season
        if base is None:
            raise ValueError(f"date {match.group(0)!r} has no year, and none was given before it")
        years = [base - 1, base, base + 1] if previous else [base, base + 1]
    candidates = []
    for year in years:
        try:
            candidates.append(date(year, month, day_of_month))
        except ValueError:
            continue
    if not candidates:
        raise ValueError(f"no such date: {match.group(0)!r}")
    fitting = [c for c in candidates if weekday is None or c.weekday() == weekday]
    pool = fitting or candidates
    chosen = pool[0] if previous is None else min(pool, key=lambda c: abs((c - previous).days))
    warning = None
    if weekday is not None and chosen.weekday() != weekday:
        warning = f"weekday {weekday_text!r} does not match {chosen.isoformat()} (a {chosen:%A})"
    return chosen, warning
