"""Concurrent claimers never share a task and never lose one."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import anyio
import pytest

from scoracle_core.model import Game, SeedTask, TaskStatus
from scoracle_core.store.base import Store, TaskQuery
from scoracle_core.store.postgres import PostgresStore
from scoracle_core.store.sqlite import SQLiteStore

pytestmark = pytest.mark.anyio

TASKS = 1000
CLAIMERS = 4
BATCH = 7
T0 = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)


async def plan_due_tasks(store: Store, count: int) -> set[int]:
    """``count`` games, each with a task due now; return the task ids."""
    games = await store.upsert_games(
        [
            Game(
                sport="nba",
                league="standard",
                season=2024,
                home_team_id=f"nba:h{i}",
                away_team_id="nba:away",
                start_at=T0 - timedelta(hours=3, seconds=i),
            )
            for i in range(count)
        ]
    )
    await store.upsert_tasks(
        [
            SeedTask(
                game_id=g.id, sport="nba", league="standard", season=2024, due_at=g.start_at, priority=i % 3
            )
            for i, g in enumerate(games)
            if g.id is not None
        ]
    )
    return {t.id for t in await store.find_tasks(TaskQuery()) if t.id is not None}


async def claim_until_empty(store: Store, worker_id: str, claimed: list[int]) -> None:
    """Claim small batches until nothing due is left."""
    while batch := await store.claim_tasks(
        worker_id=worker_id, now=T0, lease=timedelta(minutes=5), limit=BATCH
    ):
        claimed.extend(t.id for t in batch if t.id is not None)
        await anyio.lowlevel.checkpoint()


def assert_each_claimed_once(planned: set[int], claims: dict[str, list[int]]) -> None:
    every_claim = [task_id for ids in claims.values() for task_id in ids]
    duplicates = [task_id for task_id, n in Counter(every_claim).items() if n > 1]
    assert duplicates == []
    assert set(every_claim) == planned


@pytest.mark.postgres
async def test_postgres_claimers_in_four_pools_take_each_task_once(
    pg_store: PostgresStore, pg_url: str
) -> None:
    """Four stores (four pools) claiming concurrently get every due task exactly once."""
    planned = await plan_due_tasks(pg_store, TASKS)
    claims: dict[str, list[int]] = {f"worker-{i}": [] for i in range(CLAIMERS)}
    stores = [await PostgresStore.open(f"{pg_url}?pool_max=2", migrate=False) for _ in range(CLAIMERS)]
    try:
        async with anyio.create_task_group() as tg:
            for store, (worker_id, claimed) in zip(stores, claims.items(), strict=True):
                tg.start_soon(claim_until_empty, store, worker_id, claimed)
    finally:
        for store in stores:
            await store.close()
    assert_each_claimed_once(planned, claims)
    counts = await pg_store.count_tasks()
    assert (counts[TaskStatus.RUNNING], counts[TaskStatus.PENDING]) == (TASKS, 0)


async def test_sqlite_claimers_sharing_a_store_take_each_task_once(sqlite_store: SQLiteStore) -> None:
    """Four tasks claiming concurrently from one SQLite store get every due task exactly once."""
    planned = await plan_due_tasks(sqlite_store, TASKS)
    claims: dict[str, list[int]] = {f"worker-{i}": [] for i in range(CLAIMERS)}
    async with anyio.create_task_group() as tg:
        for worker_id, claimed in claims.items():
            tg.start_soon(claim_until_empty, sqlite_store, worker_id, claimed)
    assert_each_claimed_once(planned, claims)
    counts = await sqlite_store.count_tasks()
    assert (counts[TaskStatus.RUNNING], counts[TaskStatus.PENDING]) == (TASKS, 0)
