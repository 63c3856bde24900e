"""Fixtures shared by the core's tests: the async backend and the two stores.

PostgreSQL tests use the server at ``$SCORACLE_TEST_PG`` (default: a local ``scoracle_test``
database). The session gets a fresh database of its own, dropped at the end; each test gets an
emptied one. Without a server the PostgreSQL tests are skipped — or fail when ``CI=true``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import anyio
import asyncpg
import pytest

from scoracle_core.store import mask_url
from scoracle_core.store.postgres import PostgresStore
from scoracle_core.store.sqlite import SQLiteStore

DEFAULT_TEST_PG = "postgresql://scoracle:scoracle@127.0.0.1:5432/scoracle_test"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """Async tests run on asyncio (asyncpg and aiosqlite need it)."""
    return "asyncio"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The URL of a fresh PostgreSQL database for this test session (dropped afterwards)."""
    server_url = os.environ.get("SCORACLE_TEST_PG", DEFAULT_TEST_PG)
    try:
        url, created = anyio.run(_create_session_database, server_url)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        message = f"PostgreSQL is not reachable at {mask_url(server_url)}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    yield url
    if created:
        anyio.run(_drop_database, server_url, urlsplit(url).path.lstrip("/"))


async def _create_session_database(server_url: str) -> tuple[str, bool]:
    """Create ``<db>_<random>`` next to the server URL's database; fall back to that database
    itself when the role may not create databases."""
    conn = await asyncpg.connect(server_url, timeout=5)
    try:
        base = urlsplit(server_url).path.lstrip("/") or "scoracle_test"
        name = f"{base}_{uuid.uuid4().hex[:8]}"
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        except asyncpg.InsufficientPrivilegeError:
            return server_url, False
    finally:
        await conn.close()
    return urlsplit(server_url)._replace(path=f"/{name}").geturl(), True


async def _drop_database(server_url: str, name: str) -> None:
    conn = await asyncpg.connect(server_url, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


# Deletes every row of every table but the migration log, in one round trip.
_EMPTY_DATABASE = """
DO $$
DECLARE name text;
BEGIN
    FOR name IN SELECT quote_ident(tablename) FROM pg_tables
                WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'
    LOOP
        EXECUTE 'DELETE FROM ' || name;
    END LOOP;
END $$
"""


@pytest.fixture
async def sqlite_store() -> AsyncIterator[SQLiteStore]:
    """A migrated in-memory SQLite store."""
    store = await SQLiteStore.open("sqlite:///:memory:")
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
async def pg_store(pg_url: str) -> AsyncIterator[PostgresStore]:
    """A migrated PostgreSQL store on an emptied database."""
    store = await PostgresStore.open(pg_url)
    try:
        assert store._pool is not None  # test set-up may use the pool directly: no second connection
        async with store._pool.acquire() as conn:
            await conn.execute(_EMPTY_DATABASE)
        yield store
    finally:
        await store.close()
