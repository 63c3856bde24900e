"""Replays: real schedules seeded against the simulator on a virtual clock.

:func:`areplay` is the whole pipeline of ``scoracle demo`` as one reusable call, for the demo,
tests, benchmarks and hosts::

    store = await open_store("sqlite:///:memory:")   # any open Store
    replay = await areplay(store, start=date(2024, 11, 5), end=date(2024, 11, 7), only=("nba",))
    replay.log.by_endpoint(sport="nba")           # what the simulator answered
    replay.world.truth_player_lines(api_game_id)  # what really happened
    replay.run.done                               # what the worker did

1. **games**: the bundled schedules of the chosen sports whose season overlaps the window are
   ingested (or ``games`` are taken as given), and the window's games are reset to scheduled —
   the shipped files are past seasons with results, which the replay fetches again;
2. **plan**: one seed task per game (:class:`~scoracle_core.plan.PlanConfig`: strategy, delays,
   batch slot), per sport;
3. **simulate**: the simulator starts on a :class:`~scoracle_core.clock.VirtualClock` (one day
   before the window) with the window's games, and an :class:`~scoracle_core.client.ApiClient`
   reaches it over loopback HTTP;
4. **run**: a :class:`~scoracle_core.worker.Worker` seeds on that clock, day by day, until the
   window ends plus ``settle`` (games finish and become due after the window's last start).

A store that already holds the replay (a re-run after a crash) takes ``prepare=False``: nothing
is ingested or reset, planning again is idempotent, and the leases a dead worker left behind are
reclaimed once the virtual clock passes their expiry (the clock replays the window again). The
same ``seed`` gives the same truth, so the re-run's world is the crashed run's world.

The harness only composes public pieces; it never touches the store's tables directly.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from importlib.resources import as_file

import attrs

from scoracle_core.client import ApiClient, ClientConfig, Usage
from scoracle_core.clock import VirtualClock
from scoracle_core.ingest.pipeline import aingest_schedule
from scoracle_core.model import Game, GameStatus
from scoracle_core.plan import Plan, PlanConfig, aplan_seeds
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.runtime import fetch_for, requests_made
from scoracle_core.seed import SeedResult
from scoracle_core.seeding import stats_source
from scoracle_core.sim import Faults, RequestLog, SimConfig, Simulator, World
from scoracle_core.sport import bundled_schedules
from scoracle_core.store import open_store
from scoracle_core.store.base import GameQuery, Store
from scoracle_core.worker import RunReport, Worker, WorkerConfig

__all__ = [
    "REPLAY_KEY",
    "SETTLE",
    "Replay",
    "abundled_games",
    "aingest_bundled",
    "areplay",
    "as_unplayed",
    "utc_midnight",
]

log = logging.getLogger(__name__)

#: The API key the harness's client sends and its simulator accepts.
REPLAY_KEY = "replay"

#: How long the worker runs past the window by default (due times reach beyond the last start).
SETTLE = timedelta(days=2)

#: A season runs at most ~13 months from its start year's 1 January (split seasons end in June).
_SEASON_SPAN = timedelta(days=550)


def utc_midnight(day: date | datetime) -> datetime:
    """``day`` as an aware UTC datetime; a date becomes its midnight UTC."""
    if isinstance(day, datetime):
        return day if day.tzinfo is not None else day.replace(tzinfo=UTC)
    return datetime.combine(day, time(0), UTC)


@attrs.frozen(kw_only=True)
class Replay:
    """What a replay did: the games, the plan, the worker's report, and the simulator's record."""

    start: datetime
    end: datetime  # exclusive: games starting before it were replayed
    games: tuple[Game, ...]  # the window's games as planned (on a re-run: as found), with store ids
    plan: Plan
    run: RunReport
    log: RequestLog  # every request the simulator answered
    world: World  # the simulator's world: truth_* lookups stay valid after it stopped
    usage: Usage  # the client's counts: calls by sport, endpoint and outcome (retried faults too)

    def calls(self, *, sport: str | None = None, endpoint: str | None = None) -> int:
        """Requests the simulator answered (for one sport and endpoint when given)."""
        return self.log.total(sport=sport, endpoint=endpoint)

    def games_of(self, sport: str) -> tuple[Game, ...]:
        """The window's games of one sport."""
        return tuple(g for g in self.games if g.sport == sport)


async def aingest_bundled(
    store: Store, sports: Sports, *, start: datetime, end: datetime, only: Iterable[str] | None = None
) -> int:
    """Ingest the bundled schedules (of the ``only`` sports) whose season overlaps ``[start, end)``;
    return how many games were inserted. Idempotent: a second call inserts nothing."""
    keys = set(only) if only is not None else None
    inserted = 0
    for adapter in sports:
        if keys is not None and adapter.key not in keys:
            continue
        for schedule in bundled_schedules(adapter):
            season_start = datetime(schedule.season, 1, 1, tzinfo=UTC)
            if season_start >= end or season_start + _SEASON_SPAN < start:
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
            inserted += report.inserted
            log.info("replay.ingested file=%s %s", schedule.file.name, report.summary())
    return inserted


async def abundled_games(
    sports: Sports, *, start: date | datetime, end: date | datetime, only: Iterable[str] | None = None
) -> list[Game]:
    """The bundled schedules' games starting in ``[start, end)``, without store ids: ingested once
    into a scratch in-memory store, to be replayed several times through ``areplay(games=…)``."""
    first, stop = utc_midnight(start), utc_midnight(end)
    scratch = await open_store("sqlite:///:memory:")
    try:
        await aingest_bundled(scratch, sports, start=first, end=stop, only=only)
        keys = set(only) if only is not None else None
        games = await scratch.find_games(GameQuery(start_from=first, start_before=stop))
    finally:
        await scratch.close()
    return [attrs.evolve(g, id=None, updated_at=None) for g in games if keys is None or g.sport in keys]


