"""Stores: where Scoracle keeps its state. :func:`open_store` picks one by URL.

* ``sqlite:///path/to/file.db`` (relative path), ``sqlite:////abs/path.db``, ``sqlite:///:memory:``
* ``postgresql://user:pass@host:5432/db`` (also ``postgres://``)

The default URL is ``$SCORACLE_STORE``, else ``sqlite:///scoracle.db``.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from scoracle_core.errors import ConfigError
from scoracle_core.store.base import GameQuery, Store, TaskOutcome, TaskQuery, TaskUpsertResult

__all__ = [
    "DEFAULT_STORE_URL",
    "GameQuery",
    "Store",
    "TaskOutcome",
    "TaskQuery",
    "TaskUpsertResult",
    "default_store_url",
    "mask_url",
    "open_store",
]

DEFAULT_STORE_URL = "sqlite:///scoracle.db"


def default_store_url() -> str:
    """``$SCORACLE_STORE`` if set, else ``sqlite:///scoracle.db``."""
    return os.environ.get("SCORACLE_STORE") or DEFAULT_STORE_URL


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (safe to log)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


async def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open the store at ``url`` (default :func:`default_store_url`) and apply migrations.

    Raises :class:`ConfigError` for an unknown scheme and
    :class:`~scoracle_core.errors.StoreUnavailable` when the database cannot be reached.
    Close it with ``await store.close()`` (or ``async with``-free code in a ``try/finally``).
    """
    url = url or default_store_url()
    scheme = urlsplit(url).scheme.lower()
    if scheme == "sqlite":
        from scoracle_core.store.sqlite import SQLiteStore

        return await SQLiteStore.open(url, migrate=migrate)
    if scheme in {"postgresql", "postgres"}:
        from scoracle_core.store.postgres import PostgresStore

        return await PostgresStore.open(url, migrate=migrate)
    raise ConfigError(
        f"unknown store URL scheme {scheme or '(none)'!r} in {mask_url(url)!r}; "
        "use sqlite:///path.db, sqlite:///:memory: or postgresql://user@host/db"
    )
