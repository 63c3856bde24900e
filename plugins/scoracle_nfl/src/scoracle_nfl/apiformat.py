"""``nfl-apisports-json``: a saved API-American-Football v1 ``games`` answer read as a schedule file.

The body of ``games?league=1&season=S`` (the whole season; ``games?…&date=D`` reads too) as the
API returns it, envelope included. Each item becomes a row with:

* ``start_at`` from ``game.date.timestamp`` (else ``date`` + ``time`` in UTC, API_FACTS §4.3);
* home/away as the API team ids (``"8"``), which the resolver maps through the catalog's
  ``api_id``; ``external_id`` the API game id;
* status from ``game.status.short``: ``FT``/``AOT`` completed (with ``scores.*.total``), ``PST``
  postponed, ``CANC`` cancelled, anything else scheduled (a live game's score is not kept);
* ``game_type`` from ``game.stage``: "Regular Season" regular, "Post Season" playoff, "Pre
  Season" (and the Hall of Fame game) preseason; another stage is passed on as written, which
  ingestion skips and counts;
* ``week`` from "Week N" (post-season rounds have names, not numbers: no week);
* ``season`` from ``league.season``, ``venue`` from ``game.venue.name``, league ``nfl``; items of
  another league (2 = NCAA) are skipped, counted in one warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping

from scoracle_core.errors import PayloadError
from scoracle_core.ingest.apilisting import (
    ListingSniffer,
    checked_season,
    item_problem,
    read_listing,
    row_status,
    skipped_leagues,
)
from scoracle_core.ingest.formats import Problem, RawGame
from scoracle_core.pluginkit.payload import as_dict, field, opt_dict, opt_int_field, opt_str_field
from scoracle_nfl.transforms import discovered_game

__all__ = ["FORMAT", "LEAGUES", "STAGES", "ApiSportsJson", "game_type_of", "week_of"]

FORMAT = "nfl-apisports-json"
#: API league id → our league key (1 = NFL; 2, the NCAA, is not covered).
LEAGUES: Mapping[int, str] = {1: "nfl"}
#: ``game.stage`` (lower-cased, without spaces or dashes) → game type.
STAGES: Mapping[str, str] = {
    "regularseason": "regular",
    "postseason": "playoff",
    "preseason": "preseason",
    "halloffame": "preseason",
    "halloffameweekend": "preseason",
}

_WEEK = re.compile(r"\s*week\s*(\d{1,2})\s*", re.IGNORECASE)
_SNIFFER = ListingSniffer(
    endpoint="games",
    shape=(r'"game"\s*:\s*\{', r'"quarter_1"\s*:'),
    foreign=(r'"visitors"\s*:', r'"fixture"\s*:\s*\{'),
    hint=r'"league"\s*:\s*"?1"?\s*[,}]',
)


def game_type_of(stage: str | None) -> str:
    """The game type of a ``game.stage`` (``None``: regular)."""
    if stage is None or not stage.strip():
        return "regular"
    key = re.sub(r"[\s_\-]+", "", stage.casefold())
    return STAGES.get(key, stage.strip())


def week_of(week: str | None) -> int | None:
    """``"Week 3"`` → 3; a named round ("Wild Card") or nothing → ``None``."""
    match = _WEEK.fullmatch(week) if week else None
    return int(match[1]) if match else None


class ApiSportsJson:
    """A saved API-American-Football ``games`` answer (see the module docstring)."""

    name = FORMAT
    sport = "nfl"
    description = "API-American-Football v1 games answer (games?league=1&season=S) saved as JSON; times UTC"

    def sniff(self, head: str, filename: str) -> float:
        """High for an API-Sports envelope answering ``games`` whose items have a ``game`` object."""
        try:
            return _SNIFFER.score(head)
        except Exception:  # the contract: sniffing never raises, whatever the head holds
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Games in answer order; unreadable items as problems; other leagues skipped."""
        listing = read_listing(text, endpoint="games", source=source)
        yield from listing.problems
        others: Counter[str] = Counter()
        for where, item in listing.items:
            try:
                obj = as_dict(item, where)
                league_obj = opt_dict(obj, "league", where) or {}
                league_id = opt_int_field(league_obj, "id", f"{where}.league")
                league = LEAGUES.get(1 if league_id is None else league_id)
                if league is None:
                    others[str(league_id)] += 1
                    continue
                yield _row(obj, where, league, league_obj)
            except (PayloadError, ValueError, OverflowError, OSError) as exc:  # OSError: a wild timestamp
                yield item_problem(exc, where, source=source)
        yield from skipped_leagues(others, source=source, api="API-American-Football")


def _row(obj: Mapping[str, object], where: str, league: str, league_obj: Mapping[str, object]) -> RawGame:
    found = discovered_game(obj, where)
    game = as_dict(field(obj, "game", where), f"{where}.game")
    venue = opt_dict(game, "venue", f"{where}.game") or {}
    status, home_score, away_score = row_status(found.status, found.home_score, found.away_score)
    return RawGame(
        where=where,
        home=str(found.home_api_id),
        away=str(found.away_api_id),
        start_at=found.start_at,
        league=league,
        season=checked_season(
            opt_int_field(league_obj, "season", f"{where}.league"), f"{where}.league.season"
        ),
        venue=(opt_str_field(venue, "name", f"{where}.game.venue") or "").strip(),
        game_type=game_type_of(opt_str_field(game, "stage", f"{where}.game")),
        week=week_of(opt_str_field(game, "week", f"{where}.game")),
        external_id=found.external_id,
        status=status,
        home_score=home_score,
        away_score=away_score,
    )
