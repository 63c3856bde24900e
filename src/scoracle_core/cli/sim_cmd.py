"""``scoracle sim serve``: run the API-Sports simulator standalone on a loopback port."""

from __future__ import annotations

from datetime import datetime
from typing import get_args

import anyio
import click

from scoracle_core.cli.app import Context, run_async
from scoracle_core.clock import Clock, SystemClock
from scoracle_core.errors import ConfigError
from scoracle_core.sim.clocks import ShiftedClock
from scoracle_core.sim.config import PLANS, ScheduleSource, SimConfig
from scoracle_core.sim.faults import parse_faults
from scoracle_core.sim.log import key_label


@click.group()
def sim() -> None:
    """The API-Sports simulator (NBA v2, American-Football v1, Football v3)."""


def _start(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO date-time: {value!r} (e.g. 2024-11-05T23:00Z)") from exc
    if when.tzinfo is None:
        raise click.BadParameter(f"give a time zone: {value!r} (e.g. 2024-11-05T23:00Z)")
    return when


@sim.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=int, default=8899, show_default=True, help="Port (0: any free one).")
@click.option(
    "--plan", type=click.Choice(sorted(PLANS)), default="pro", show_default=True, help="Subscription plan."
)
@click.option("--key", "keys", multiple=True, help="Accepted API key (repeatable) [default: demo].")
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of every generated value and fault."
)
@click.option(
    "--faults",
    default="",
    metavar="SPEC",
    help='Fault injection, e.g. "500=0.02,timeout=0.01,latency=20ms±10ms".',
)
@click.option(
    "--schedule",
    type=click.Choice(get_args(ScheduleSource)),
    default="auto",
    show_default=True,
    help="Games: the plugins' bundled schedules, a synthetic season, both (auto), or none.",
)
@click.option(
    "--season", "seasons", type=int, multiple=True, help="Season of the synthetic schedule (repeatable)."
)
@click.option("--start", default=None, metavar="ISO", help="Start the clock here (e.g. 2024-11-05T23:00Z).")
@click.option(
    "--speed",
    type=float,
    default=1.0,
    show_default=True,
    help="Clock speed with --start (60: a minute a second).",
)
@click.pass_obj
def serve(
    obj: Context,
    host: str,
    port: int,
    plan: str,
    keys: tuple[str, ...],
    seed: int,
    faults: str,
    schedule: ScheduleSource,
    seasons: tuple[int, ...],
    start: str | None,
    speed: float,
) -> None:
    """Serve the simulated APIs at http://HOST:PORT/{nba,nfl,football} until Ctrl-C."""
    begin = _start(start)
    clock: Clock = ShiftedClock(begin, speed=speed) if begin is not None else SystemClock()
    try:
        config = SimConfig(
            seed=seed,
            plan=plan,
            keys=keys or ("demo",),
            faults=parse_faults(faults),
            clock=clock,
            schedule=schedule,
            seasons=seasons,
        )
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from exc

    async def go() -> None:
        from scoracle_core.sim.server import Simulator  # aiohttp's server: only when serving

        async with Simulator(config, sports=obj.sports, host=host, port=port) as simulator:
            world = simulator.world
            title = f"[bold]API-Sports simulator[/bold] on {simulator.base_url}"
            obj.out.print(f"{title} (plan {config.plan.name}, seed {seed})")
            for sport, url in simulator.base_urls.items():
                obj.out.print(f"  {sport:<9} {url}   ({len(world.games(sport))} games)")
            labels = ", ".join(key_label(k) for k in config.keys)
            obj.out.print(f"  keys: {len(config.keys)} accepted ({labels}); header x-apisports-key")
            obj.out.print(f"  clock: {clock!r}; faults: {config.faults}")
            obj.out.print("Ctrl-C to stop.")
            await anyio.sleep_forever()

    try:
        run_async(go)
    except KeyboardInterrupt:
        obj.err.print("simulator stopped")
