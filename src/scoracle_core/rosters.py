"""Roster resolution: who is expected in a game, before it is played (the plan's option 1).

Rosters come from the sport's API through its plugin (``GameStatsSource.fetch_roster``), cached
24 hours by the client so a team's roster costs one call a day however many games it plays, and
refreshed after that (trades). They are stored per game in ``game_rosters`` (source
``roster``); who actually played is stored after the game from the box score (source
``boxscore``, the plan's option 2). The ``roster`` strategy seeds the pre-resolved roster; the
``boxscore`` and ``game`` strategies need none (hybrid: rosters where wanted, box scores always).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from scoracle_core.model import Game, Player, RosterEntry, RosterSource
from scoracle_core.plugins import Sports
from scoracle_core.seeding import Fetch, stats_source
from scoracle_core.store.base import Store

__all__ = ["resolve_rosters"]

log = logging.getLogger(__name__)


async def resolve_rosters(
    store: Store, sports: Sports, fetch_for: Callable[[str], Fetch], games: Sequence[Game]
) -> int:
    """Fetch the two teams' rosters of each game and store them as its expected participants.

    Returns the number of roster entries written. A team whose sport has no stats source, or
    whose API id is unknown, is skipped (logged). Players are upserted with their API ids.
    """
    written = 0
    rosters: dict[tuple[str, int, str], list[Player]] = {}
    for game in games:
        adapter = sports.get(game.sport)
        source = stats_source(adapter)
        if source is None or game.id is None:
            continue
        league = sports.league(game.sport, game.league)
        catalog = adapter.catalog()
        entries: list[RosterEntry] = []
        players: list[Player] = []
        for team_id in game.team_ids:
            api_id = catalog.get(team_id).api_id
            if api_id is None:
                log.warning("rosters.skipped team=%s reason='no API id'", team_id)
                continue
            key = (game.sport, game.season, team_id)
            if key not in rosters:
                fetched = await source.fetch_roster(
                    fetch_for(game.sport), league=league, season=game.season, team_api_id=api_id
                )
                rosters[key] = [_on_team(p, team_id) for p in fetched]
            players.extend(rosters[key])
            entries.extend(
                RosterEntry(game_id=game.id, player_id=p.id, team_id=team_id, source=RosterSource.ROSTER)
                for p in rosters[key]
            )
        async with store.transaction():
            await store.upsert_players(players)
            await store.upsert_roster_entries(entries)
        written += len(entries)
    return written


def _on_team(player: Player, team_id: str) -> Player:
    if player.team_id == team_id:
        return player
    return Player(
        id=player.id,
        sport=player.sport,
        name=player.name,
        api_id=player.api_id,
        team_id=team_id,
        position=player.position,
    )
