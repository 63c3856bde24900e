"""``nba-apisports-json``: a saved API-NBA v2 ``games`` answer read as a schedule file.

The body of ``games?league=standard&season=S`` (the whole season; ``games?date=D`` reads too)
as the API returns it, envelope included. Each item becomes a row with:

* ``start_at`` from ``date.start`` (UTC, API_FACTS §3.3), so no time-zone guess is made;
* home/away as the API team ids (``"2"``), which the resolver maps through the catalog's
  ``api_id``; ``external_id`` the API game id, so seeding needs no discovery call for it;
* status from ``status.short``: 3 completed (with ``scores.*.points``), 4 postponed, 6
  cancelled, anything else scheduled (a live game's score is not kept);
* ``game_type`` from ``stage``: 1 preseason, 2 regular, 3 playoff, 4 play-in (only 2 is
  confirmed, API_FACTS §3.3); another stage becomes ``stage-N``, which ingestion skips and counts;
* ``season``, ``venue`` (``arena.name``), league ``standard``; items of the API's other leagues
  (summer leagues: ``vegas``, ``utah`` …) are skipped, counted in one warning.
"""

from __future__ import annotations

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
from scoracle_core.pluginkit.payload import as_dict, opt_dict, opt_int_field, opt_str_field
from scoracle_nba.transforms import discovered_game

__all__ = ["FORMAT", "LEAGUE", "STAGES", "ApiSportsJson"]

FORMAT = "nba-apisports-json"
#: API-NBA's league of the NBA proper.
LEAGUE = "standard"
#: ``stage`` → game type.
STAGES: Mapping[int, str] = {1: "preseason", 2: "regular", 3: "playoff", 4: "play-in"}

_SNIFFER = ListingSniffer(
    endpoint="games",
    shape=(r'"visitors"\s*:\s*\{', r'"arena"\s*:'),
    foreign=(r'"quarter_1"\s*:', r'"fixture"\s*:\s*\{'),
    hint=rf'"league"\s*:\s*"{LEAGUE}"',
)


class ApiSportsJson:
    """A saved API-NBA v2 ``games`` answer (see the module docstring)."""

    name = FORMAT
    sport = "nba"
    description = "API-NBA v2 games answer (games?league=standard&season=S) saved as JSON; times UTC"

    def sniff(self, head: str, filename: str) -> float:
        """High for an API-Sports envelope answering ``games`` whose items have NBA ``visitors``."""
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
                league = _league_of(item, where)
                if league != LEAGUE:
                    others[league] += 1
                    continue
                yield _row(item, where)
            except (PayloadError, ValueError, OverflowError) as exc:
                yield item_problem(exc, where, source=source)
        yield from skipped_leagues(others, source=source, api="API-NBA")


def _league_of(item: object, where: str) -> str:
    league = opt_str_field(as_dict(item, where), "league", where)
    return LEAGUE if league is None else league.strip()


def _row(item: object, where: str) -> RawGame:
    found = discovered_game(item, where)
    obj = as_dict(item, where)
    stage = opt_int_field(obj, "stage", where)
    arena = opt_dict(obj, "arena", where) or {}
    status, home_score, away_score = row_status(found.status, found.home_score, found.away_score)
    return RawGame(
        where=where,
        home=str(found.home_api_id),
        away=str(found.away_api_id),
        start_at=found.start_at,
        league=LEAGUE,
        season=checked_season(opt_int_field(obj, "season", where), f"{where}.season"),
        venue=(opt_str_field(arena, "name", f"{where}.arena") or "").strip(),
        game_type="regular" if stage is None else STAGES.get(stage, f"stage-{stage}"),
        external_id=found.external_id,
        status=status,
        home_score=home_score,
        away_score=away_score,
    )
