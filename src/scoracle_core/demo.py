"""The demo: replay weeks of real schedules of every installed sport against the simulator.

On a fresh machine with no API key and no server: a SQLite store is created, the simulator is
started in-process, the real schedules shipped with the plugins are ingested, one seed task per
game is planned, and the chosen weeks replay on a :class:`~scoracle_core.clock.VirtualClock`
(the simulator follows the same clock, so games finish in virtual time) with a few injected
faults that the client and the worker retry. The report compares the calls spent with what
blanket seeding would have spent on the same days.
"""

from __future__ import annotations

import logging
import time as wallclock
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from importlib.resources import as_file
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

from scoracle_core.client import ApiClient, ClientConfig
from scoracle_core.clock import VirtualClock
from scoracle_core.ingest.pipeline import aingest_schedule
from scoracle_core.model import Game, GameStatus, SeedTask, Strategy, TaskStatus
from scoracle_core.plan import Plan, aplan_seeds
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.runtime import fetch_for, requests_made
from scoracle_core.seed import SeedResult
from scoracle_core.sim import Faults, SimConfig, Simulator
from scoracle_core.sport import bundled_schedules
from scoracle_core.store import Store, open_store
from scoracle_core.store.base import GameQuery, TaskQuery
from scoracle_core.worker import RunReport, Worker, WorkerConfig

__all__ = ["DEMO_FAULTS", "DemoReport", "SportFigures", "arun_demo"]

log = logging.getLogger(__name__)

#: A few faults for the client and worker to retry: 1% HTTP 500, 0.5% 429, 0.5% malformed JSON.
DEMO_FAULTS = Faults(http500=0.01, http429=0.005, malformed=0.005)

DEFAULT_START = date(2024, 10, 22)  # NBA opening night 2024-25; NFL week 8; European matchday ~9
DEFAULT_WEEKS = 4


@attrs.frozen(kw_only=True)
class SportFigures:
    """One sport's line of the demo report."""

    games: int
    seeded: int
    api_calls: int
    blanket_calls: int
    endpoints: dict[str, int] = attrs.field(factory=dict)

    @property
    def calls_per_game(self) -> float:
        """API calls per seeded game, schedule discovery included."""
        return self.api_calls / self.seeded if self.seeded else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "games": self.games,
            "seeded": self.seeded,
            "api_calls": self.api_calls,
            "calls_per_game": round(self.calls_per_game, 3),
            "blanket_calls": self.blanket_calls,
            "endpoints": dict(sorted(self.endpoints.items())),
        }


@attrs.frozen(kw_only=True)
class DemoReport:
    """What the demo did."""

    sports: dict[str, SportFigures]
    run: RunReport
    store_url: str
    #: Calls the client retried in-call (faults: 5xx, 429, malformed bodies), by error class.
    call_retries: dict[str, int] = attrs.field(factory=dict)
    start: date
    end: date
    elapsed_s: float

    def to_dict(self) -> dict[str, Any]:
        """The report as one JSON-ready object."""
        return {
            "sports": {key: figures.to_dict() for key, figures in self.sports.items()},
            # task-level retries (a later attempt) plus calls retried inside the client
            "retries": self.run.retried + sum(self.call_retries.values()),
            "call_retries": dict(sorted(self.call_retries.items())),
            "failed": self.run.failed,
            "latency_p50_s": self.run.latency_percentile(50),
            "latency_p99_s": self.run.latency_percentile(99),
            "window": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "store": self.store_url,
            "elapsed_s": round(self.elapsed_s, 2),
        }


