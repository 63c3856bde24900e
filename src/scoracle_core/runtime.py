"""Composition helpers for hosts (CLI, notebooks, services): plugins + store + resolvers.

Everything here is explicit: a caller opens what it needs and passes it on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoracle_core.client.accounting import CACHED, REFUSED
from scoracle_core.plugins import Sports
from scoracle_core.seeding import Fetch
from scoracle_core.store.base import Store
from scoracle_core.teams import TeamResolver, load_overrides

if TYPE_CHECKING:
    from scoracle_core.client import ApiClient

__all__ = ["ALIASES_ENV", "ClientFetch", "fetch_for", "overrides_path", "requests_made", "resolver_for"]

ALIASES_ENV = "SCORACLE_TEAM_ALIASES"


def overrides_path() -> Path | None:
    """The user's alias-override TOML: ``$SCORACLE_TEAM_ALIASES``, else ``./scoracle-aliases.toml``
    if it exists, else ``None``."""
    env = os.environ.get(ALIASES_ENV)
    if env:
        return Path(env)
    default = Path("scoracle-aliases.toml")
    return default if default.exists() else None


async def resolver_for(
    sports: Sports, sport: str, *, store: Store | None = None, overrides_file: Path | None = None
) -> TeamResolver:
    """A resolver for ``sport`` with the user's overrides (TOML file, then store table) applied."""
    adapter = sports.get(sport)
    overrides: list[tuple[str, str, str | None]] = []
    path = overrides_file if overrides_file is not None else overrides_path()
    if path is not None:
        overrides.extend(load_overrides(path).get(adapter.key, []))
    if store is not None:
        overrides.extend(await store.list_team_aliases(adapter.key))
    return TeamResolver(adapter.catalog(), overrides=overrides)


class ClientFetch:
    """The :class:`~scoracle_core.seeding.Fetch` a sport plugin sees: the client bound to a sport."""

    def __init__(self, client: ApiClient, sport: str) -> None:
        self._client = client
        self._sport = sport

    async def __call__(
        self, endpoint: str, params: Mapping[str, str | int], *, cache_ttl: timedelta | None = None
    ) -> Any:
        """The ``response`` of one call (cached when ``cache_ttl`` is given)."""
        envelope = await self._client.get(self._sport, endpoint, params, cache_ttl=cache_ttl)
        return envelope.response

    async def pages(self, endpoint: str, params: Mapping[str, str | int]) -> list[Any]:
        """Every page of a paged endpoint, concatenated."""
        envelope = await self._client.get_all_pages(self._sport, endpoint, params)
        return envelope.items


def fetch_for(client: ApiClient) -> Callable[[str], Fetch]:
    """A factory of per-sport :class:`ClientFetch` views of ``client``."""
    return lambda sport: ClientFetch(client, sport)


def requests_made(client: ApiClient) -> Callable[[], int]:
    """A counter of the requests ``client`` actually sent (cache hits and refusals excluded)."""
    return lambda: (
        client.usage.total() - client.usage.total(outcome=CACHED) - client.usage.total(outcome=REFUSED)
    )
