"""The notebook/host entry points: plan and run seeds, sync and async.

``aplan_seeds`` / ``arun_seeds`` are the real ones; ``plan_seeds`` / ``run_seeds`` call them
from synchronous code — a script or a Jupyter cell (see :mod:`scoracle_core._sync`). The sync
twins take a store URL (or ``None`` for the default) and open and close what they need, because
an open store belongs to the event loop that opened it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from scoracle_core._sync import in_event_loop, run_sync
from scoracle_core.client import ApiClient
from scoracle_core.clock import Clock, SystemClock
from scoracle_core.plan import Plan, PlanConfig, aplan_seeds
from scoracle_core.plugins import Sports, load_plugins
from scoracle_core.policy import RetryPolicy
from scoracle_core.runtime import fetch_for, requests_made
from scoracle_core.store import Store, open_store
from scoracle_core.worker import RunReport, Worker, WorkerConfig

__all__ = ["aplan_seeds", "arun_seeds", "plan_seeds", "run_seeds"]


async def arun_seeds(
    store: Store | str | None = None,
    *,
    sports: Sports | None = None,
    client: ApiClient | None = None,
    clock: Clock | None = None,
    once: bool = True,
    until: datetime | None = None,
    sport: str | None = None,
    config: WorkerConfig | None = None,
    policy: RetryPolicy | None = None,
) -> RunReport:
    """Seed due tasks: what is due now (``once=True``), or everything due until ``until``.

    ``store`` is an open store or a URL (opened and closed here). Without ``client`` an
    :class:`~scoracle_core.client.ApiClient` is made for the real API (key from
    ``$API_SPORTS_KEY``); pass one bound to the simulator to replay. ``clock`` may be a
    :class:`~scoracle_core.clock.VirtualClock` to replay a season in seconds.
    """
    sports = sports or load_plugins()
    clock = clock or SystemClock()
    own_store = not isinstance(store, Store)
    opened: Store = await open_store(store) if not isinstance(store, Store) else store
    try:
        if client is None:
            async with ApiClient(sports, store=opened, clock=clock) as own_client:
                return await _run(opened, sports, own_client, clock, once, until, sport, config, policy)
        return await _run(opened, sports, client, clock, once, until, sport, config, policy)
    finally:
        if own_store:
            await opened.close()


async def _run(
    store: Store,
    sports: Sports,
    client: ApiClient,
    clock: Clock,
    once: bool,
    until: datetime | None,
    sport: str | None,
    config: WorkerConfig | None,
    policy: RetryPolicy | None,
) -> RunReport:
    if sport is not None:
        config = attrs.evolve(config or WorkerConfig(), sport=sports.get(sport).key)
    worker = Worker(
        store=store,
        sports=sports,
        fetch_for=fetch_for(client),
        clock=clock,
        config=config,
        policy=policy,
        calls_made=requests_made(client),
    )
    return await worker.run(once=once, until=until)


def run_seeds(store: str | None = None, **kwargs: Any) -> RunReport:
    """Synchronous :func:`arun_seeds` for scripts and notebooks (takes a store URL)."""
    _no_loop_bound_objects(kwargs)
    return run_sync(arun_seeds, store, **kwargs)


async def _aplan(store: Store | str | None, **kwargs: Any) -> Plan:
    sports = kwargs.pop("sports", None) or load_plugins()
    if isinstance(store, Store):
        return await aplan_seeds(store, sports, **kwargs)
    opened = await open_store(store)
    try:
        return await aplan_seeds(opened, sports, **kwargs)
    finally:
        await opened.close()


def plan_seeds(
    store: str | None = None,
    *,
    sport: str | None = None,
    league: str | None = None,
    season: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    config: PlanConfig | None = None,
    dry_run: bool = False,
    sports: Sports | None = None,
) -> Plan:
    """Plan one seed task per stored game matching the filters; return the :class:`Plan`.

    Synchronous, for scripts and notebooks; ``dry_run=True`` writes nothing.
    """
    return run_sync(
        _aplan,
        store,
        sports=sports,
        sport=sport,
        league=league,
        season=season,
        start=start,
        end=end,
        config=config,
        dry_run=dry_run,
    )


def _no_loop_bound_objects(kwargs: dict[str, Any]) -> None:
    if in_event_loop() and kwargs.get("client") is not None:
        raise TypeError(
            "run_seeds() inside a running event loop cannot use a client opened on that loop; "
            "await arun_seeds(...) instead"
        )
