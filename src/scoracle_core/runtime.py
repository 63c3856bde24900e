"""Composition helpers for hosts (CLI, notebooks, services): plugins + store + resolvers.

Everything here is explicit: a caller opens what it needs and passes it on.
"""

from __future__ import annotations

import os
from pathlib import Path

from scoracle_core.plugins import Sports
from scoracle_core.store.base import Store
from scoracle_core.teams import TeamResolver, load_overrides

__all__ = ["ALIASES_ENV", "overrides_path", "resolver_for"]

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
