"""The demo: replay weeks of real schedules of every installed sport against the simulator.

On a fresh machine with no API key and no server: a SQLite store is created, the simulator is
started in-process, the real schedules shipped with the plugins are ingested, one seed task per
game is planned, and the chosen weeks replay on a :class:`~scoracle_core.clock.VirtualClock`
(the simulator follows the same clock, so games finish in virtual time) with a few injected
faults that the client and the worker retry — all through :func:`~scoracle_core.replay.areplay`.
The report compares the calls spent with what blanket seeding would have spent on the same days.
"""

from __future__ import annotations

import time as wallclock
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import attrs

from scoracle_core.model import Strategy
from scoracle_core.plugins import Sports
from scoracle_core.sim.faults import Faults
from scoracle_core.store import open_store

if TYPE_CHECKING:  # the replay (simulator, client) loads when a demo runs, not on import
    from scoracle_core.replay import Replay
    from scoracle_core.worker import RunReport

__all__ = ["DEMO_FAULTS", "DemoReport", "SportFigures", "arun_demo"]

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
    end = start + timedelta(weeks=weeks)
    _fresh_sqlite(store_url)
    from scoracle_core.replay import areplay

    store = await open_store(store_url)
    try:
        replay = await areplay(
            store, start=start, end=end, sports=sports, seed=seed, faults=faults, on_day=on_day
        )
    finally:
        await store.close()
    return DemoReport(
        sports=_figures(replay),
        run=replay.run,
        store_url=store_url,
        call_retries=_call_retries(replay),
        start=start,
        end=end - timedelta(days=1),
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


def _call_retries(replay: Replay) -> dict[str, int]:
    """Failed attempts per error class: each was retried in-call."""
    counts: Counter[str] = Counter()
    for call in replay.usage:
        if call.outcome not in ("ok", "cached", "refused"):
            counts[call.outcome] += call.count
    return dict(counts)


def _figures(replay: Replay) -> dict[str, SportFigures]:
    figures: dict[str, SportFigures] = {}
    done = [r for r in replay.run.results if r.status == "completed"]
    for sport in sorted({g.sport for g in replay.games}):
        endpoints = replay.log.by_endpoint(sport=sport)
        blanket = replay.plan.estimates.get(sport, {}).get(Strategy.BLANKET, 0.0)
        figures[sport] = SportFigures(
            games=sum(1 for g in replay.games if g.sport == sport),
            seeded=len({r.game_id for r in done if r.sport == sport}),
            api_calls=sum(endpoints.values()),
            blanket_calls=round(blanket),
            endpoints=dict(endpoints),
        )
    return figures
