"""Turn a plugin's bundled schedule files into games for the simulated world.

The plugin hands over its adapter (whose optional ``bundled_schedules()`` lists the files, see
:func:`scoracle_core.sport.bundled_schedules`) and its schedule formats;
rows are parsed and validated by the ingest pipeline's own :class:`RowValidator`, so the world
holds the same games an ingestion of those files would store. Rows the validator rejects are
left out (logged at debug level): the simulator is not the place to report schedule problems.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from scoracle_core.ingest.formats import RawGame, ScheduleFormat
from scoracle_core.model import Game
from scoracle_core.sport import SportAdapter, bundled_schedules
from scoracle_core.teams import TeamResolver

__all__ = ["games_from_bundled"]

log = logging.getLogger(__name__)


def games_from_bundled(adapter: SportAdapter, formats: Iterable[ScheduleFormat]) -> list[Game] | None:
    """Every valid game of the adapter's bundled schedules (regular season, playoffs, play-in, cup
    final), or ``None`` when it ships none."""
    from scoracle_core.ingest.validate import DEFAULT_GAME_TYPES, Candidate, RowValidator

    files = bundled_schedules(adapter)
    if not files:
        return None
    by_name = {fmt.name: fmt for fmt in formats}
    resolver = TeamResolver(adapter.catalog())
    games: list[Game] = []
    for item in files:
        fmt = by_name.get(item.format)
        if fmt is None:
            log.debug("sim.bundled.unknown_format sport=%s format=%s", adapter.key, item.format)
            continue
        league = adapter.leagues.get(item.league)
        if league is None and len(adapter.leagues) == 1:
            league = next(iter(adapter.leagues.values()))
        validator = RowValidator(
            adapter=adapter,
            resolver=resolver,
            league=league,
            season=item.season,
            timezone=None,
            game_types=DEFAULT_GAME_TYPES,
        )
        name = item.file.name
        rejected = 0
        for row in fmt.parse(item.file.read_text(encoding="utf-8"), source=name):
            if not isinstance(row, RawGame):
                continue
            checked = validator.check(row)
            if isinstance(checked, Candidate):
                games.append(checked.game)
            elif checked:
                rejected += 1
        log.debug(
            "sim.bundled.read sport=%s file=%s games=%d rejected=%d", adapter.key, name, len(games), rejected
        )
    return games
