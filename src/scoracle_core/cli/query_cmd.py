"""``scoracle query games``: what the store holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from scoracle_core.cli.app import Context, run_async
from scoracle_core.cli.ingest_cmd import SeasonType
from scoracle_core.convert import to_data
from scoracle_core.model import Game, GameStatus
from scoracle_core.runtime import resolver_for
from scoracle_core.store import GameQuery


@click.group()
def query() -> None:
    """Look at what the store holds."""


def _local(game: Game, zone_name: str) -> str:
    from zoneinfo import ZoneInfo

    local = game.start_at.astimezone(ZoneInfo(zone_name))
    return local.strftime("%Y-%m-%d") + (" TBD" if game.time_tbd else local.strftime(" %H:%M %Z"))


@query.command("games")
@click.option("--sport", required=True, help="nba, nfl, football …")
@click.option("--season", type=SeasonType(), default=None, help="Season start year (2024 or 2024-25).")
@click.option("--league", default=None, help="League key (football: premier-league, mls, …).")
@click.option(
    "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="UTC date YYYY-MM-DD."
)
@click.option("--week", type=int, default=None, help="Week number (NFL).")
@click.option("--team", default=None, help="Games of one team (any name that resolves).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([s.value for s in GameStatus]),
    help="Only games in this status (repeatable).",
)
@click.option("--limit", type=int, default=None, help="At most this many games.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@click.pass_obj
def games(
    obj: Context,
    sport: str,
    season: int | None,
    league: str | None,
    day: datetime | None,
    week: int | None,
    team: str | None,
    statuses: tuple[str, ...],
    limit: int | None,
    as_json: bool,
) -> None:
    """List stored games, ordered by start time (UTC and the league's local time)."""
    adapter = obj.sports.get(sport)
    league_key = obj.sports.league(adapter.key, league).key if league else None
    start_from = start_before = None
    if day is not None:
        start_from = datetime.combine(date(day.year, day.month, day.day), time(0), tzinfo=UTC)
        start_before = start_from + timedelta(days=1)

    async def go() -> list[Game]:
        store = await obj.open_store()
        try:
            team_id = None
            if team is not None:
                resolver = await resolver_for(obj.sports, adapter.key, store=store)
                team_id = resolver.resolve_id(team, league=league_key, season=season)
            return await store.find_games(
                GameQuery(
                    sport=adapter.key,
                    league=league_key,
                    season=season,
                    start_from=start_from,
                    start_before=start_before,
                    week=week,
                    team_id=team_id,
                    statuses=tuple(GameStatus(s) for s in statuses) or None,
                    limit=limit,
                )
            )
        finally:
            await store.close()

    found = run_async(go)
    catalog = adapter.catalog()

    def name(team_id: str) -> str:
        return catalog.get(team_id).name if team_id in catalog else team_id

    zones = {key: lg.timezone for key, lg in adapter.leagues.items()}
    if as_json:
        rows: list[dict[str, Any]] = []
        for g in found:
            zone_name = zones.get(g.league, "UTC")
            rows.append(
                {
                    **to_data(g),
                    "home_team": name(g.home_team_id),
                    "away_team": name(g.away_team_id),
                    "local_start": _local(g, zone_name),
                    "timezone": zone_name,
                }
            )
        obj.print_json(rows)
        return
    scope = " ".join(str(x) for x in (adapter.name, league_key, season) if x)
    table = Table(title=f"{scope} games ({len(found)})")
    for col in (
        "id",
        "start (UTC)",
        "local",
        "league",
        "season",
        "week",
        "home",
        "away",
        "venue",
        "status",
        "type",
    ):
        table.add_column(col)
    for g in found:
        table.add_row(
            str(g.id),
            g.start_at.strftime("%Y-%m-%d %H:%M") + (" TBD" if g.time_tbd else ""),
            _local(g, zones.get(g.league, "UTC")),
            g.league,
            str(g.season),
            "" if g.week is None else str(g.week),
            name(g.home_team_id),
            name(g.away_team_id),
            g.venue,
            str(g.status),
            g.game_type,
        )
    # Piped output (``| head``) is not squeezed into 80 columns.
    out = obj.out if obj.out.is_terminal else Console(file=obj.out.file, width=220, highlight=False)
    out.print(table)
