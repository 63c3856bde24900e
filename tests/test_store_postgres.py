"""The PostgreSQL store: the contract suite, plus what only a server can show."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import asyncpg
import pytest

from scoracle_core.errors import MigrationError
from scoracle_core.model import TaskStatus
from scoracle_core.store.base import Store
from scoracle_core.store.postgres import PostgresStore
from scoracle_core.testing.store_contract import T0, StoreContract, add_tasks

pytestmark = [pytest.mark.postgres, pytest.mark.anyio]


class TestPostgresStore(StoreContract):
    """The contract, on a PostgreSQL database emptied for each test."""

    @pytest.fixture
    def store(self, pg_store: PostgresStore) -> Store:
        return pg_store


async def test_url_masks_the_password(pg_store: PostgresStore, pg_url: str) -> None:
    """The store's url never shows the password."""
    password = urlsplit(pg_url).password
    if password:
        assert f":{password}@" not in pg_store.url
        assert ":***@" in pg_store.url


async def test_pool_size_comes_from_the_url(pg_url: str) -> None:
    """pool_max in the URL bounds the pool; the parameter is not passed to the server."""
    store = await PostgresStore.open(f"{pg_url}?pool_min=1&pool_max=2&connect_timeout=5")
    try:
        assert store._pool is not None
        assert store._pool.get_max_size() == 2
        assert await store.schema_version() >= 1
    finally:
        await store.close()


@pytest.mark.usefixtures("pg_store")  # a migrated, emptied database
async def test_database_newer_than_code_is_refused(pg_url: str) -> None:
    """A database at a schema version this code does not know raises MigrationError on open."""
    conn = await asyncpg.connect(pg_url)
    try:
        await conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', now())")
        with pytest.raises(MigrationError, match="999"):
            await PostgresStore.open(pg_url)
    finally:
        await conn.execute("DELETE FROM schema_migrations WHERE version = 999")
        await conn.close()


# Plans in which the claim's subquery is rescanned per row: with SKIP LOCKED a rescan skips the
# rows the statement has just updated and picks others, so a careless claim takes more than its
# limit. The planner chooses such plans on its own for some table statistics.
_RESCANNING_PLANNER = (
    "enable_hashagg=off&enable_hashjoin=off&enable_mergejoin=off&enable_material=off&enable_sort=off"
)


@pytest.mark.usefixtures("pg_store")  # a migrated, emptied database
async def test_claim_never_exceeds_its_limit_whatever_the_plan(pg_url: str) -> None:
    """claim_tasks takes at most ``limit`` tasks even when the planner rescans its subquery."""
    store = await PostgresStore.open(f"{pg_url}?{_RESCANNING_PLANNER}", migrate=False)
    try:
        await add_tasks(store, [T0] * 6)
        claimed = await store.claim_tasks(worker_id="w", now=T0, lease=timedelta(minutes=5), limit=2)
        assert len(claimed) == 2
        assert (await store.count_tasks())[TaskStatus.RUNNING] == 2
    finally:
        await store.close()
