"""``football-apisports-json``: a saved API-Football v3 ``fixtures`` answer read as a schedule file.

The body of ``fixtures?league=L&season=S`` (a whole league-season in one page; a
``fixtures?date=D`` answer of every competition reads too) as the API returns it, envelope
included. Each item becomes a row with:

* ``start_at`` from ``fixture.timestamp`` (else the ISO ``fixture.date`` with its offset);
* home/away as the API team ids (``"42"``), which the resolver maps through the catalog's
  ``api_id``; ``external_id`` the fixture id;
* status from ``fixture.status.short``: ``FT``/``AET``/``PEN`` (and the awarded ``AWD``/``WO``)
  completed with ``goals``, ``PST`` postponed, ``CANC``/``ABD`` cancelled, anything else
  scheduled (a live game's score is not kept);
* league from ``league.id`` → our league key; fixtures of competitions this plugin does not
  cover are skipped, counted in one warning;
* ``season`` from ``league.season``; ``week`` and ``game_type`` from ``league.round``:
  "Regular Season - 11" is week 11 of the regular season, a knock-out round ("Play-offs",
  "Round of 16", "Semi-finals", "Final" …) is a playoff, any other round regular;
* ``venue`` from ``fixture.venue.name``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

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
from scoracle_core.sport import League
from scoracle_football.transforms import FixtureReport, fixture_report

__all__ = ["FORMAT", "ApiSportsJson", "game_type_of", "week_of"]

FORMAT = "football-apisports-json"

_REGULAR = re.compile(r"\s*regular\s+season\s*(?:-\s*(\d{1,3}))?\s*", re.IGNORECASE)
_KNOCKOUT = re.compile(
    r"play-?offs?|final|round\s+of\s+\d+|round\s+one|knock-?out|wild\s*card|conference|"
    r"semi|quarter|relegation|championship|elimination",
    re.IGNORECASE,
)
_SNIFFER = ListingSniffer(endpoint="fixtures", shape=(r'"fixture"\s*:\s*\{', r'"goals"\s*:'))


def game_type_of(round_name: str | None) -> str:
    """``"Regular Season - 11"`` → regular, a knock-out round → playoff, anything else regular."""
    if round_name is None or _REGULAR.fullmatch(round_name):
        return "regular"
    return "playoff" if _KNOCKOUT.search(round_name) else "regular"


def week_of(round_name: str | None) -> int | None:
    """The matchday of a regular-season round (``"Regular Season - 11"`` → 11), else ``None``."""
    match = _REGULAR.fullmatch(round_name) if round_name else None
    return int(match[1]) if match and match[1] else None


def _member(obj: object, key: str) -> object:
    return obj.get(key) if isinstance(obj, dict) else None


def _text(obj: object, key: str, path: str) -> str | None:
    value = _member(obj, key)
    if value is None or isinstance(value, str):
        return value
    raise PayloadError(f"expected a string, got {type(value).__name__}", path=f"{path}.{key}")


def _int(obj: object, key: str, path: str) -> int | None:
    value = _member(obj, key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 6:
        return int(value)
    raise PayloadError(f"expected an integer, got {type(value).__name__}", path=f"{path}.{key}")


class ApiSportsJson:
    """A saved API-Football ``fixtures`` answer (see the module docstring).

    ``leagues`` are the plugin's leagues: their ``api_id`` maps ``league.id`` to a league key.
    """

    name = FORMAT
    sport = "football"
    description = "API-Football v3 fixtures answer (fixtures?league=L&season=S) saved as JSON; times UTC"

    def __init__(self, leagues: Iterable[League]) -> None:
        self._leagues: Mapping[int, str] = {int(lg.api_id): lg.key for lg in leagues}

    def sniff(self, head: str, filename: str) -> float:
        """High for an API-Sports envelope answering ``fixtures`` whose items have a ``fixture``."""
        try:
            return _SNIFFER.score(head)
        except Exception:  # the contract: sniffing never raises, whatever the head holds
            return 0.0

    def parse(self, text: str, *, source: str) -> Iterator[RawGame | Problem]:
        """Fixtures in answer order; unreadable items as problems; other competitions skipped."""
        listing = read_listing(text, endpoint="fixtures", source=source)
        yield from listing.problems
        others: Counter[str] = Counter()
        for where, item in listing.items:
            try:
                report = fixture_report(item, request="fixtures", path=where)
                league = self._leagues.get(report.league_api_id) if report.league_api_id is not None else None
                if league is None:
                    others[str(report.league_api_id)] += 1
                    continue
                yield self._row(item, where, league, report)
            except (PayloadError, ValueError, OverflowError, OSError) as exc:  # OSError: a wild timestamp
                yield item_problem(exc, where, source=source)
        yield from skipped_leagues(others, source=source, api="API-Football")

    @staticmethod
    def _row(item: object, where: str, league: str, report: FixtureReport) -> RawGame:
        league_obj = _member(item, "league")
        venue = _member(_member(item, "fixture"), "venue")
        round_name = _text(league_obj, "round", f"{where}.league")
        status, home_score, away_score = row_status(report.status, report.home_goals, report.away_goals)
        return RawGame(
            where=where,
            home=str(report.home_api_id),
            away=str(report.away_api_id),
            start_at=report.start_at,
            league=league,
            season=checked_season(_int(league_obj, "season", f"{where}.league"), f"{where}.league.season"),
            venue=(_text(venue, "name", f"{where}.fixture.venue") or "").strip(),
            game_type=game_type_of(round_name),
            week=week_of(round_name),
            external_id=str(report.fixture_id),
            status=status,
            home_score=home_score,
            away_score=away_score,
        )
