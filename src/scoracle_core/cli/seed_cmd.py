"""``scoracle plan``, ``generate-tasks``, ``seed-game``, ``seed-games`` and the task commands."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, time, timedelta
from typing import Any

import click
from rich.table import Table

from scoracle_core.cli.app import Context, run_async
from scoracle_core.cli.ingest_cmd import SeasonType
from scoracle_core.clock import SystemClock
from scoracle_core.errors import NotFound
from scoracle_core.model import SeedTask, Strategy, TaskStatus
from scoracle_core.plan import Plan, PlanConfig, aplan_seeds, compare_strategies
from scoracle_core.rosters import resolve_rosters
from scoracle_core.runtime import fetch_for
from scoracle_core.store import GameQuery, Store, TaskQuery
from scoracle_core.worker import RunReport, WorkerConfig

_day = click.DateTime(formats=["%Y-%m-%d"])


def _utc_day(value: datetime | None) -> datetime | None:
    return None if value is None else datetime.combine(value.date(), time(0), tzinfo=UTC)


def _plan_options(fn: Any) -> Any:
    for option in reversed(
        [
            click.option("--sport", required=True, help="nba, nfl, football …"),
            click.option(
                "--season", type=SeasonType(), default=None, help="Season start year (2024 or 2024-25)."
            ),
            click.option("--league", default=None, help="League key (football: premier-league, mls, …)."),
            click.option(
                "--from", "start", type=_day, default=None, help="Games starting on/after this UTC day."
            ),
            click.option("--to", "end", type=_day, default=None, help="Games starting before this UTC day."),
            click.option(
                "--strategy",
                type=click.Choice([s.value for s in Strategy]),
                default=None,
                help="Force a strategy (default: the cheapest the plugin supports).",
            ),
            click.option(
                "--quota", type=int, default=None, help="Daily API quota to plan within (calls/day)."
            ),
            click.option("--json", "as_json", is_flag=True, help="Print JSON."),
        ]
    ):
        fn = option(fn)
    return fn


def _run_plan(obj: Context, *, dry_run: bool, **kw: Any) -> Plan:
    sport = obj.sports.get(kw["sport"]).key
    league = obj.sports.league(sport, kw["league"]).key if kw["league"] else None
    config = PlanConfig(
        strategy=Strategy(kw["strategy"]) if kw["strategy"] else None, daily_quota=kw["quota"]
    )

    async def go() -> Plan:
        store = await obj.open_store()
        try:
            return await aplan_seeds(
                store,
                obj.sports,
                sport=sport,
                league=league,
                season=kw["season"],
                start=_utc_day(kw["start"]),
                end=_utc_day(kw["end"]),
                config=config,
                dry_run=dry_run,
            )
        finally:
            await store.close()

    return run_async(go)


def _print_plan(obj: Context, plan: Plan, as_json: bool) -> None:
    if as_json:
        obj.print_json(plan.to_dict())
        return
    rows = plan.rows()
    table = Table(
        title=f"Seed plan: {len(plan.tasks)} task(s)"
        + (f", {plan.deferred} deferred" if plan.deferred else "")
    )
    for col in ("sport", "games", "strategy", *[s.value for s in Strategy], "saves vs blanket"):
        table.add_column(col, justify="left" if col in ("sport", "strategy") else "right")
    for r in rows:
        saved = r["reduction_vs_blanket"]
        table.add_row(
            r["sport"],
            str(r["games"]),
            r["strategy"],
            *[str(r[s.value] if r[s.value] is not None else "—") for s in Strategy],
            "—" if saved is None else f"{saved:.0%}",
        )
    obj.out.print(table)
    if plan.written is not None:
        w = plan.written
        obj.out.print(f"tasks: {w.inserted} new, {w.updated} re-planned, {w.unchanged} unchanged")
    for warning in plan.warnings:
        obj.err.print(f"[yellow]warning:[/yellow] {warning}")


@click.command()
@_plan_options
@click.option("--compare-strategies", is_flag=True, help="Print the API-call reduction table for the season.")
@click.option(
    "--dry-run/--write", default=True, show_default=True, help="Only show the plan, or write the tasks."
)
@click.pass_obj
def plan(obj: Context, /, compare_strategies: bool, dry_run: bool, as_json: bool, **kw: Any) -> None:
    """Show (or write) one seed task per game, the strategy, and the estimated API calls."""
    if compare_strategies:
        _compare(obj, as_json=as_json, **kw)
        return
    _print_plan(obj, _run_plan(obj, dry_run=dry_run, **kw), as_json)


@click.command("generate-tasks")
@_plan_options
@click.option(
    "--rosters",
    is_flag=True,
    help="Also fetch the teams' rosters now and store them as each game's expected participants.",
)
@click.option(
    "--api-base",
    "api_bases",
    multiple=True,
    metavar="SPORT=URL",
    help="Base URL of a sport's API; repeatable.",
)
@click.pass_obj
def generate_tasks(
    obj: Context, /, as_json: bool, rosters: bool, api_bases: tuple[str, ...], **kw: Any
) -> None:
    """Write one seed task per game (idempotent; re-plans rescheduled games)."""
    plan = _run_plan(obj, dry_run=False, **kw)
    _print_plan(obj, plan, as_json)
    if rosters and plan.tasks:
        games = [planned.game for planned in plan.tasks]
        bases = dict(item.split("=", 1) for item in api_bases)

        async def go() -> int:
            from scoracle_core.client import ApiClient, ClientConfig  # aiohttp: only when calling the API

            store = await obj.open_store()
            try:
                async with ApiClient(obj.sports, config=ClientConfig(base_urls=bases), store=store) as client:
                    return await resolve_rosters(store, obj.sports, fetch_for(client), games)
            finally:
                await store.close()

        obj.err.print(f"rosters: {run_async(go)} expected participants stored")


def _compare(obj: Context, *, as_json: bool, **kw: Any) -> None:
    sport = obj.sports.get(kw["sport"]).key
    league = obj.sports.league(sport, kw["league"]).key if kw["league"] else None

    async def go() -> list[dict[str, Any]]:
        store = await obj.open_store()
        try:
            games = await store.find_games(
                GameQuery(
                    sport=sport,
                    league=league,
                    season=kw["season"],
                    start_from=_utc_day(kw["start"]),
                    start_before=_utc_day(kw["end"]),
                )
            )
        finally:
            await store.close()
        return compare_strategies(games, obj.sports)

    rows = run_async(go)
    if as_json:
        obj.print_json(rows)
        return
    if not rows:
        obj.err.print("no games: ingest a schedule first (scoracle ingest-schedule)")
        sys.exit(1)
    season = f" {kw['season']}" if kw["season"] else ""
    table = Table(
        title=f"API call reduction — {sport}{season}, {rows[0]['games']} games on {rows[0]['game_days']} days"
    )
    for col in ("strategy", "calls per season", "calls per game", "reduction vs blanket"):
        table.add_column(col, justify="left" if col == "strategy" else "right")
    for r in rows:
        red = r["reduction_vs_blanket"]
        table.add_row(
            r["strategy"],
            f"{r['calls']:,}",
            f"{r['calls_per_game']:.2f}",
            "—" if red is None else f"{red:.1%}",
        )
    obj.out.print(table)


# -- running seeds ------------------------------------------------------------------------------------


def _client_options(fn: Any) -> Any:
    fn = click.option(
        "--api-base",
        "api_bases",
        multiple=True,
        metavar="SPORT=URL",
        help="Base URL of a sport's API (e.g. a running `scoracle sim serve`); repeatable.",
    )(fn)
    return click.option(
        "--plan-name",
        "plan_name",
        default="pro",
        show_default=True,
        type=click.Choice(["free", "pro", "ultra", "mega"]),
        help="Your API-Sports plan (sets the rate limits).",
    )(fn)


def _seed(
    obj: Context, api_bases: tuple[str, ...], plan_name: str, config: WorkerConfig, before: Any = None
) -> RunReport:
    bases = dict(item.split("=", 1) for item in api_bases)

    async def go() -> RunReport:
        from scoracle_core.api import arun_seeds  # aiohttp: only when calling the API
        from scoracle_core.client import ApiClient, ClientConfig

        store = await obj.open_store()
        try:
            if before is not None:
                await before(store)
            client_config = ClientConfig(base_urls=bases, plan=plan_name)
            async with ApiClient(obj.sports, config=client_config, store=store) as client:
                return await arun_seeds(store, sports=obj.sports, client=client, once=True, config=config)
        finally:
            await store.close()

    return run_async(go)


def _print_run(obj: Context, report: RunReport) -> None:
    obj.out.print(
        f"done {report.done}, retried {report.retried}, snoozed {report.snoozed}, failed {report.failed}, "
        f"API calls {report.calls}"
    )
    for r in report.results:
        line = f"  game {r.game_id} ({r.sport}, {r.strategy}): {r.status}, {r.calls} call(s)"
        obj.out.print(line + (f" — {r.error}" if r.error else ""))
    if report.failed:
        sys.exit(1)


@click.command("seed-game")
@click.option("--game-id", type=int, required=True)
@click.option(
    "--force", is_flag=True, help="Seed again even if already completed, and even before it is due."
)
@_client_options
@click.pass_obj
def seed_game(obj: Context, game_id: int, force: bool, api_bases: tuple[str, ...], plan_name: str) -> None:
    """Seed one game now (its task is made due; planned first if it has none)."""

    async def prepare(store: Store) -> None:
        game = await store.get_game(game_id)
        if game is None:
            raise NotFound(f"no game {game_id}")
        await _ensure_due(obj, store, [game_id], force=force)

    _print_run(obj, _seed(obj, api_bases, plan_name, WorkerConfig(game_ids=(game_id,)), prepare))


@click.command("seed-games")
@click.option("--date", "day", type=_day, required=True, help="UTC day of the games.")
@click.option("--sport", default=None)
@click.option("--force", is_flag=True, help="Also games already seeded.")
@_client_options
@click.pass_obj
def seed_games(
    obj: Context, day: datetime, sport: str | None, force: bool, api_bases: tuple[str, ...], plan_name: str
) -> None:
    """Seed every game of one UTC day now."""
    start = _utc_day(day)
    assert start is not None
    sport_key = obj.sports.get(sport).key if sport else None
    game_ids: list[int] = []

    async def prepare(store: Store) -> None:
        games = await store.find_games(
            GameQuery(sport=sport_key, start_from=start, start_before=start + timedelta(days=1))
        )
        game_ids.extend(g.id for g in games if g.id is not None)
        await _ensure_due(obj, store, game_ids, force=force)

    config = WorkerConfig(game_ids=None, sport=sport_key)
    report = _seed(obj, api_bases, plan_name, config, prepare)
    _print_run(obj, report)


async def _ensure_due(obj: Context, store: Store, game_ids: list[int], *, force: bool) -> None:
    """Plan missing tasks and make the games' tasks due now."""
    now = SystemClock().now()
    existing = {t.game_id: t for t in await store.find_tasks(TaskQuery(game_ids=tuple(game_ids)))}
    missing = [gid for gid in game_ids if gid not in existing]
    if missing:
        games = await store.find_games(GameQuery(ids=tuple(missing)))
        for game in games:
            await aplan_seeds(
                store,
                obj.sports,
                sport=game.sport,
                start=game.start_at,
                end=game.start_at + timedelta(seconds=1),
            )
        existing = {t.game_id: t for t in await store.find_tasks(TaskQuery(game_ids=tuple(game_ids)))}
    for task in existing.values():
        if task.id is None or task.status is TaskStatus.RUNNING:
            continue
        if task.status is TaskStatus.COMPLETED and not force:
            continue
        await store.reset_task(task.id, at=now, force=True)


