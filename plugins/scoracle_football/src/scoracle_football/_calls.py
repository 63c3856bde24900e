"""Call plumbing shared by the strategies: counting calls, naming requests, fatal errors."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from scoracle_core.errors import ApiError, AuthError, PlanError, QuotaExhausted, RateLimited
from scoracle_core.seeding import Fetch

__all__ = ["PAGE_SIZE", "Meter", "describe", "is_fatal"]

#: ``players`` pages hold 20 items (API_FACTS §2.1).
PAGE_SIZE: Final = 20


def describe(endpoint: str, params: Mapping[str, str | int]) -> str:
    """``fixtures?id=1208123``: how a request is named in errors and logs (never a credential)."""
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{endpoint}?{query}" if query else endpoint


def is_fatal(error: ApiError) -> bool:
    """Whether an error concerns every call of the seed, not one entity.

    A spent quota, a refused key or plan and a rate limit the client could not absorb concern
    every call (:meth:`Meter.must_raise` decides what a spent quota does to the seed); anything
    else (a provider hiccup on one call, a parameter refused for one player) concerns only the
    entity or game the call was for.
    """
    return isinstance(error, QuotaExhausted | AuthError | PlanError | RateLimited)


class Meter:
    """A :class:`~scoracle_core.seeding.Fetch` for one ``seed`` call, counting its calls.

    Counts every request issued, failed ones included; a ``cache_ttl`` request counts too (the
    client may answer it from its cache, which this side cannot see). ``pages`` counts one call
    per 20 items returned (at least one), which is what the paging costs.

    Once the daily quota is spent, no further request is sent: every later call raises the same
    :class:`QuotaExhausted` at once, so the answers already in hand are kept (see
    :meth:`must_raise`) and nothing more is spent.
    """

    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch
        self.calls = 0
        self.answered = 0
        self.exhausted: QuotaExhausted | None = None

    async def get(
        self, endpoint: str, params: Mapping[str, str | int], *, cache_ttl: timedelta | None = None
    ) -> Any:
        """The ``response`` of one call."""
        self._check()
        self.calls += 1
        try:
            value = await self._fetch(endpoint, params, cache_ttl=cache_ttl)
        except QuotaExhausted as exc:
            self.exhausted = exc
            raise
        self.answered += 1
        return value

    async def pages(self, endpoint: str, params: Mapping[str, str | int]) -> list[Any]:
        """Every page of a paged endpoint, concatenated."""
        self._check()
        try:
            items = await self._fetch.pages(endpoint, params)
        except ApiError as exc:
            self.calls += 1
            if isinstance(exc, QuotaExhausted):
                self.exhausted = exc
            raise
        self.calls += max(1, math.ceil(len(items) / PAGE_SIZE))
        self.answered += 1
        return items

    def _check(self) -> None:
        if self.exhausted is not None:
            raise self.exhausted

    def must_raise(self, error: ApiError, *, covers_all: bool) -> bool:
        """Whether ``seed`` raises ``error``, rather than failing only what the call was for.

        A spent quota is raised only while nothing has been answered (the core then gives the
        tasks back until the reset); afterwards the answers are kept and the rest fails. Other
        fatal errors are always raised; any other error only when its call covered every target.
        """
        if isinstance(error, QuotaExhausted):
            return self.answered == 0
        return is_fatal(error) or covers_all

    def take(self) -> int:
        """The calls counted since the last ``take``."""
        calls, self.calls = self.calls, 0
        return calls
