"""Saved API-Sports schedule listings read as schedule files: the parts every sport shares.

A listing is the raw JSON body of a season's (or a day's) games as API-Sports returns it
(NBA ``games?league=standard&season=S``, NFL ``games?league=1&season=S``, football
``fixtures?league=L&season=S``). Each sport plugin registers a ``*-apisports-json``
:class:`~scoracle_core.ingest.formats.ScheduleFormat` that reads its API's items; this module
reads the envelope around them, sniffs a file's head, and maps the API's statuses to row
statuses. Pure functions: no I/O, nothing raises on bad input.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from scoracle_core.errors import PayloadError
from scoracle_core.ingest.formats import Problem, RowStatus
from scoracle_core.model import GameStatus

__all__ = [
    "MAX_SCORE",
    "Listing",
    "ListingSniffer",
    "checked_season",
    "item_problem",
    "read_listing",
    "row_status",
    "skipped_leagues",
]

#: Seasons a listing may name (the ingest pipeline accepts the same range from callers).
MIN_SEASON, MAX_SEASON = 1850, 2200
#: A score above this is corrupt data in any sport we cover.
MAX_SCORE = 999


@attrs.frozen(kw_only=True)
class Listing:
    """The items of a listing's ``response`` with their JSON paths, or why there are none."""

    items: tuple[tuple[str, object], ...] = ()  # ("$.response[3]", item)
    problems: tuple[Problem, ...] = ()


def _file_problem(message: str, code: str, source: str) -> Listing:
    return Listing(problems=(Problem(where="", message=message, source=source, code=code),))


def _has_errors(errors: object) -> bool:
    """``errors`` is ``[]`` (or ``{}``) on success, an object keyed by topic otherwise (API_FACTS §1.2)."""
    return bool(errors) if isinstance(errors, list | dict) else errors is not None


def read_listing(text: str, *, endpoint: str, source: str = "") -> Listing:
    """The items of an API-Sports envelope answering ``endpoint`` (``"games"``, ``"fixtures"``).

    A file that is not JSON, is an answer to another endpoint, carries API ``errors`` or has no
    ``response`` list gives one file-wide problem (naming ``source``) and no items.
    """
    try:
        body: Any = json.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        return _file_problem(f"not a JSON API-Sports answer: {str(exc)[:120]}", "bad-json", source)
    if not isinstance(body, dict) or "response" not in body:
        message = "not an API-Sports answer (expected an object with 'get' and 'response')"
        return _file_problem(message, "bad-json", source)
    asked = body.get("get")
    if not isinstance(asked, str) or asked.strip().strip("/") != endpoint:
        message = f"this is an answer to {str(asked)[:60]!r}, not to {endpoint!r} (a schedule listing)"
        return _file_problem(message, "wrong-endpoint", source)
    if _has_errors(body.get("errors")):
        shown = json.dumps(body.get("errors"), ensure_ascii=False)[:200]
        return _file_problem(f"the API answered with errors, not games: {shown}", "api-error", source)
    response = body["response"]
    if not isinstance(response, list):
        return _file_problem(f"'response' is not a list of {endpoint}", "bad-json", source)
    return Listing(items=tuple((f"$.response[{i}]", item) for i, item in enumerate(response)))


def checked_season(value: int | None, path: str) -> int | None:
    """A listing's season (a start year), refused when no real season could be meant."""
    if value is not None and not MIN_SEASON <= value <= MAX_SEASON:
        raise PayloadError(f"impossible season {value}", path=path)
    return value


def item_problem(exc: Exception, where: str, *, source: str = "") -> Problem:
    """A problem for an item a plugin's transform could not read (``PayloadError`` and kin).

    The exception's own path prefix is dropped from the message and named at the end when it
    points inside the item (``… (at $.response[3].status.short)``).
    """
    path = str(getattr(exc, "path", "") or "")
    text = str(exc)
    if path and text.startswith(f"{path}: "):
        text = text[len(path) + 2 :]
    if path and path not in ("$", where):
        text = f"{text} (at {path})"
    return Problem(where=where, message=f"unreadable game: {text}", source=source, code="bad-value")


def row_status(
    status: GameStatus, home_score: int | None, away_score: int | None
) -> tuple[RowStatus, int | None, int | None]:
    """``(row status, home score, away score)`` for a game the API lists with ``status``.

    Finished games are completed with their scores; postponed and cancelled games keep no
    score; everything else (not started, live, delayed) is scheduled, without the live score.
    A negative or absurd score raises :class:`~scoracle_core.errors.PayloadError`.
    """
    for score in (home_score, away_score):
        if score is not None and not 0 <= score <= MAX_SCORE:
            raise PayloadError(f"impossible score {score}")
    if status is GameStatus.COMPLETED:
        return "completed", home_score, away_score
    if status is GameStatus.POSTPONED:
        return "postponed", None, None
    if status is GameStatus.CANCELLED:
        return "cancelled", None, None
    return "scheduled", None, None


def skipped_leagues(counts: Mapping[str, int], *, source: str, api: str) -> Iterable[Problem]:
    """One warning for the items of leagues the plugin does not cover (a listing of every league)."""
    if not counts:
        return ()
    total = sum(counts.values())
    leagues = ", ".join(f"{league} ({n})" for league, n in sorted(counts.items()))
    return (
        Problem(
            where="",
            message=f"skipped {total} games of {api} leagues this sport does not cover: {leagues}",
            source=source,
            severity="warning",
            code="other-league",
        ),
    )


@functools.lru_cache(maxsize=64)
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


@attrs.frozen(kw_only=True)
class ListingSniffer:
    """Scores the head of a file (maybe cut short, so not parsed) as one API's listing.

    * ``endpoint``: the ``get`` the envelope must echo (nothing else scores above zero);
    * ``shape``: regexes every one of which the head of a non-empty listing of this API matches;
    * ``foreign``: regexes of another API's items under the same endpoint (NBA vs NFL ``games``);
    * ``hint``: a regex for an empty listing (its echoed parameters, e.g. ``"league": "standard"``).
    """

    endpoint: str
    shape: Sequence[str]
    foreign: Sequence[str] = ()
    hint: str | None = None

    def score(self, head: str) -> float:
        """0 for other files; about 0.95 for a listing of this API, 0.6-0.65 for an empty one."""
        if not _pattern(rf'"get"\s*:\s*"/?{re.escape(self.endpoint)}/?"').search(head):
            return 0.0
        if any(_pattern(p).search(head) for p in self.foreign):
            return 0.2
        score = 0.55
        if _pattern(r'"response"\s*:\s*\[').search(head):
            score += 0.05
        if self.shape and all(_pattern(p).search(head) for p in self.shape):
            score += 0.35
        elif self.hint is not None and _pattern(self.hint).search(head):
            score += 0.05
        return score