async def arun_demo(
    store_url: str,
    *,
    start: date = DEFAULT_START,
    weeks: int = DEFAULT_WEEKS,
    seed: int = 7,
    faults: Faults = DEMO_FAULTS,
    sports: Sports | None = None,
    on_day: Callable[[date, RunReport], None] | None = None,
) -> DemoReport:
    """Run the demo into the (fresh) store at ``store_url``; see the module docstring."""
    began = wallclock.perf_counter()
    sports = sports or load_plugins()
    first = datetime.combine(start, time(0), UTC)
    end = first + timedelta(weeks=weeks)
    clock = VirtualClock(first - timedelta(days=1))
    _fresh_sqlite(store_url)
    store = await open_store(store_url)
    try:
        await _ingest_bundled(store, sports, first, end)
        games = await _as_unplayed(store, first, end)
        plan = await aplan_seeds(store, sports, start=first, end=end)
        config = SimConfig(seed=seed, plan="pro", keys=("demo",), faults=faults, clock=clock)
        async with Simulator(config, sports=sports) as sim:
            sim.world.add_games(games)
            client_config = ClientConfig(
                api_key="demo", base_urls=sim.base_urls, plan="pro", flush_interval=None
            )
            async with ApiClient(sports, config=client_config, store=store, clock=clock) as client:
                worker = Worker(
                    store=store,
                    sports=sports,
                    fetch_for=fetch_for(client),
                    clock=clock,
                    # Nobody else adds tasks during the demo: wake only when the next one is due.
                    config=WorkerConfig(batch=20, poll=timedelta(days=1)),
                    calls_made=requests_made(client),
                    worker_id="demo",
                )
                run = await _replay(worker, first, end + timedelta(days=1), on_day)
                call_retries = _call_retries(client)
            calls = {a.key: sim.log.by_endpoint(sport=a.key) for a in sports}
        done = await store.find_tasks(TaskQuery(statuses=(TaskStatus.COMPLETED,)))
        figures = _figures(games, done, calls, plan)
    finally:
        await store.close()
    return DemoReport(
        sports=figures,
        run=run,
        store_url=store_url,
        call_retries=call_retries,
        start=start,
        end=(end - timedelta(days=1)).date(),
        elapsed_s=wallclock.perf_counter() - began,
    )


def _fresh_sqlite(url: str) -> None:
    """The demo starts from an empty SQLite file (it never touches any other store)."""
    parts = urlsplit(url)
    if parts.scheme != "sqlite":
        return
    path = parts.path[1:] if parts.path.startswith("/") else parts.path
    if path and path != ":memory:":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(path + suffix).unlink(missing_ok=True)


async def _ingest_bundled(store: Store, sports: Sports, first: datetime, end: datetime) -> None:
    for adapter in sports:
        for schedule in bundled_schedules(adapter):
            # Only seasons that overlap the window: a season runs at most ~13 months.
            season_start = datetime(schedule.season, 1, 1, tzinfo=UTC)
            if season_start > end or season_start + timedelta(days=550) < first:
                continue
            with as_file(schedule.file) as path:
                report = await aingest_schedule(
                    store,
                    path,
                    sport=adapter.key,
                    season=schedule.season,
                    league=schedule.league,
                    format=schedule.format,
                    skip_invalid=True,
                    sports=sports,
                )
            log.info("demo.ingested file=%s %s", schedule.file.name, report.summary())


async def _as_unplayed(store: Store, first: datetime, end: datetime) -> list[Game]:
    """The window's games as they stood before kick-off: the shipped files are past seasons with
    results, which the replay is about to fetch again from the simulator."""
    games = await store.find_games(GameQuery(start_from=first, start_before=end))
    fresh = [attrs.evolve(g, status=GameStatus.SCHEDULED, home_score=None, away_score=None) for g in games]
    return await store.upsert_games(fresh)


async def _replay(
    worker: Worker, first: datetime, end: datetime, on_day: Callable[[date, RunReport], None] | None
) -> RunReport:
    """Run the worker day by day on the virtual clock (so a host can show progress)."""
    results: list[SeedResult] = []
    day = first
    while day < end:
        report = await worker.run(until=day + timedelta(days=1))
        results.extend(report.results)
        if on_day is not None:
            on_day(day.date(), report)
        day += timedelta(days=1)
    return RunReport(started_at=first, finished_at=end, results=tuple(results))


def _call_retries(client: ApiClient) -> dict[str, int]:
    """Failed attempts per error class: each was retried in-call (none failed a task here)."""
    counts: Counter[str] = Counter()
    for call in client.usage:
        if call.outcome not in ("ok", "cached", "refused"):
            counts[call.outcome] += call.count
    return dict(counts)


def _figures(
    games: list[Game], done: list[SeedTask], calls: dict[str, Counter[str]], plan: Plan
) -> dict[str, SportFigures]:
    figures: dict[str, SportFigures] = {}
    for sport in sorted({g.sport for g in games}):
        blanket = plan.estimates.get(sport, {}).get(Strategy.BLANKET, 0.0)
        figures[sport] = SportFigures(
            games=sum(1 for g in games if g.sport == sport),
            seeded=sum(1 for t in done if t.sport == sport),
            api_calls=sum(calls.get(sport, {}).values()),
            endpoints=dict(calls.get(sport, {})),
            blanket_calls=round(blanket),
        )
    return figures
