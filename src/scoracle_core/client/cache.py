"""What may be cached, under which key, until when.

Rosters are cached for a day and player profiles until invalidated (PLAN §6.3), in the store so
they survive restarts; statistics are never cached: they are the reason the call is made.
The caller opts in per call with ``cache_ttl``; this module refuses it for statistics endpoints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Final, Literal

from scoracle_core.client.envelope import params_query
from scoracle_core.errors import ConfigError

__all__ = [
    "CACHE_PREFIX",
    "FOREVER",
    "NEVER_CACHE",
    "PROFILE_TTL",
    "ROSTER_TTL",
    "CacheTTL",
    "cache_key_for",
    "check_cacheable",
    "expires_at",
]

#: ``cache_ttl=FOREVER`` keeps an entry until :meth:`ApiClient.invalidate` drops it.
FOREVER: Final = "forever"
CacheTTL = timedelta | Literal["forever"] | None

ROSTER_TTL: Final = timedelta(hours=24)
PROFILE_TTL: Final = FOREVER

#: Endpoints whose answers are statistics (every sport): ``games/statistics``,
#: ``players/statistics``, ``fixtures/statistics``, ``teams/statistics``,
#: ``games/statistics/players`` …, and football's per-game ``fixtures/players``.
NEVER_CACHE: Final[tuple[str, ...]] = (r"(^|/)statistics(/|$)", r"^fixtures/players$")

CACHE_PREFIX: Final = "api:"


def check_cacheable(endpoint: str, patterns: Sequence[str] = NEVER_CACHE) -> None:
    """Raise :class:`ConfigError` when ``endpoint`` serves statistics (never cached)."""
    for pattern in patterns:
        if re.search(pattern, endpoint):
            raise ConfigError(
                f"{endpoint!r} serves statistics, which are never cached; call it without cache_ttl"
            )


def cache_key_for(sport: str, endpoint: str, params: Mapping[str, str], custom: str | None = None) -> str:
    """``api:<sport>:<custom>`` or ``api:<sport>:<endpoint>?<canonical query>``."""
    tail = custom if custom is not None else endpoint + (f"?{params_query(params)}" if params else "")
    return f"{CACHE_PREFIX}{sport}:{tail}"


def expires_at(ttl: CacheTTL, now: datetime) -> datetime | None:
    """When an entry cached ``now`` expires; ``None`` for :data:`FOREVER`."""
    if ttl == FOREVER:
        return None
    if not isinstance(ttl, timedelta) or ttl <= timedelta(0):
        raise ConfigError(f"cache_ttl must be a positive timedelta or FOREVER, got {ttl!r}")
    return now + ttl
