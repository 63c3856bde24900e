"""``scoracle ingest-schedule`` and ``scoracle formats``: schedule files (or the API's season
listings, ``--from-api``) into the store."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.table import Table

from scoracle_core.cli.app import Context, run_async
from scoracle_core.ingest.detect import available_formats
from scoracle_core.ingest.formats import Problem
from scoracle_core.ingest.pipeline import aingest_schedule
from scoracle_core.ingest.report import IngestReport, ScheduleRejected
from scoracle_core.ingest.validate import DEFAULT_GAME_TYPES
from scoracle_core.ingest.values import parse_season

if TYPE_CHECKING:  # click >= 8.2 makes ParamType generic; 8.1 (still allowed) does not
    _ParamType = click.ParamType[int, Any]
else:
    _ParamType = click.ParamType


class SeasonType(_ParamType):
    """A season as its start year: ``2024``, ``2024-25``."""

    name = "season"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            return parse_season(value if isinstance(value, int) else str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def _formats_rows(obj: Context, sport: str | None) -> list[dict[str, str]]:
    key = obj.sports.get(sport).key if sport else None
    return [
        {"name": f.name, "sport": f.sport or "any", "description": f.description}
        for f in available_formats(obj.sports, key)
    ]


def _print_formats(obj: Context, sport: str | None, as_json: bool) -> None:
    rows = _formats_rows(obj, sport)
    if as_json:
        obj.print_json(rows)
        return
    table = Table(title="Schedule formats (--format NAME; detected automatically when omitted)")
    for col in ("name", "sport", "description"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(row["name"], row["sport"], row["description"])
    obj.out.print(table)


def _print_problem(obj: Context, problem: Problem) -> None:
    style = "yellow" if problem.severity == "warning" else "red"
    obj.err.print(f"[{style}]{problem}[/{style}]", markup=True, highlight=False, soft_wrap=True)


def _print_report(obj: Context, report: IngestReport, *, rejected: bool) -> None:
    for problem in report.problems:
        _print_problem(obj, problem)
    if rejected:
        obj.err.print(f"[red bold]rejected:[/red bold] {report.summary()}; nothing stored", soft_wrap=True)
        obj.err.print(
            "fix the rows above, or pass --skip-invalid to store the valid rows and list the rest",
            soft_wrap=True,
        )
        return
    for change in report.changes:
        obj.out.print(
            f"{change.where}: {change.action} game {change.game_id}: {change.detail}", soft_wrap=True
        )
    table = Table(
        title=report.summary().split(":", 1)[0] + (" — dry run, nothing stored" if report.dry_run else "")
    )
    table.add_column("outcome")
    table.add_column("games", justify="right")
    for name, count in report.counts().items():
        label = f"{name} ({report.moved} moved)" if name == "updated" and report.moved else name
        table.add_row(label, str(count))
    for reason, count in report.skipped_reasons.items():
        table.add_row(f"  skipped: {reason}", str(count))
    for label, count in (
        ("tasks re-planned", report.tasks_replanned),
        ("tasks cancelled", report.tasks_cancelled),
        ("tasks restored", report.tasks_restored),
    ):
        if count:
            table.add_row(label, str(count))
    obj.out.print(table)
    scope = f"{report.sport} {', '.join(report.leagues)} {', '.join(map(str, report.seasons))}".strip()
    obj.out.print(f"format {report.format}; {scope}", soft_wrap=True)


@click.command("ingest-schedule")
@click.option(
    "--file", "path", type=click.Path(path_type=Path), default=None, help="The schedule file (CSV, JSON, …)."
)
@click.option("--sport", default=None, help="nba, nfl, football … (may be omitted when the format names it).")
@click.option("--season", type=SeasonType(), default=None, help="Season start year (2024 or 2024-25).")
@click.option("--league", default=None, help="League key (football: premier-league, mls, …).")
@click.option("--timezone", default=None, help="IANA zone of times in files that do not state one.")
@click.option(
    "--format", "format_name", default=None, help="Format name (detected when omitted); 'list' lists them."
)
@click.option(
    "--game-types",
    default=",".join(sorted(DEFAULT_GAME_TYPES)),
    show_default=True,
    help="Comma-separated game types to ingest (others are skipped): add preseason, allstar …",
)
@click.option("--dry-run", is_flag=True, help="Validate and compare with the store; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Store the valid rows and list the others.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--from-api",
    is_flag=True,
    help="Fetch the season's games from API-Sports instead of a file (needs --sport and --season; "
    "key in $API_SPORTS_KEY).",
)
@click.option(
    "--api-base",
    "api_bases",
    multiple=True,
    metavar="SPORT=URL",
    help="With --from-api: base URL of a sport's API (e.g. a running `scoracle sim serve`); repeatable.",
)
@click.option(
    "--plan-name",
    "plan_name",
    default="pro",
    show_default=True,
    type=click.Choice(["free", "pro", "ultra", "mega"]),
    help="With --from-api: your API-Sports plan (sets the rate limits).",
)
@click.option(
    "--save-listing",
    "save_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="With --from-api: keep the fetched listing in this folder (re-ingestible with --file).",
)
@click.pass_obj
def ingest_schedule(
    obj: Context,
    path: Path | None,
    sport: str | None,
    season: int | None,
    league: str | None,
    timezone: str | None,
    format_name: str | None,
    game_types: str,
    dry_run: bool,
    skip_invalid: bool,
    as_json: bool,
    from_api: bool,
    api_bases: tuple[str, ...],
    plan_name: str,
    save_dir: Path | None,
) -> None:
    """Ingest a schedule file (or, with --from-api, the season's games as API-Sports lists them):
    validate every row, store the games (all or nothing).

    Exit status 1 when the schedule is rejected (every problem is listed).
    """
    if format_name == "list":
        _print_formats(obj, sport, as_json)
        return
    if from_api:
        _check_from_api(path, sport, season, timezone, format_name)
    elif path is None:
        raise click.UsageError("--file is required (or --from-api, or --format list)")
    elif api_bases or save_dir is not None:
        raise click.UsageError("--api-base and --save-listing only apply with --from-api")
    types = tuple(t.strip() for t in game_types.split(",") if t.strip())
    if sport is not None:
        sport = obj.sports.get(sport).key  # an unknown sport fails before the store is opened
        if league is not None:
            league = obj.sports.league(sport, league).key
    bases = _api_bases(api_bases)

    async def go() -> IngestReport:
        store = await obj.open_store()
        try:
            if from_api:
                # Here only: the HTTP client is the slowest import of all (aiohttp).
                from scoracle_core.client import ApiClient, ClientConfig
                from scoracle_core.ingest.from_api import aingest_from_api

                assert sport is not None
                assert season is not None
                config = ClientConfig(base_urls=bases, plan=plan_name)
                async with ApiClient(obj.sports, config=config, store=store) as client:
                    return await aingest_from_api(
                        store,
                        client,
                        sport=sport,
                        season=season,
                        league=league,
                        sports=obj.sports,
                        dry_run=dry_run,
                        skip_invalid=skip_invalid,
                        game_types=types,
                        save_dir=save_dir,
                    )
            assert path is not None
            return await aingest_schedule(
                store,
                path,
                sport=sport,
                season=season,
                league=league,
                timezone=timezone,
                format=format_name,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                game_types=types,
                sports=obj.sports,
            )
        finally:
            await store.close()

    try:
        report = run_async(go)
    except ScheduleRejected as exc:
        if as_json:
            obj.print_json({**exc.report.to_dict(), "accepted": False})
        else:
            _print_report(obj, exc.report, rejected=True)
        sys.exit(1)
    if as_json:
        obj.print_json({**report.to_dict(), "accepted": True})
    else:
        _print_report(obj, report, rejected=False)


def _check_from_api(
    path: Path | None, sport: str | None, season: int | None, timezone: str | None, format_name: str | None
) -> None:
    if path is not None:
        raise click.UsageError("--from-api and --file are mutually exclusive")
    if sport is None or season is None:
        raise click.UsageError("--from-api needs --sport and --season")
    if format_name is not None:
        raise click.UsageError("--format does not apply to --from-api (the sport's plugin names it)")
    if timezone is not None:
        raise click.UsageError("--timezone does not apply to --from-api (the API gives UTC times)")


def _api_bases(items: tuple[str, ...]) -> dict[str, str]:
    bases: dict[str, str] = {}
    for item in items:
        sport, sep, url = item.partition("=")
        if not sep or not sport.strip() or not url.strip():
            raise click.BadParameter(f"expected SPORT=URL, got {item!r}", param_hint="--api-base")
        bases[sport.strip()] = url.strip()
    return bases


@click.command("formats")
@click.option("--sport", default=None, help="Only the formats of this sport (and sport-neutral ones).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def formats(obj: Context, sport: str | None, as_json: bool) -> None:
    """List the schedule formats the core and the installed plugins can read."""
    _print_formats(obj, sport, as_json)
