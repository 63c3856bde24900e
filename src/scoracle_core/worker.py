"""The worker: claim due tasks with a lease, seed them, heartbeat, retry; ``arun_seeds()``.

The task table is the queue (ARCHITECTURE.md decision 1). A worker loops: reclaim expired
leases, claim due tasks (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), seed them while a heartbeat
keeps the lease alive, then sleep on the injected :class:`~scoracle_core.clock.Clock` until the
next task is due. Any number of workers may share one PostgreSQL store. Delivery is
at-least-once and every write is an idempotent upsert, so a crash and a re-run change nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import anyio
import attrs

from scoracle_core.clock import Clock, SystemClock
from scoracle_core.model import WorkerInfo
from scoracle_core.plugins import Sports
from scoracle_core.policy import RetryPolicy
from scoracle_core.seed import Seeder, SeedResult
from scoracle_core.seeding import Fetch
from scoracle_core.store.base import Store

__all__ = ["PAUSE_KEY", "RunReport", "Worker", "WorkerConfig"]

log = logging.getLogger(__name__)

PAUSE_KEY = "scheduler.paused"


@attrs.frozen(kw_only=True)
class WorkerConfig:
    """How a worker claims and paces work."""

    batch: int = 20  # tasks claimed at once (football batches up to 20 fixtures a call)
    lease: timedelta = timedelta(minutes=5)
    heartbeat: timedelta = timedelta(minutes=1)
    poll: timedelta = timedelta(minutes=5)  # longest sleep when nothing is due
    sport: str | None = None
    game_ids: tuple[int, ...] | None = None  # only these games' tasks (scoracle seed-game)


@attrs.frozen(kw_only=True)
class RunReport:
    """What a run did: counts, calls, latency from due time to done."""

    started_at: datetime
    finished_at: datetime
    results: tuple[SeedResult, ...] = ()

    def count(self, status: str) -> int:
        """How many task results had ``status``."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def done(self) -> int:
        """Tasks completed (all entities seeded)."""
        return self.count("completed")

    @property
    def failed(self) -> int:
        """Tasks that failed for good."""
        return self.count("failed")

    @property
    def retried(self) -> int:
        """Attempts that will be retried (transient errors or partial success)."""
        return self.count("retry") + self.count("partial")

    @property
    def snoozed(self) -> int:
        """Looks at games that were not over yet."""
        return self.count("snoozed")

    @property
    def calls(self) -> int:
        """API calls spent by the seeds."""
        return sum(r.calls for r in self.results)

    def latencies(self) -> list[float]:
        """Seconds from due time to completion of completed tasks."""
        return sorted(r.latency.total_seconds() for r in self.results if r.status == "completed")

    def latency_percentile(self, pct: float) -> float | None:
        """A latency percentile (0-100) in seconds, or ``None`` if nothing completed."""
        values = self.latencies()
        if not values:
            return None
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[max(0, min(98, round(pct) - 1))]

    def by_sport(self) -> dict[str, dict[str, int]]:
        """Counts of results per sport and status."""
        table: dict[str, Counter[str]] = defaultdict(Counter)
        for r in self.results:
            table[r.sport][r.status] += 1
            table[r.sport]["calls"] += r.calls
        return {sport: dict(counts) for sport, counts in sorted(table.items())}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "done": self.done,
            "failed": self.failed,
            "retried": self.retried,
            "snoozed": self.snoozed,
            "calls": self.calls,
            "latency_p50_s": self.latency_percentile(50),
            "latency_p99_s": self.latency_percentile(99),
            "by_sport": self.by_sport(),
        }

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in self.to_dict().items() if k != "by_sport"
        )
        return f"<table>{rows}</table>"


class Worker:
    """Claims and seeds tasks until told to stop (see :meth:`run`)."""

    def __init__(
        self,
        *,
        store: Store,
        sports: Sports,
        fetch_for: Callable[[str], Fetch],
        clock: Clock | None = None,
        config: WorkerConfig | None = None,
        policy: RetryPolicy | None = None,
        calls_made: Callable[[], int] | None = None,
        worker_id: str | None = None,
    ) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self.config = config or WorkerConfig()
        self.id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.seeder = Seeder(
            store=store,
            sports=sports,
            fetch_for=fetch_for,
            clock=self.clock,
            worker_id=self.id,
            policy=policy,
            calls_made=calls_made,
        )
        self._started = self.clock.now()
        self._stop = anyio.Event()

    def stop(self) -> None:
        """Ask the loop to finish the current batch and return."""
        self._stop.set()

    async def run(self, *, once: bool = False, until: datetime | None = None) -> RunReport:
        """Seed due tasks.

        ``once=True``: seed what is due now (repeatedly, until nothing is due) and return.
        Otherwise loop, sleeping on the clock until the next due task, until ``until`` (or
        :meth:`stop`). Returns what was done.
        """
        started = self.clock.now()
        results: list[SeedResult] = []
        await self._heartbeat("running")
        try:
            while not self._stop.is_set():
                now = self.clock.now()
                if until is not None and now >= until:
                    break
                if await self.store.get_state(PAUSE_KEY):
                    if once:
                        break
                    await self.clock.sleep_until(now + self.config.poll)
                    continue
                await self.store.reclaim_expired(now=now)
                tasks = await self.store.claim_tasks(
                    worker_id=self.id,
                    now=now,
                    lease=self.config.lease,
                    limit=self.config.batch,
                    sport=self.config.sport,
                    game_ids=self.config.game_ids,
                )
                if tasks:
                    results.extend(await self._seed(tasks))
                    continue
                if once:
                    break
                wake = await self._next_wake(now, until)
                await self.clock.sleep_until(wake)
                await self._heartbeat("running")
        finally:
            await self._heartbeat("stopped")
        return RunReport(started_at=started, finished_at=self.clock.now(), results=tuple(results))

    async def _seed(self, tasks: Sequence[Any]) -> list[SeedResult]:
        """Seed one claimed batch while a heartbeat keeps its leases alive."""
        results: list[SeedResult] = []
        async with anyio.create_task_group() as group:
            group.start_soon(self._keep_leases, [t.id for t in tasks])
            try:
                results = await self.seeder.run(tasks)
            finally:
                group.cancel_scope.cancel()
        return results

    async def _keep_leases(self, task_ids: list[int]) -> None:
        while True:
            await anyio.sleep(self.config.heartbeat.total_seconds())
            until = self.clock.now() + self.config.lease
            for task_id in task_ids:
                await self.store.extend_lease(task_id, worker_id=self.id, until=until)
            await self._heartbeat("running")

    async def _next_wake(self, now: datetime, until: datetime | None) -> datetime:
        wake = now + self.config.poll
        next_due = await self.store.next_eligible_at(sport=self.config.sport)
        if next_due is not None:
            wake = min(wake, max(next_due, now))
        if until is not None:
            wake = min(wake, until)
        return wake

    async def _heartbeat(self, status: str) -> None:
        await self.store.heartbeat(
            WorkerInfo(
                id=self.id,
                host=socket.gethostname(),
                pid=os.getpid(),
                started_at=self._started,
                heartbeat_at=self.clock.now(),
                status=status,
            )
        )