async def as_unplayed(store: Store, games: Sequence[Game]) -> list[Game]:
    """The games as they stood before kick-off (scheduled, no score), written back to the store."""
    fresh = [attrs.evolve(g, status=GameStatus.SCHEDULED, home_score=None, away_score=None) for g in games]
    return await store.upsert_games(fresh) if fresh else []


async def areplay(
    store: Store,
    *,
    start: date | datetime,
    end: date | datetime,
    sports: Sports | None = None,
    only: Iterable[str] | None = None,
    games: Sequence[Game] | None = None,
    prepare: bool = True,
    plan: PlanConfig | None = None,
    seed: int = 7,
    faults: Faults | None = None,
    sim_plan: str = "pro",
    worker: WorkerConfig | None = None,
    worker_id: str | None = None,
    settle: timedelta = SETTLE,
    on_day: Callable[[date, RunReport], None] | None = None,
) -> Replay:
    """Replay ``[start, end)`` into ``store`` against a fresh simulator; see the module docstring.

    ``only`` names the sports to replay (default: every installed one that can seed). ``games``
    replaces the bundled schedules (they are stored, without their ids, and reset like ingested
    ones; only those in the window are replayed). ``plan`` is the planner's configuration
    (``strategy``, ``delays``, ``batch_slot``), ``seed`` and ``faults`` the simulator's,
    ``sim_plan`` the subscription plan of both the simulator and the client's rate limiter.
    ``worker`` defaults to batches of 20 that wake only when a task is due; ``settle`` is how
    long the worker runs past the window (due times and batch slots reach beyond it).
    """
    sports = sports if sports is not None else load_plugins()
    first, stop = utc_midnight(start), utc_midnight(end)
    if stop <= first:
        raise ValueError(f"the replay window is empty: {first.isoformat()} → {stop.isoformat()}")
    if only is None:
        keys = [a.key for a in sports if stats_source(a) is not None]
    else:
        keys = sorted({sports.get(key).key for key in only})  # an unknown sport fails here
    if prepare:
        if games is None:
            await aingest_bundled(store, sports, start=first, end=stop, only=keys)
        else:
            await store.upsert_games([attrs.evolve(g, id=None) for g in games if g.sport in keys])
    window = [
        g
        for key in keys
        for g in await store.find_games(GameQuery(sport=key, start_from=first, start_before=stop))
    ]
    if games is not None:
        wanted = {_natural_key(g) for g in games}
        window = [g for g in window if _natural_key(g) in wanted]
    if prepare:
        window = await as_unplayed(store, window)
    planned = await _plan(store, sports, keys, first, stop, plan)
    clock = VirtualClock(first - timedelta(days=1))
    config = SimConfig(seed=seed, plan=sim_plan, keys=(REPLAY_KEY,), faults=faults or Faults(), clock=clock)
    async with Simulator(config, sports=sports) as sim:
        sim.world.add_games(window)
        client_config = ClientConfig(
            api_key=REPLAY_KEY, base_urls=sim.base_urls, plan=sim_plan, flush_interval=None
        )
        async with ApiClient(sports, config=client_config, store=store, clock=clock) as client:
            seeder = Worker(
                store=store,
                sports=sports,
                fetch_for=fetch_for(client),
                clock=clock,
                config=worker or WorkerConfig(batch=20, poll=timedelta(days=1)),
                calls_made=requests_made(client),
                worker_id=worker_id or f"replay:{os.getpid()}",
            )
            run = await _run_days(seeder, first, stop + settle, on_day)
    return Replay(
        start=first,
        end=stop,
        games=tuple(window),
        plan=planned,
        run=run,
        log=sim.log,
        world=sim.world,
        usage=client.usage,
    )


def _natural_key(game: Game) -> tuple[str, str, int, str, str, date]:
    return (game.sport, game.league, game.season, game.home_team_id, game.away_team_id, game.start_date)


async def _plan(
    store: Store,
    sports: Sports,
    keys: Sequence[str],
    first: datetime,
    stop: datetime,
    config: PlanConfig | None,
) -> Plan:
    """One plan per sport (the planner filters one sport at a time), merged."""
    plans = [
        await aplan_seeds(store, sports, sport=key, start=first, end=stop, config=config) for key in keys
    ]
    return Plan(
        tasks=tuple(t for p in plans for t in p.tasks),
        estimates={k: v for p in plans for k, v in p.estimates.items()},
        chosen={k: v for p in plans for k, v in p.chosen.items()},
        daily={k: v for p in plans for k, v in p.daily.items()},
        warnings=tuple(w for p in plans for w in p.warnings),
    )


async def _run_days(
    worker: Worker, first: datetime, until: datetime, on_day: Callable[[date, RunReport], None] | None
) -> RunReport:
    """Run the worker one virtual day at a time (so a host can show progress), then merge."""
    results: list[SeedResult] = []
    day = first
    while day < until:
        report = await worker.run(until=min(day + timedelta(days=1), until))
        results.extend(report.results)
        if on_day is not None:
            on_day(day.date(), report)
        day += timedelta(days=1)
    return RunReport(started_at=first, finished_at=until, results=tuple(results))
