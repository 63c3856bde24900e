"""The SQLite store: the contract suite, plus what only a file on disk can show."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from scoracle_core.errors import MigrationError
from scoracle_core.model import Team
from scoracle_core.store.base import Store
from scoracle_core.store.sqlite import SQLiteStore
from scoracle_core.testing.store_contract import StoreContract

pytestmark = pytest.mark.anyio


class TestSQLiteStore(StoreContract):
    """The contract, on an in-memory database."""

    @pytest.fixture
    def store(self, sqlite_store: SQLiteStore) -> Store:
        return sqlite_store


def file_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'scoracle.db'}"


async def test_file_store_keeps_data_across_reopen(tmp_path: Path) -> None:
    """Data written to a file store is there after closing and reopening it."""
    store = await SQLiteStore.open(file_url(tmp_path))
    await store.upsert_teams([Team(id="nba:bos", sport="nba", name="Boston Celtics")])
    await store.close()
    store = await SQLiteStore.open(file_url(tmp_path))
    try:
        assert [t.id for t in await store.list_teams()] == ["nba:bos"]
    finally:
        await store.close()


async def test_reopening_does_not_reapply_migrations(tmp_path: Path) -> None:
    """Opening an up-to-date file store leaves its migration log as it was."""
    store = await SQLiteStore.open(file_url(tmp_path))
    await store.close()
    before = _migration_log(tmp_path)
    store = await SQLiteStore.open(file_url(tmp_path))
    await store.close()
    assert _migration_log(tmp_path) == before
    assert [version for version, _ in before] == [1]


async def test_file_store_uses_wal(tmp_path: Path) -> None:
    """A file store runs in WAL mode."""
    store = await SQLiteStore.open(file_url(tmp_path))
    await store.close()
    with sqlite3.connect(tmp_path / "scoracle.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


async def test_relative_path_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sqlite:///name.db opens name.db in the current directory."""
    monkeypatch.chdir(tmp_path)
    store = await SQLiteStore.open("sqlite:///relative.db")
    await store.close()
    assert (tmp_path / "relative.db").exists()


async def test_open_without_migrate_leaves_database_empty(tmp_path: Path) -> None:
    """migrate=False opens the file without creating the schema."""
    store = await SQLiteStore.open(file_url(tmp_path), migrate=False)
    try:
        assert await store.schema_version() == 0
    finally:
        await store.close()


async def test_database_newer_than_code_is_refused(tmp_path: Path) -> None:
    """A database at a schema version this code does not know raises MigrationError on open."""
    store = await SQLiteStore.open(file_url(tmp_path))
    await store.close()
    with sqlite3.connect(tmp_path / "scoracle.db") as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (999, 'future', '2099-01-01T00:00:00+00:00')")
    conn.close()
    with pytest.raises(MigrationError, match="999"):
        await SQLiteStore.open(file_url(tmp_path))


def _migration_log(tmp_path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(tmp_path / "scoracle.db") as conn:
        rows = conn.execute("SELECT version, applied_at FROM schema_migrations ORDER BY version").fetchall()
    conn.close()
    return [(int(v), str(a)) for v, a in rows]
