"""Accounting: one ApiCall per attempt, written in batches, never holding (or logging) the key."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import asyncpg
import pytest

from scoracle_core.client import ROSTER_TTL, ApiClient, ClientConfig, RetryPolicy
from scoracle_core.client.testing import Reply, ScriptedApi
from scoracle_core.clock import VirtualClock
from scoracle_core.errors import AuthError, PlanError, StoreError
from scoracle_core.model import ApiCall
from scoracle_core.store.base import Store
from scoracle_core.store.sqlite import SQLiteStore

KEY = "k-acct-98d1e0b4c3"
START = datetime(2024, 11, 10, 12, 0, tzinfo=UTC)
QUOTA_HEADERS = {
    "x-ratelimit-requests-limit": "7500",
    "x-ratelimit-requests-remaining": "7123",
    "X-RateLimit-Limit": "300",
    "X-RateLimit-Remaining": "297",
}


@pytest.fixture
async def api() -> AsyncIterator[ScriptedApi]:
    async with ScriptedApi() as server:
        yield server


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "client-accounting.db"


@pytest.fixture
async def file_store(db_path: Path) -> AsyncIterator[Store]:
    opened = await SQLiteStore.open(f"sqlite:///{db_path}")
    yield opened
    await opened.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """Each test runs on a SQLite file and on PostgreSQL."""
    found: Store = request.getfixturevalue("file_store" if request.param == "sqlite" else "pg_store")
    return found


def make(api: ScriptedApi, store: Store, **config: Any) -> ApiClient:
    cfg = ClientConfig(
        flush_interval=config.pop("flush_interval", None),
        retry=RetryPolicy(attempts=2, wait_jitter=0.0),
        **config,
    )
    return ApiClient(
        config=cfg, api_key=KEY, base_urls={"nba": api.url("/nba")}, store=store, clock=VirtualClock(START)
    )


class FlakyStore:
    """A store whose first ``record_api_calls`` fails (everything else is the real store)."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner
        self.failures = 1

    async def record_api_calls(self, calls: Sequence[ApiCall]) -> None:
        if self.failures:
            self.failures -= 1
            raise StoreError("database is locked")
        await self._inner.record_api_calls(calls)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.mark.anyio
async def test_call_is_recorded_with_its_fields(api: ScriptedApi, store: Store) -> None:
    """A successful call is one row: sport, endpoint, canonical params, status, time, quotas."""
    api.push(Reply.ok([1], headers=QUOTA_HEADERS))
    async with make(api, store) as client:
        await client.get("nba", "/games/", {"season": 2024, "date": "2024-11-06"})
    (call,) = await store.find_api_calls()
    assert (call.sport, call.endpoint, call.params) == ("nba", "games", "date=2024-11-06&season=2024")
    assert (call.status, call.error_class, call.cached) == (200, None, False)
    assert (call.quota_remaining_day, call.quota_remaining_minute) == (7123, 297)
    assert call.duration_ms > 0
    assert call.at == START


@pytest.mark.anyio
async def test_every_attempt_is_recorded_with_its_error_class(api: ScriptedApi, store: Store) -> None:
    """A retried call leaves one row per attempt; failures name their error class."""
    api.push(Reply(status=500), Reply.ok(), Reply.error("plan", "Free plans do not have access"))
    async with make(api, store) as client:
        await client.get("nba", "games")
        with pytest.raises(PlanError):
            await client.get("nba", "games")
    rows = [(c.status, c.error_class) for c in await store.find_api_calls()]
    assert rows == [(500, "TransientApiError"), (200, None), (200, "PlanError")]


@pytest.mark.anyio
async def test_records_are_written_in_batches(api: ScriptedApi, store: Store) -> None:
    """With ``flush_every=3`` nothing is written after two calls and three rows after the third."""
    async with make(api, store, flush_every=3) as client:
        await client.get("nba", "games")
        await client.get("nba", "games")
        assert await store.find_api_calls() == []
        await client.get("nba", "games")
        assert len(await store.find_api_calls()) == 3


@pytest.mark.anyio
async def test_closing_flushes_the_last_records(api: ScriptedApi, store: Store) -> None:
    """Records still buffered are written when the client closes."""
    async with make(api, store, flush_every=100) as client:
        await client.get("nba", "games")
        await client.get("nba", "games")
    assert len(await store.find_api_calls()) == 2


@pytest.mark.anyio
async def test_records_are_flushed_periodically(api: ScriptedApi, store: Store) -> None:
    """A quiet client still writes its buffer every ``flush_interval`` seconds."""
    async with make(api, store, flush_every=100, flush_interval=0.05) as client:
        await client.get("nba", "games")
        await anyio.sleep(0.3)  # real time: the flusher runs on a real-time period
        assert len(await store.find_api_calls()) == 1


@pytest.mark.anyio
async def test_failed_write_keeps_records_for_the_next_flush(api: ScriptedApi, store: Store) -> None:
    """A store failure during a batch write loses nothing: the close flush writes every row."""
    flaky = FlakyStore(store)
    client = ApiClient(
        config=ClientConfig(flush_every=2, flush_interval=None),
        api_key=KEY,
        base_urls={"nba": api.url("/nba")},
        store=flaky,
        clock=VirtualClock(START),
    )
    async with client:
        for _ in range(3):
            await client.get("nba", "games")
        assert flaky.failures == 0
    assert len(await store.find_api_calls()) == 3


@pytest.mark.anyio
async def test_no_api_key_in_logs_rows_or_cache(
    api: ScriptedApi,
    store: Store,
    request: pytest.FixtureRequest,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """After successes, retries, cache hits and an auth error, the key is nowhere to be found."""
    caplog.set_level(logging.DEBUG)
    api.push(
        Reply.ok([{"id": 1}], headers=QUOTA_HEADERS),
        Reply(status=500),
        Reply.ok(),
        Reply.error("token", f"Error/Missing application key {KEY}"),
    )
    async with make(api, store) as client:
        await client.get("nba", "players", {"team": 1, "season": 2024}, cache_ttl=ROSTER_TTL)
        await client.get("nba", "players", {"team": 1, "season": 2024}, cache_ttl=ROSTER_TTL)
        await client.get("nba", "games", {"date": "2024-11-06"})
        with pytest.raises(AuthError) as info:
            await client.get("nba", "games", {"date": "2024-11-07"})
        text = f"{client!r} {client.usage!r} {client.limiter!r} {info.value!r} {info.value}"
    assert caplog.records, "the client logs its calls"
    assert KEY not in caplog.text
    printed = capsys.readouterr()  # stamina's retry hook may print through structlog's defaults
    assert KEY not in printed.out + printed.err
    assert KEY not in text
    rows = await store.find_api_calls()
    assert len(rows) == 5
    assert all(KEY not in repr(r) for r in rows)
    dump = await dump_tables(store, request, ("api_calls", "api_cache"))
    assert "api:nba:players?" in dump  # the cached roster is in there
    assert KEY not in dump


async def dump_tables(store: Store, request: pytest.FixtureRequest, tables: Sequence[str]) -> str:
    """Every row of ``tables`` as text, read around the store (raw SQL)."""
    rows: list[object] = []
    if isinstance(store, SQLiteStore):
        with sqlite3.connect(request.getfixturevalue("db_path")) as raw:
            for table in tables:
                rows.extend(raw.execute(f"SELECT * FROM {table}"))
    else:
        conn = await asyncpg.connect(request.getfixturevalue("pg_url"))
        try:
            for table in tables:
                rows.extend(await conn.fetch(f"SELECT t::text FROM {table} t"))
        finally:
            await conn.close()
    return "\n".join(str(row) for row in rows)
