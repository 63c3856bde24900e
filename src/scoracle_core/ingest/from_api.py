"""``aingest_from_api``: a season's schedule straight from API-Sports, through the whole ingest pipeline.

For each league of the sport (or the one asked for) the sport's stats source names the request
that lists the league-season's games (``season_schedule_request``, an optional capability of
:mod:`scoracle_core.seeding`) and the schedule format that reads its answer. The answers are
fetched through the client (rate limits, retries, accounting), saved as one API-Sports envelope
file and ingested by :func:`~scoracle_core.ingest.pipeline.aingest_schedule` with that format:
the same validation, team resolution (API team ids through the catalog's ``api_id``),
reconciliation, report and all-or-nothing write as for any schedule file.

Decision: the leagues' listings are merged into **one** file and ingested in **one** call, so a
sport with several leagues (football) gets one report and one transaction — either every
league's games are stored or, when a listing is rejected, none are. The report's ``source``
names the requests (``nba API games?league=standard&season=2024``) unless ``save_dir`` keeps the
file, in which case it is that file (re-ingestible with ``--file``).
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from scoracle_core.client.envelope import Envelope, params_query
from scoracle_core.errors import ConfigError, PluginError
from scoracle_core.ingest.pipeline import aingest_schedule
from scoracle_core.ingest.report import IngestReport, ScheduleRejected
from scoracle_core.ingest.validate import DEFAULT_GAME_TYPES
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.seeding import ScheduleRequest, season_schedule_request, stats_source
from scoracle_core.sport import League

if TYPE_CHECKING:
    from scoracle_core.client import ApiClient
    from scoracle_core.store import Store

__all__ = ["aingest_from_api", "listing_filename"]

log = logging.getLogger(__name__)


def listing_filename(sport: str, season: int, league: str | None = None) -> str:
    """``nba-standard-2024.apisports.json`` (one league), ``football-2024.apisports.json`` (several)."""
    return f"{sport}-{league}-{season}.apisports.json" if league else f"{sport}-{season}.apisports.json"


def _requests(
    sports: Sports, sport: str, season: int, league: str | None
) -> list[tuple[League, ScheduleRequest]]:
    adapter = sports.get(sport)
    leagues = [sports.league(adapter.key, league)] if league else list(adapter.leagues.values())
    source = stats_source(adapter)
    found = [(lg, season_schedule_request(source, lg, season)) for lg in leagues] if source else []
    requests = [(lg, request) for lg, request in found if request is not None]
    if not requests or len(requests) < len(leagues):
        raise ConfigError(
            f"the {adapter.key} plugin cannot list a season's games from the API "
            "(its stats source has no season_schedule_request); ingest a schedule file instead"
        )
    formats = {request[2] for _, request in requests}
    if len(formats) > 1:
        raise PluginError(
            f"{adapter.key}: season listings need several formats ({', '.join(sorted(formats))})"
        )
    return requests


async def _fetch(client: ApiClient, sport: str, endpoint: str, params: dict[str, str | int]) -> Envelope:
    """One listing; API-Football pages when it must (a league-season normally fits one page)."""
    first = await client.get(sport, endpoint, params)
    total = first.paging.total if first.paging is not None else 1
    pages = [first]
    for number in range(2, total + 1):
        pages.append(await client.get(sport, endpoint, {**params, "page": number}))
    return Envelope.merge(pages) if len(pages) > 1 else first


def _body(endpoint: str, envelopes: list[Envelope]) -> dict[str, Any]:
    """One API-Sports envelope holding every listing's items, in league order."""
    items: list[Any] = []
    for envelope in envelopes:
        items.extend(envelope.items)
    body: dict[str, Any] = {
        "get": endpoint,
        "parameters": dict(envelopes[0].parameters) if len(envelopes) == 1 else [],
        "errors": [],
        "results": len(items),
    }
    if any(envelope.paging is not None for envelope in envelopes):
        body["paging"] = {"current": 1, "total": 1}
    body["response"] = items
    return body


def _relabel(report: IngestReport, path: str, label: str) -> IngestReport:
    problems = tuple(attrs.evolve(p, source=label) if p.source == path else p for p in report.problems)
    return attrs.evolve(report, source=label, problems=problems)


async def aingest_from_api(
    store: Store,
    client: ApiClient,
    *,
    sport: str,
    season: int,
    league: str | None = None,
    sports: Sports | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    game_types: Iterable[str] = DEFAULT_GAME_TYPES,
    save_dir: str | Path | None = None,
    now: datetime | None = None,
) -> IngestReport:
    """Ingest ``sport``'s ``season`` (every league, or ``league``) from the API into ``store``.

    One API call per league (more only if API-Football pages a listing). ``dry_run``,
    ``skip_invalid`` and ``game_types`` behave as for :func:`aingest_schedule`; ``save_dir``
    keeps the merged listing there as ``<sport>[-<league>]-<season>.apisports.json`` (default:
    a temporary file, removed). Returns one :class:`IngestReport` for all the leagues.

    Raises :class:`ScheduleRejected` when the listings are refused (nothing stored), the
    client's :class:`~scoracle_core.errors.ApiError` subclasses when a call fails (nothing
    stored), and ``ConfigError`` when the sport's plugin cannot list a season.
    """
    sports = sports if sports is not None else load_plugins()
    sport = sports.get(sport).key
    requests = _requests(sports, sport, season, league)
    endpoint, _, format_name = requests[0][1]
    envelopes = [await _fetch(client, sport, request[0], request[1]) for _, request in requests]
    body = _body(endpoint, envelopes)
    if len(requests) == 1:
        label = f"{sport} API {endpoint}?{params_query(envelopes[0].parameters)}"
    else:
        label = f"{sport} API {endpoint}?season={season} for leagues {' '.join(lg.key for lg, _ in requests)}"
    log.info(
        "ingest.from_api sport=%s season=%d leagues=%d games=%d format=%s",
        sport,
        season,
        len(requests),
        len(body["response"]),
        format_name,
    )
    name = listing_filename(sport, season, requests[0][0].key if len(requests) == 1 else None)
    with tempfile.TemporaryDirectory(prefix="scoracle-") as scratch:
        folder = Path(save_dir) if save_dir is not None else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        try:
            report = await aingest_schedule(
                store,
                path,
                sport=sport,
                season=season,
                league=league,
                format=format_name,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                game_types=game_types,
                sports=sports,
                now=now,
            )
        except ScheduleRejected as exc:
            if save_dir is not None:
                raise
            raise ScheduleRejected(_relabel(exc.report, str(path), label)) from None
    return report if save_dir is not None else _relabel(report, str(path), label)
