"""Store errors say what went wrong and where, in one line, without secrets or driver noise."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import anyio
import asyncpg
import pytest

from scoracle_core.errors import ConfigError, StoreUnavailable
from scoracle_core.store import open_store
from scoracle_core.store.postgres import PostgresStore
from scoracle_core.store.sqlite import SQLiteStore

pytestmark = pytest.mark.anyio


async def test_unknown_url_scheme_is_a_config_error() -> None:
    """An unknown scheme raises ConfigError naming it and the URLs that work."""
    with pytest.raises(ConfigError) as caught:
        await open_store("mysql://root:hunter2@db.example/scoracle")
    message = str(caught.value)
    assert "'mysql'" in message
    assert "sqlite:///" in message
    assert "hunter2" not in message


async def test_unreachable_postgres_raises_store_unavailable() -> None:
    """A server that refuses the connection gives StoreUnavailable: masked URL and reason, one line."""
    url = "postgresql://scoracle:hunter2@127.0.0.1:1/scoracle"
    with pytest.raises(StoreUnavailable) as caught:
        await open_store(url)
    message = str(caught.value)
    assert "postgresql://scoracle:***@127.0.0.1:1/scoracle" in message
    assert "connection refused" in message
    assert "hunter2" not in message
    assert "\n" not in message


async def test_bad_postgres_port_is_a_config_error() -> None:
    """A malformed PostgreSQL URL raises ConfigError, not a driver ValueError."""
    with pytest.raises(ConfigError, match="bad PostgreSQL URL") as caught:
        await open_store("postgresql://scoracle:hunter2@127.0.0.1:notaport/db")
    assert "hunter2" not in str(caught.value)


async def test_sqlite_in_missing_directory_raises_store_unavailable(tmp_path: Path) -> None:
    """A SQLite path in a directory that does not exist gives StoreUnavailable naming it."""
    with pytest.raises(StoreUnavailable, match="does not exist") as caught:
        await open_store(f"sqlite:///{tmp_path}/missing/scoracle.db")
    assert str(tmp_path / "missing") in str(caught.value)


async def test_malformed_sqlite_url_is_a_config_error() -> None:
    """A SQLite URL with a host or without a path raises ConfigError."""
    for url in ("sqlite://host/scoracle.db", "sqlite:///", "sqlite:///x.db?journal=off"):
        with pytest.raises(ConfigError, match="SQLite URL"):
            await SQLiteStore.open(url)


@pytest.mark.postgres
async def test_wrong_password_raises_store_unavailable(pg_url: str) -> None:
    """Failed authentication gives StoreUnavailable with the server's reason and no password."""
    parts = urlsplit(pg_url)
    url = parts._replace(
        netloc=f"{parts.username}:wrong-secret@{parts.hostname}:{parts.port or 5432}"
    ).geturl()
    with pytest.raises(StoreUnavailable, match="authentication failed") as caught:
        await PostgresStore.open(url)
    assert "wrong-secret" not in str(caught.value)


@pytest.mark.postgres
async def test_missing_database_raises_store_unavailable(pg_url: str) -> None:
    """A database that does not exist gives StoreUnavailable saying so."""
    url = urlsplit(pg_url)._replace(path="/scoracle_no_such_database").geturl()
    with pytest.raises(StoreUnavailable, match='"scoracle_no_such_database" does not exist'):
        await PostgresStore.open(url)


@pytest.mark.postgres
async def test_lost_connection_raises_store_unavailable(pg_url: str) -> None:
    """A connection the server drops under a transaction gives StoreUnavailable; later calls reconnect."""
    store = await PostgresStore.open(pg_url)

    async def lose_the_connection_in_a_transaction() -> None:
        async with store.transaction():
            await store.list_teams()
            await _terminate_other_backends(pg_url)
            await anyio.sleep(0.1)  # let the client read the server's goodbye
            await store.list_teams()

    try:
        with pytest.raises(StoreUnavailable, match="lost the connection"):
            await lose_the_connection_in_a_transaction()
        assert await store.list_teams() == []
    finally:
        await store.close()


async def _terminate_other_backends(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await conn.close()
