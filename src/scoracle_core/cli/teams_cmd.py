"""``scoracle teams``: list the catalog, resolve names, add user aliases."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.table import Table

from scoracle_core.cli.app import Context, run_async
from scoracle_core.errors import TeamResolutionError
from scoracle_core.runtime import resolver_for
from scoracle_core.teams import TeamResolver


@click.group()
def teams() -> None:
    """Team catalogs and name resolution."""


@teams.command("list")
@click.option("--sport", required=True, help="nba, nfl, football …")
@click.option("--league", default=None, help="League key (football: premier-league, mls, …).")
@click.option("--season", type=int, default=None, help="Season (start year; MLS calendar year).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_teams(obj: Context, sport: str, league: str | None, season: int | None, as_json: bool) -> None:
    """List the teams of a sport (league, season)."""
    adapter = obj.sports.get(sport)
    if league is not None:
        league = obj.sports.league(sport, league).key
    found = adapter.catalog().in_league(league, season)
    rows: list[dict[str, Any]] = [
        {
            "team_id": t.id,
            "name": t.name,
            "short_name": t.short_name,
            "abbreviation": t.abbreviation,
            "api_id": t.api_id,
            "leagues": sorted(t.leagues),
        }
        for t in found
    ]
    if as_json:
        obj.print_json(rows)
        return
    title = f"{adapter.name} teams" + (f" — {league}" if league else "") + (f" {season}" if season else "")
    table = Table(title=f"{title} ({len(rows)})")
    for col in ("team_id", "name", "abbr", "api id", "leagues"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["team_id"], r["name"], r["abbreviation"], str(r["api_id"] or ""), ", ".join(r["leagues"])
        )
    obj.out.print(table)


def _resolve_all(resolver: TeamResolver, names: tuple[str, ...], league: str | None) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    for name in names:
        try:
            res = resolver.resolve(name, league=league)
        except TeamResolutionError as exc:
            results.append(
                {
                    "input": name,
                    "ok": False,
                    "error": str(exc),
                    "candidates": [
                        {"team_id": tid, "name": cname, "score": round(score, 1)}
                        for tid, cname, score in exc.candidates
                    ],
                }
            )
        else:
            results.append(
                {
                    "input": name,
                    "ok": True,
                    "team_id": res.team_id,
                    "name": res.team.name,
                    "match": res.match,
                    "score": round(res.score, 1),
                }
            )
    return results


@teams.command()
@click.option("--sport", required=True)
@click.option("--league", default=None)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per name, in order.")
@click.argument("names", nargs=-1, required=True)
@click.pass_obj
def resolve(obj: Context, sport: str, league: str | None, as_json: bool, names: tuple[str, ...]) -> None:
    """Resolve team NAMES; exit status 1 if any fails."""
    if league is not None:
        league = obj.sports.league(sport, league).key

    async def go() -> list[dict[str, Any]]:
        store = await obj.open_store()
        try:
            resolver = await resolver_for(obj.sports, sport, store=store)
        finally:
            await store.close()
        return _resolve_all(resolver, names, league)

    results = run_async(go)
    if as_json:
        obj.print_json(results)
    else:
        for r in results:
            if r["ok"]:
                obj.out.print(f"{r['input']!r} → {r['team_id']} {r['name']} ({r['match']})")
            else:
                obj.err.print(f"[red]✗[/red] {r['error']}")
    if not all(r["ok"] for r in results):
        sys.exit(1)


@teams.command("add-alias")
@click.option("--sport", required=True)
@click.option("--league", default=None, help="Only within this league.")
@click.argument("alias")
@click.argument("team")
@click.pass_obj
def add_alias(obj: Context, sport: str, league: str | None, alias: str, team: str) -> None:
    """Make ALIAS resolve to TEAM (a team id like nba:lal, or any name that resolves).

    The override is stored in the store's team_aliases table and wins over the catalog.
    """
    if league is not None:
        league = obj.sports.league(sport, league).key

    async def go() -> str:
        store = await obj.open_store()
        try:
            resolver = await resolver_for(obj.sports, sport, store=store)
            team_id = team if team in resolver.catalog else resolver.resolve_id(team, league=league)
            resolver.add_override(alias, team_id, league=league)
            await store.add_team_alias(sport=resolver.sport, alias=alias, team_id=team_id, league=league)
            return team_id
        finally:
            await store.close()

    team_id = run_async(go)
    obj.out.print(f"{alias!r} → {team_id}" + (f" in {league}" if league else ""))