# -- tasks -------------------------------------------------------------------------------------------


@click.group()
def tasks() -> None:
    """Seed tasks: list, retry, cancel."""


@tasks.command("list")
@click.option("--status", "statuses", multiple=True, type=click.Choice([s.value for s in TaskStatus]))
@click.option("--sport", default=None)
@click.option("--days", type=int, default=None, help="Tasks due within the last/next N days.")
@click.option("--game-id", type=int, default=None)
@click.option("--limit", type=int, default=200, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_tasks(
    obj: Context,
    statuses: tuple[str, ...],
    sport: str | None,
    days: int | None,
    game_id: int | None,
    limit: int,
    as_json: bool,
) -> None:
    """List seed tasks by due time."""
    now = SystemClock().now()
    query = TaskQuery(
        sport=obj.sports.get(sport).key if sport else None,
        statuses=tuple(TaskStatus(s) for s in statuses) or None,
        due_from=now - timedelta(days=days) if days else None,
        due_before=now + timedelta(days=days) if days else None,
        game_ids=(game_id,) if game_id is not None else None,
        limit=limit,
    )

    async def go() -> list[SeedTask]:
        store = await obj.open_store()
        try:
            return await store.find_tasks(query)
        finally:
            await store.close()

    found = run_async(go)
    if as_json:
        from scoracle_core.convert import to_data

        obj.print_json([to_data(t) for t in found])
        return
    table = Table(title=f"{len(found)} task(s)")
    for col in ("id", "game", "sport", "due (UTC)", "status", "strategy", "attempts", "calls", "error"):
        table.add_column(col)
    for t in found:
        table.add_row(
            str(t.id),
            str(t.game_id),
            t.sport,
            t.due_at.strftime("%Y-%m-%d %H:%M"),
            str(t.status),
            str(t.strategy),
            f"{t.attempts}/{t.max_attempts}",
            str(t.api_calls),
            (t.last_error or "")[:60],
        )
    obj.out.print(table)


@tasks.command("retry")
@click.option("--task-id", type=int, required=True)
@click.pass_obj
def retry_task(obj: Context, task_id: int) -> None:
    """Put a failed or cancelled task back in the queue, due now."""

    async def go() -> SeedTask:
        store = await obj.open_store()
        try:
            return await store.reset_task(task_id, at=SystemClock().now(), force=False)
        finally:
            await store.close()

    task = run_async(go)
    obj.out.print(f"task {task.id}: {task.status}, due {task.due_at.isoformat()}")


@tasks.command("cancel")
@click.option("--task-id", type=int, required=True)
@click.pass_obj
def cancel_task(obj: Context, task_id: int) -> None:
    """Cancel a pending task."""

    async def go() -> int:
        store = await obj.open_store()
        try:
            task = await store.get_task(task_id)
            if task is None:
                raise NotFound(f"no task {task_id}")
            return await store.cancel_tasks(
                [task.game_id], reason="cancelled by hand", at=SystemClock().now()
            )
        finally:
            await store.close()

    n = run_async(go)
    obj.out.print(f"task {task_id}: {'cancelled' if n else 'not pending: left as it is'}")


def register(cli: click.Group) -> None:
    """Add this module's commands to the root group."""
    for command in (plan, generate_tasks, seed_game, seed_games, tasks):
        cli.add_command(command)
    # The plan's command reference names these at the top level too.
    cli.add_command(list_tasks, "list-tasks")
    cli.add_command(retry_task, "retry-task")
    cli.add_command(cancel_task, "cancel-task")
