"""``scoracle demo``: the main job on the embedded store, in under a minute."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from scoracle_core.cli.app import Context, run_async
from scoracle_core.demo import DEFAULT_START, DEFAULT_WEEKS, DemoReport, arun_demo

if TYPE_CHECKING:
    from scoracle_core.worker import RunReport


@click.command()
@click.option(
    "--store",
    "store_url",
    default="sqlite:///scoracle-demo.db",
    show_default=True,
    help="Where the demo keeps its data (a SQLite file is recreated).",
)
@click.option(
    "--start",
    type=click.DateTime(["%Y-%m-%d"]),
    default=DEFAULT_START.isoformat(),
    show_default=True,
    help="First day replayed (UTC).",
)
@click.option("--weeks", type=click.IntRange(1, 52), default=DEFAULT_WEEKS, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True, help="Simulator seed.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.pass_obj
def demo(obj: Context, store_url: str, start: object, weeks: int, seed: int, as_json: bool) -> None:
    """Replay weeks of real NBA, NFL and football schedules against the simulator."""
    first: date = start.date()  # type: ignore[attr-defined]
    if logging.getLogger().level >= logging.WARNING:
        # Retried faults are part of the show, not news: keep the screen for the progress bar.
        logging.getLogger().setLevel(logging.ERROR)
    from scoracle_core.replay import SETTLE

    days = weeks * 7 + SETTLE.days
    with Progress(
        TextColumn("[bold]replaying[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("days · {task.fields[done]} seeded · {task.fields[calls]} calls"),
        TimeElapsedColumn(),
        console=obj.err,
        disable=as_json,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=days, done=0, calls=0)
        totals = {"done": 0, "calls": 0}

        def on_day(day: date, report: RunReport) -> None:
            totals["done"] += report.done
            totals["calls"] += report.calls
            progress.update(
                task, advance=1, description=day.isoformat(), done=totals["done"], calls=totals["calls"]
            )

        report = run_async(
            lambda: arun_demo(
                store_url, start=first, weeks=weeks, seed=seed, sports=obj.sports, on_day=on_day
            )
        )
    if as_json:
        obj.print_json(report.to_dict())
    else:
        _print(obj, report)


def _print(obj: Context, report: DemoReport) -> None:
    data = report.to_dict()
    table = Table(title=f"Scoracle demo: {data['window']['start']} → {data['window']['end']} (virtual time)")
    for col in ("sport", "games", "seeded", "API calls", "calls/game", "blanket would spend", "saved"):
        table.add_column(col, justify="right" if col != "sport" else "left")
    for sport, fig in data["sports"].items():
        saved = 1 - fig["api_calls"] / fig["blanket_calls"] if fig["blanket_calls"] else 0.0
        table.add_row(
            sport,
            str(fig["games"]),
            str(fig["seeded"]),
            str(fig["api_calls"]),
            f"{fig['calls_per_game']:.2f}",
            str(fig["blanket_calls"]),
            f"{saved:.0%}",
        )
    obj.out.print(table)
    p50, p99 = data["latency_p50_s"], data["latency_p99_s"]
    obj.out.print(
        f"retries: {data['retries']}   failed: {data['failed']}   "
        f"latency due→done p50 {_secs(p50)}, p99 {_secs(p99)}   wall time {data['elapsed_s']:.1f} s"
    )
    obj.out.print(f"data: {data['store']}  (try: scoracle --store {data['store']} query games --sport nba)")


def _secs(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} s"
